package herd.engine.transport;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Runs a host's commands in {@link CommandSession command sessions}: one long-lived process per login
 * or become user (and password), started at its first command and ended with the connection. A command
 * that says how a session would run it ({@link ExecRequest#session()}) runs there; every other command,
 * a command while that session is busy with another (two steps delegated to one host at once), and
 * every command of a session that cannot start (no python3 on the host, sudo refused) runs as before on
 * a channel of its own, which gives the host's own words for what went wrong.
 */
public final class CommandSessions {
    /** Bigger inputs (a large file put) stream over a channel of their own instead of passing through the session's memory. */
    static final int MAX_INPUT = 8 << 20;

    private final Duration startLimit;
    private final java.util.function.BooleanSupplier crowded;
    private final AtomicLong started = new AtomicLong();
    private final AtomicLong inSession = new AtomicLong();
    private final AtomicLong onChannels = new AtomicLong();

    /** @param startLimit how long a session may take to start (sudo's PAM, a slow python3) before the host's commands run without one */
    public CommandSessions(Duration startLimit) {
        this(startLimit, () -> false);
    }

    /**
     * @param crowded true while connections are closed to make room ({@link ConnectionCap#crowded}): a
     *                connection then often runs one command as a user before it closes, and a session
     *                starts only at its second, so that a one-off command costs no session start
     */
    public CommandSessions(Duration startLimit, java.util.function.BooleanSupplier crowded) {
        this.startLimit = startLimit;
        this.crowded = crowded;
    }

    /** What the sessions did in a run: sessions started, commands run in one, commands that could have but ran on a channel of their own. */
    public record Use(long started, long inSession, long onChannels) {
    }

    public Use use() {
        return new Use(started.get(), inSession.get(), onChannels.get());
    }

    /** The transport, running commands in sessions where it can. */
    public Transport wrap(Transport transport) {
        return new Sessioned(transport);
    }

    /** One session's place: the session while it lives, or the fact that it cannot start on this host. */
    private static final class Slot {
        final ReentrantLock lock = new ReentrantLock();
        CommandSession session;
        boolean cannot;
        int commands;
    }

    private final class Sessioned implements Transport {
        private final Transport delegate;
        private final Map<String, Slot> slots = new ConcurrentHashMap<>();

        Sessioned(Transport delegate) {
            this.delegate = delegate;
        }

        @Override
        public void connect() throws UnreachableException {
            delegate.connect();
        }

        /** The slot's session, started when it has none; false when it cannot start on this host. */
        private boolean ready(Slot slot, String launcher, byte[] launchInput) throws UnreachableException {
            if (slot.cannot) {
                return false;
            }
            if (slot.session != null && slot.session.usable()) {
                return true;
            }
            if (slot.session != null) {
                slot.session.close();
            }
            slot.session = CommandSession.start(delegate, launcher, launchInput, startLimit).orElse(null);
            if (slot.session == null) {
                slot.cannot = true;
                return false;
            }
            started.incrementAndGet();
            return true;
        }

        @Override
        public ExecResult exec(ExecRequest request) throws UnreachableException {
            if (request.session().isEmpty()) {
                return delegate.exec(request);
            }
            ExecRequest.Session parts = request.session().get();
            byte[] stdin = request.stdin().orElse(new byte[0]);
            if (stdin.length > MAX_INPUT || parts.launchInput() > stdin.length) {
                onChannels.incrementAndGet();
                return delegate.exec(request);
            }
            byte[] launchInput = Arrays.copyOf(stdin, parts.launchInput());
            Slot slot = slots.computeIfAbsent(key(parts.launcher(), launchInput), k -> new Slot());
            if (!slot.lock.tryLock()) {
                onChannels.incrementAndGet();
                return delegate.exec(request);
            }
            try {
                slot.commands++;
                boolean running = slot.session != null && slot.session.usable();
                if (!running && slot.commands < 2 && crowded.getAsBoolean()) {
                    onChannels.incrementAndGet();
                    return delegate.exec(request);
                }
                if (!ready(slot, parts.launcher(), launchInput)) {
                    onChannels.incrementAndGet();
                    return delegate.exec(request);
                }
                byte[] own = Arrays.copyOfRange(stdin, parts.launchInput(), stdin.length);
                try {
                    ExecResult result = slot.session.run(parts.script(), own, request.timeout());
                    inSession.incrementAndGet();
                    return result;
                } catch (CommandSession.Broken e) {
                    // the command may have started: it is not run a second time
                    String where = slot.session.where();
                    slot.session.close();
                    slot.session = null;
                    throw new UnreachableException("connection to " + where + " dropped during the command: "
                            + e.getMessage(), e.stdout, e.stderr);
                }
            } finally {
                slot.lock.unlock();
            }
        }

        @Override
        public void put(String path, byte[] content, int mode) throws UnreachableException, FileTransferException {
            delegate.put(path, content, mode);
        }

        @Override
        public byte[] fetch(String path) throws UnreachableException, FileTransferException {
            return delegate.fetch(path);
        }

        @Override
        public Optional<Running> start(String command) throws UnreachableException {
            return delegate.start(command);
        }

        /** Ends every session (their programs end at the end of their input), then the connection. */
        @Override
        public void close() {
            List<Slot> all = new ArrayList<>(slots.values());
            slots.clear();
            for (Slot slot : all) {
                CommandSession session = slot.session;
                if (session != null) {
                    session.close();
                }
            }
            delegate.close();
        }
    }

    /** A session per launcher and launch input; the input (a password) only as its digest. */
    private static String key(String launcher, byte[] launchInput) {
        if (launchInput.length == 0) {
            return launcher;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(launchInput);
            return launcher + "\0" + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
