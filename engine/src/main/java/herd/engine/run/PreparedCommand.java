package herd.engine.run;

import java.util.Optional;

import herd.engine.transport.ExecRequest;

/**
 * A task's command with templates filled and privilege escalation applied: the exact line that runs.
 *
 * @param guard a test for {@code creates}/{@code removes}, run first: the task is skipped when it says so
 * @param password the become password, written first on the standard input of the command and the guard
 *                 (never part of {@code command})
 * @param stdin    what follows it there: the task's environment ({@link Environment}), never in {@code command}
 */
public record PreparedCommand(String command, Optional<Guard> guard, Optional<BecomePassword> password,
                              Optional<byte[]> stdin, Optional<ExecRequest.Session> session) {

    PreparedCommand(Sudo.Line line, Optional<Guard> guard, Optional<BecomePassword> password, Optional<byte[]> stdin) {
        this(line.command(), guard, password, stdin, line.session());
    }

    public PreparedCommand(String command, Optional<Guard> guard, Optional<BecomePassword> password,
                           Optional<byte[]> stdin) {
        this(command, guard, password, stdin, Optional.empty());
    }

    public PreparedCommand(String command, Optional<Guard> guard, Optional<BecomePassword> password) {
        this(command, guard, password, Optional.empty());
    }

    public PreparedCommand(String command, Optional<Guard> guard) {
        this(command, guard, Optional.empty());
    }

    /** A shell test; the step is not run, and reports ok with the message, when the test's exit is {@code skipOn}. */
    public record Guard(String command, boolean skipWhenTrue, String message, Optional<ExecRequest.Session> session) {
        public Guard(String command, boolean skipWhenTrue, String message) {
            this(command, skipWhenTrue, message, Optional.empty());
        }

        Guard(Sudo.Line line, boolean skipWhenTrue, String message) {
            this(line.command(), skipWhenTrue, message, line.session());
        }

        Sudo.Line line() {
            return new Sudo.Line(command, session);
        }
    }

    /** The command with its session form. */
    Sudo.Line line() {
        return new Sudo.Line(command, session);
    }
}
