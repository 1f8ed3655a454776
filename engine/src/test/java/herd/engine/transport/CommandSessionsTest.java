package herd.engine.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import herd.engine.transport.local.LocalTransport;

/**
 * Command sessions with herd's real session program, run by this machine's python3: the transport
 * under them runs its commands and sessions as local processes, as sshd would run them on a host.
 */
@Timeout(120) // a hang guard only: a session that never answers would otherwise block the build
class CommandSessionsTest {
    @TempDir
    Path dir;

    private final Local local = new Local();
    private final CommandSessions sessions = new CommandSessions(Duration.ofSeconds(60));
    private final Transport transport = sessions.wrap(local);

    @AfterEach
    void close() {
        transport.close();
    }

    /** Runs commands through /bin/sh on this machine; counts what runs on a channel of its own and what starts sessions. */
    static final class Local implements Transport {
        final LocalTransport shell = new LocalTransport();
        final AtomicInteger channels = new AtomicInteger();
        final AtomicInteger starts = new AtomicInteger();
        final List<Process> processes = new ArrayList<>();

        @Override
        public void connect() {
        }

        @Override
        public ExecResult exec(ExecRequest request) throws UnreachableException {
            channels.incrementAndGet();
            return shell.exec(request);
        }

        @Override
        public Optional<Running> start(String command) throws UnreachableException {
            starts.incrementAndGet();
            Process p;
            try {
                p = new ProcessBuilder("/bin/sh", "-c", command).start();
            } catch (IOException e) {
                throw new UnreachableException(e.getMessage());
            }
            synchronized (processes) {
                processes.add(p);
            }
            return Optional.of(new Running() {
                @Override
                public OutputStream stdin() {
                    return p.getOutputStream();
                }

                @Override
                public InputStream stdout() {
                    return p.getInputStream();
                }

                @Override
                public InputStream stderr() {
                    return p.getErrorStream();
                }

                @Override
                public boolean isOpen() {
                    return p.isAlive();
                }

                @Override
                public String where() {
                    return "localhost:22";
                }

                /** As a closed channel: the program's input ends, and so do its output streams. */
                @Override
                public void close() {
                    try {
                        p.getOutputStream().close();
                    } catch (IOException ignored) {
                        // already closed
                    }
                    p.descendants().forEach(ProcessHandle::destroyForcibly);
                    p.destroyForcibly();
                }
            });
        }

        @Override
        public void put(String path, byte[] content, int mode) {
            throw new UnsupportedOperationException();
        }

        @Override
        public byte[] fetch(String path) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void close() {
            synchronized (processes) {
                processes.forEach(Process::destroyForcibly);
            }
        }
    }

    private ExecResult run(String launcher, String script) throws UnreachableException {
        return run(launcher, script, new byte[0], 0, Optional.empty());
    }

    /** As herd's Sudo builds it: the full command for a channel, and its parts for a session. */
    private ExecResult run(String launcher, String script, byte[] stdin, int launchInput, Optional<Duration> timeout)
            throws UnreachableException {
        String command = launcher + "/bin/sh -c '" + script.replace("'", "'\"'\"'") + "'";
        return transport.exec(new ExecRequest(command, Optional.of(stdin), timeout,
                Optional.of(new ExecRequest.Session(launcher, script, launchInput))));
    }

    @Test
    void commandsOfOneUserRunOneAfterAnotherInOneSession() throws Exception {
        ExecResult first = run("", "echo $PPID; echo to-stderr >&2; exit 3");
        ExecResult second = run("", "echo $PPID");
        assertEquals(3, first.rc());
        assertEquals("to-stderr", first.stderr());
        assertEquals(0, second.rc());
        assertEquals(first.stdout(), second.stdout(), "both ran as children of the same session program");
        assertEquals(1, local.starts.get());
        assertEquals(0, local.channels.get());
        assertEquals(new CommandSessions.Use(1, 2, 0), sessions.use());
    }

