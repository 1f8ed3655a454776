package herd.engine.run;

import java.util.Optional;

/**
 * A task's command with templates filled and privilege escalation applied: the exact line that runs.
 *
 * @param guard a test for {@code creates}/{@code removes}, run first: the task is skipped when it says so
 */
public record PreparedCommand(String command, Optional<Guard> guard) {

    /** A shell test; the step is not run, and reports ok with the message, when the test's exit is {@code skipOn}. */
    public record Guard(String command, boolean skipWhenTrue, String message) {
    }
}
