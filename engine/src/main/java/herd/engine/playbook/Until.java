package herd.engine.playbook;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * {@code until} with {@code retries} and {@code delay}: the task runs up to retries + 1 times, as in
 * ansible-core 2.14. Retries and delay written as templates are decided per host when the task runs.
 */
public record Until(List<Text> conditions, int retries, Duration delay, Optional<Text> retriesTemplate,
                    Optional<Text> delayTemplate) {
    public Until {
        conditions = List.copyOf(conditions);
    }

    public Until(List<Text> conditions, int retries, Duration delay) {
        this(conditions, retries, delay, Optional.empty(), Optional.empty());
    }

    public int attempts() {
        return attempts(retries);
    }

    /** Attempts for a number of retries: retries + 1, at least one. */
    public static int attempts(int retries) {
        return Math.max(1, retries + 1);
    }
}