    @Test
    void outputAndInputArriveByteForByte() throws Exception {
        byte[] input = new byte[5_000_000];
        for (int i = 0; i < input.length; i++) {
            input[i] = (byte) (i * 31);
        }
        ExecResult echoed = run("", "cat", input, 0, Optional.empty());
        assertArrayEquals(input, echoed.stdoutBytes(), "5 MB through standard input and back, in many frames");
        ExecResult binary = run("", "printf 'a\\000b\\377\\n\\n'");
        assertArrayEquals(new byte[]{'a', 0, 'b', (byte) 0xff, '\n', '\n'}, binary.stdoutBytes());
        assertEquals("a\0b\uFFFD", binary.stdout(), "text as herd shows it: trailing newlines removed");
        ExecResult noInput = run("", "cat; echo end");
        assertEquals("end", noInput.stdout(), "a command without input reads end of file at once");
    }

    @Test
    void aSignalAndAnExitCodeAreTheCommands() throws Exception {
        ExecResult killed = run("", "echo before; kill -TERM $$");
        assertEquals(-1, killed.rc());
        assertEquals("before", killed.stdout());
        assertEquals("killed by signal TERM", killed.stderr());
        assertEquals(42, run("", "exit 42").rc());
        assertEquals(127, run("", "no-such-command-here 2>/dev/null").rc());
    }

    @Test
    void theTimeoutEndsTheCommandAndWhatItStarted() throws Exception {
        Path pid = dir.resolve("pid");
        ExecResult r = run("", "sleep 300 & echo $! > " + pid + "; echo started; wait", new byte[0], 0,
                Optional.of(Duration.ofMillis(500)));
        assertTrue(r.timedOut());
        assertEquals(-1, r.rc());
        assertEquals("started", r.stdout());
        long child = Long.parseLong(Files.readString(pid).strip());
        for (int i = 0; i < 100 && ProcessHandle.of(child).map(ProcessHandle::isAlive).orElse(false); i++) {
            Thread.sleep(50);
        }
        assertFalse(ProcessHandle.of(child).map(ProcessHandle::isAlive).orElse(false),
                "the background sleep of the timed-out command was killed with its process group");
        assertEquals("after", run("", "echo after").stdout(), "the session goes on");
        assertEquals(1, local.starts.get());
    }

    @Test
    void aSessionThatCannotStartLeavesTheCommandsToChannels() throws Exception {
        // as a host without python3, or sudo -n refusing: the launcher fails
        ExecResult r = run("false && ", "echo on a channel");
        ExecResult again = run("false && ", "echo again");
        assertEquals(1, r.rc(), "the channel ran the full command, which says what is wrong");
        assertEquals(1, again.rc());
        assertEquals(1, local.starts.get(), "a session that cannot start is not tried at every command");
        assertEquals(2, local.channels.get());
        assertEquals(new CommandSessions.Use(0, 0, 2), sessions.use());
    }

    @Test
    void aRefusedPasswordEndsTheWaitAndTheChannelGivesSudosWords() throws Exception {
        // sudo -S with a wrong password: it says so and waits for another line
        String sudo = "sh -c 'read pw; echo \"Sorry, try again.\" >&2; read pw; exit 1' -- ";
        byte[] password = "wrong\n".getBytes(StandardCharsets.UTF_8);
        ExecResult r = run(sudo, "echo ran", password, password.length, Optional.empty());
        assertEquals(1, r.rc());
        assertEquals("Sorry, try again.", r.stderr(), "the channel's own run of the command");
        assertEquals(1, local.channels.get());
        assertEquals(0, sessions.use().started());
    }

    @Test
    void thePasswordGoesToTheLauncherOnceAndNeverToACommand() throws Exception {
        String sudo = "sh -c 'read pw; [ \"$pw\" = s3cret ] && exec \"$@\"' -- ";
        byte[] password = "s3cret\n".getBytes(StandardCharsets.UTF_8);
        byte[] input = "s3cret\ndata\n".getBytes(StandardCharsets.UTF_8);
        ExecResult first = run(sudo, "cat", input, password.length, Optional.empty());
        ExecResult second = run(sudo, "cat", input, password.length, Optional.empty());
        assertEquals("data", first.stdout(), "the command reads only what follows the password line");
        assertEquals("data", second.stdout());
        assertEquals(1, sessions.use().started());
        // where sudo reads no password (NOPASSWD), the line reaches the session program, which drops it
        ExecResult nopasswd = run("exec ", "cat", "s3cret\nmore\n".getBytes(StandardCharsets.UTF_8), password.length,
                Optional.empty());
        assertEquals("more", nopasswd.stdout());
        assertEquals(2, sessions.use().started(), "another launcher, another session");
        assertEquals(0, local.channels.get());
    }

