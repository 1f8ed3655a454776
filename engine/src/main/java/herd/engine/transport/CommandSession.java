package herd.engine.transport;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One of herd's command sessions on a host: {@code session.py} run by the host's python3, as the
 * login user or through sudo as a become user, that runs one command after another as
 * {@code /bin/sh -c SCRIPT} and sends back its output, exit code and end (the protocol is in the
 * program's header). A step then costs a fork on the host instead of a new SSH channel, a new login
 * shell and a new sudo.
 */
final class CommandSession implements AutoCloseable {
    static final String PROGRAM = program();
    private static final byte[] GO = "\0herd-go\n".getBytes(StandardCharsets.US_ASCII);
    private static final String BANNER = "herd-session 1";
    /** What sudo writes on its standard error when the password it read is wrong. */
    private static final String[] REFUSALS = {"Sorry, try again", "incorrect password", "Authentication failure"};

    /** How long past its timeout a command's end may take to arrive before the session is given up. */
    static final Duration OVERDUE = Duration.ofSeconds(10);

    private final Transport.Running process;
    private final DataInputStream out;
    private final OutputStream in;
    private volatile boolean broken;

    private CommandSession(Transport.Running process) {
        this.process = process;
        this.out = new DataInputStream(process.stdout());
        this.in = process.stdin();
    }

    /** The command line that starts a session with the given launcher (empty, or sudo's words ending in "-- "). */
    static String launch(String launcher) {
        return launcher + "python3 -I -S -c '" + PROGRAM.replace("'", "'\"'\"'") + "'";
    }

    /**
     * Starts a session; empty when the host cannot keep one (no python3, sudo refused or asked for a
     * password it was not given, a wrong password, no answer within {@code limit}), and then the
     * caller runs its commands as before, which gives the host's own words for what went wrong.
     */
    static Optional<CommandSession> start(Transport transport, String launcher, byte[] launchInput, Duration limit)
            throws UnreachableException {
        Optional<Transport.Running> started = transport.start(launch(launcher));
        if (started.isEmpty()) {
            return Optional.empty();
        }
        Transport.Running process = started.get();
        CompletableFuture<Boolean> ready = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> watchErrors(process.stderr(), ready));
        CommandSession session = new CommandSession(process);
        Thread.ofVirtual().start(() -> ready.complete(session.banner()));
        try {
            if (launchInput.length > 0) {
                session.in.write(launchInput);
                session.in.flush();
            }
            if (ready.get(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                session.in.write(GO);
                session.in.flush();
                return Optional.of(session);
            }
        } catch (IOException | ExecutionException | TimeoutException e) {
            // no session: the caller's way works as before
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        session.close();
        return Optional.empty();
    }

    /** Reads the program's first line: true when it is the banner. */
    private boolean banner() {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        try {
            for (int b = out.read(); b >= 0 && b != '\n' && line.size() < 64; b = out.read()) {
                line.write(b);
            }
        } catch (IOException e) {
            return false;
        }
        return line.toString(StandardCharsets.US_ASCII).equals(BANNER);
    }

    /** Drains the session's own error output; sudo refusing the password ends the wait for the banner. */
    private static void watchErrors(InputStream err, CompletableFuture<Boolean> ready) {
        byte[] chunk = new byte[4096];
        StringBuilder seen = new StringBuilder();
        try (err) {
            int n;
            while ((n = err.read(chunk)) >= 0) {
                if (ready.isDone()) {
                    continue;
                }
                seen.append(new String(chunk, 0, n, StandardCharsets.UTF_8));
                for (String refusal : REFUSALS) {
                    if (seen.indexOf(refusal) >= 0) {
                        ready.complete(false);
                    }
                }
                if (seen.length() > 8192) {
                    seen.delete(0, seen.length() - 256);
                }
            }
        } catch (IOException ignored) {
            // the channel closed
        }
    }

    /**
     * Runs a script and waits for its end; the timeout is kept by the program on the host, which
     * kills the script's process group when it passes.
     *
     * @throws Broken the session ended (the connection dropped or closed): the script may have run
     */
    ExecResult run(String script, byte[] stdin, Optional<Duration> timeout) throws Broken {
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        // a host that keeps the connection but stops answering (its session program stopped) still
        // ends the command: the session closes a while after the timeout, as a channel's would
        java.util.concurrent.atomic.AtomicBoolean overdue = new java.util.concurrent.atomic.AtomicBoolean();
        Thread watchdog = timeout.map(t -> Thread.ofVirtual().start(() -> {
            try {
                Thread.sleep(t.plus(OVERDUE));
                overdue.set(true);
                process.close();
            } catch (InterruptedException e) {
                // the command ended in time
            }
        })).orElse(null);
        try {
            return run(script, stdin, timeout, stdout, stderr);
        } catch (IOException e) {
            broken = true;
            if (overdue.get()) {
                return new ExecResult(-1, Output.text(stdout.toByteArray()), Output.text(stderr.toByteArray()), true,
                        stdout.toByteArray(), stderr.toByteArray());
            }
            throw new Broken(e, Output.text(stdout.toByteArray()), Output.text(stderr.toByteArray()));
        } finally {
            if (watchdog != null) {
                watchdog.interrupt();
            }
        }
    }

    /** The session broke off during a command; what the command wrote until then. */
    static final class Broken extends Exception {
        final String stdout;
        final String stderr;

        Broken(IOException cause, String stdout, String stderr) {
            super(cause.getMessage(), cause, false, false);
            this.stdout = stdout;
            this.stderr = stderr;
        }
    }

    private ExecResult run(String script, byte[] stdin, Optional<Duration> timeout, ByteArrayOutputStream stdout,
                           ByteArrayOutputStream stderr) throws IOException {
        if (broken) {
            throw new IOException("the command session has ended");
        }
        broken = true; // until the whole answer is read
        byte[] text = script.getBytes(StandardCharsets.UTF_8);
        long millis = timeout.map(t -> Math.max(1, Math.min(t.toMillis(), 0xFFFF_FFFFL))).orElse(0L);
        ByteBuffer head = ByteBuffer.allocate(12).putInt(text.length).putInt(stdin.length).putInt((int) millis);
        in.write(head.array());
        in.write(text);
        in.write(stdin);
        in.flush();
        while (true) {
            int kind = out.read();
            switch (kind) {
                case 'O' -> stdout.write(chunk());
                case 'E' -> stderr.write(chunk());
                case 'X' -> {
                    int rc = out.readInt();
                    boolean timedOut = out.readUnsignedByte() == 1;
                    byte[] signal = new byte[out.readUnsignedByte()];
                    out.readFully(signal);
                    broken = false;
                    String err = Output.text(stderr.toByteArray());
                    if (signal.length > 0 && !timedOut) {
                        err = (err.isEmpty() ? "" : err + "\n") + "killed by signal "
                                + new String(signal, StandardCharsets.US_ASCII);
                    }
                    return new ExecResult(rc, Output.text(stdout.toByteArray()), err, timedOut,
                            stdout.toByteArray(), stderr.toByteArray());
                }
                case -1 -> throw new EOFException("the command session ended during the command");
                default -> throw new IOException("the command session sent " + kind + ", not a frame");
            }
        }
    }

    private byte[] chunk() throws IOException {
        int length = out.readInt();
        if (length < 0 || length > 1 << 20) {
            throw new IOException("the command session sent a frame of " + length + " bytes");
        }
        byte[] data = new byte[length];
        out.readFully(data);
        return data;
    }

    /** False once a command's answer broke off or the channel closed: the session is not used again. */
    boolean usable() {
        return !broken && process.isOpen();
    }

    String where() {
        return process.where();
    }

    @Override
    public void close() {
        broken = true;
        process.close();
    }

    private static String program() {
        try (InputStream in = CommandSession.class.getResourceAsStream("session.py")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("herd's session.py is missing from its jar", e);
        }
    }
}
