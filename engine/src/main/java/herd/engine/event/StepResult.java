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
 */
public record StepResult(String host, String play, String task, Status status, OptionalInt rc, String stdout,
                         String stderr, Optional<String> message, boolean ignored, Instant start, Duration duration,
                         List<ItemResult> items) {
    public StepResult {
        items = List.copyOf(items);
    }

    /** True when the host stops here: a failure not ignored, or a host that could not be reached. */
    public boolean stopsHost() {
        return status == Status.UNREACHABLE || status == Status.FAILED && !ignored;
    }
}
