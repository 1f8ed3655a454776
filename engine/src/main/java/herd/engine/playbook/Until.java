package herd.engine.playbook;

import java.time.Duration;
import java.util.List;

/** {@code until} with {@code retries} and {@code delay}: the task runs up to retries + 1 times. */
public record Until(List<Text> conditions, int retries, Duration delay) {
    public Until {
        conditions = List.copyOf(conditions);
    }

    public int attempts() {
        return Math.max(1, retries + 1);
    }
}