    @Test
    void aCommandWhileTheSessionIsBusyRunsOnAChannel() throws Exception {
        Path flag = dir.resolve("running");
        CompletableFuture<ExecResult> slow = CompletableFuture.supplyAsync(() -> {
            try {
                return run("", "touch " + flag + "; sleep 2; echo slow");
            } catch (UnreachableException e) {
                throw new IllegalStateException(e);
            }
        });
        while (!Files.exists(flag)) {
            Thread.sleep(10);
        }
        assertEquals("meanwhile", run("", "echo meanwhile").stdout());
        assertEquals("slow", slow.get().stdout());
        assertEquals(1, local.channels.get());
        assertEquals(new CommandSessions.Use(1, 1, 1), sessions.use());
    }

    @Test
    void aSessionLostDuringACommandIsAnUnreachableHostAndTheNextCommandStartsAnother() throws Exception {
        Path flag = dir.resolve("running");
        CompletableFuture<UnreachableException> lost = CompletableFuture.supplyAsync(() ->
                assertThrows(UnreachableException.class, () -> run("", "echo partial; touch " + flag + "; sleep 60")));
        while (!Files.exists(flag)) {
            Thread.sleep(10);
        }
        Thread.sleep(100);
        synchronized (local.processes) {
            local.processes.getFirst().destroyForcibly(); // the connection dropped
        }
        UnreachableException e = lost.get();
        assertTrue(e.getMessage().startsWith("connection to localhost:22 dropped during the command"), e.getMessage());
        assertEquals("partial", e.stdout(), "what arrived before the drop is kept");
        assertEquals("again", run("", "echo again").stdout());
        assertEquals(2, sessions.use().started());
    }

    @Test
    void theSessionProgramEndsAtTheEndOfItsInput() throws Exception {
        assertEquals("x", run("", "echo x").stdout());
        Process helper;
        synchronized (local.processes) {
            helper = local.processes.getFirst();
        }
        helper.getOutputStream().close(); // what the host's side sees when the channel closes
        assertEquals(0, helper.waitFor(), "the session program ends by itself, leaving nothing behind");
    }

    @Test
    void largeInputsAndCommandsWithoutASessionFormRunOnChannels() throws Exception {
        byte[] big = new byte[CommandSessions.MAX_INPUT + 1];
        assertEquals(String.valueOf(big.length), run("", "wc -c", big, 0, Optional.empty()).stdout().strip());
        assertEquals("plain", transport.exec(ExecRequest.of("echo plain", Optional.empty())).stdout());
        assertEquals(2, local.channels.get());
        assertEquals(0, local.starts.get());
    }

    @Test
    void whileConnectionsAreClosedForRoomASessionStartsAtTheSecondCommand() throws Exception {
        Transport crowded = new CommandSessions(Duration.ofSeconds(60), () -> true).wrap(local);
        try {
            assertEquals("one", crowded.exec(login("echo one")).stdout());
            assertEquals(0, local.starts.get(), "a connection that may close after one command starts no session");
            assertEquals(1, local.channels.get());
            assertEquals("two", crowded.exec(login("echo two")).stdout());
            assertEquals("three", crowded.exec(login("echo three")).stdout());
            assertEquals(1, local.starts.get(), "the second command started it, the third used it");
            assertEquals(1, local.channels.get());
        } finally {
            crowded.close();
        }
    }

    private static ExecRequest login(String script) {
        return ExecRequest.login(script, Optional.empty(), Optional.empty());
    }

    @Test
    void aSessionThatStopsAnsweringStillEndsATimedCommandAsTimedOut() throws Exception {
        // the session program stopped (SIGSTOP) while the connection stays: no end of the command will come
        ExecResult r = run("", "echo before; kill -STOP $PPID; sleep 1", new byte[0], 0, Optional.of(Duration.ofMillis(200)));
        assertTrue(r.timedOut(), r::toString);
        assertEquals(-1, r.rc());
        assertEquals("after", run("", "echo after").stdout(), "the next command starts another session");
        assertEquals(2, local.starts.get());
    }
}
