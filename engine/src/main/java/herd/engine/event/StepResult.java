package herd.engine.event;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What one task did on one host.
 *
 * @param ignored a failure that {@code ignore_errors} let pass: the host goes on
 * @param message herd's own explanation when there is one (unreachable, timed out, skipped)
 * @param items   one result per item of a looped task, in item order; empty without a loop
 * @param rescued a failure inside a block that its rescue section takes over: the host goes on there
 * @param changed the result said "changed", whatever the status: a failed command counts as changed in
 *                the recap when its failure is ignored, as in Ansible
 * @param diffs   what the task changed or would change in files, with --diff (every item's, in order)
 * @param warnings the warnings and deprecations the module returned, as Ansible prints them
 *                 ({@code [WARNING]: ...}, {@code [DEPRECATION WARNING]: ...})
 */
public record StepResult(String host, String play, String task, Status status, OptionalInt rc, String stdout,
                         String stderr, Optional<String> message, boolean ignored, Instant start, Duration duration,
                         List<ItemResult> items, boolean rescued, boolean changed, List<Diff> diffs,
                         List<String> warnings) {
    public StepResult {
        items = List.copyOf(items);
        diffs = List.copyOf(diffs);
        warnings = List.copyOf(warnings);
    }

    public StepResult(String host, String play, String task, Status status, OptionalInt rc, String stdout,
                      String stderr, Optional<String> message, boolean ignored, Instant start, Duration duration,
                      List<ItemResult> items, boolean rescued, boolean changed, List<Diff> diffs) {
        this(host, play, task, status, rc, stdout, stderr, message, ignored, start, duration, items, rescued, changed,
                diffs, List.of());
    }

    public StepResult(String host, String play, String task, Status status, OptionalInt rc, String stdout,
                      String stderr, Optional<String> message, boolean ignored, Instant start, Duration duration,
                      List<ItemResult> items, boolean rescued, boolean changed) {
        this(host, play, task, status, rc, stdout, stderr, message, ignored, start, duration, items, rescued, changed,
                List.of());
    }

    public StepResult(String host, String play, String task, Status status, OptionalInt rc, String stdout,
                      String stderr, Optional<String> message, boolean ignored, Instant start, Duration duration,
                      List<ItemResult> items) {
        this(host, play, task, status, rc, stdout, stderr, message, ignored, start, duration, items, false,
                status == Status.CHANGED);
    }

    /** A failure that counts against the host: neither ignored nor rescued. */
    public boolean failed() {
        return status == Status.FAILED && !ignored && !rescued;
    }

    /** The same result under another task name, or marked as taken over by a rescue section. */
    public StepResult renamed(String newTask, boolean isRescued) {
        return new StepResult(host, play, newTask, status, rc, stdout, stderr, message, ignored, start, duration, items,
                isRescued, changed, diffs, warnings);
    }
}
