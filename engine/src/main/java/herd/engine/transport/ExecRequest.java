package herd.engine.transport;

import java.time.Duration;
import java.util.Optional;

/**
 * A command to run. The standard input, when present, is written to the command and closed: it is
 * how secrets reach a remote program without appearing in an argument list.
 *
 * @param session the same command in parts, for a transport that keeps command sessions open
 *                ({@link CommandSessions}); empty where only {@code command} says what runs
 */
public record ExecRequest(String command, Optional<byte[]> stdin, Optional<Duration> timeout,
                          Optional<Session> session) {

    public ExecRequest(String command, Optional<byte[]> stdin, Optional<Duration> timeout) {
        this(command, stdin, timeout, Optional.empty());
    }

    public static ExecRequest of(String command, Optional<Duration> timeout) {
        return new ExecRequest(command, Optional.empty(), timeout);
    }

    /** A script for the login user's shell that a command session as the login user may run instead. */
    public static ExecRequest login(String script, Optional<byte[]> stdin, Optional<Duration> timeout) {
        return new ExecRequest(script, stdin, timeout, Optional.of(new Session("", script)));
    }

    /**
     * {@code command} is {@code launcher + "/bin/sh -c " + script} (quoted), and its standard input
     * starts with {@code launchInput} bytes for the launcher (sudo's password line), then the
     * script's own: a command session started by {@code launcher} runs {@code script} with the rest
     * and means the same.
     *
     * @param launcher    empty (the login user), or a sudo command line ending in {@code "-- "}
     * @param launchInput how many of the standard input's first bytes are the launcher's
     */
    public record Session(String launcher, String script, int launchInput) {
        public Session {
            if (launchInput < 0) {
                throw new IllegalArgumentException("launchInput cannot be negative");
            }
        }

        public Session(String launcher, String script) {
            this(launcher, script, 0);
        }
    }
}
