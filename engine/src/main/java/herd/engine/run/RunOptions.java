package herd.engine.run;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * How the runner schedules and stops: at most {@code forks} hosts work at once; after an interrupt
 * the running steps get {@code grace} to finish before their commands are ended; with a
 * {@code deadline}, no batch starts when the time left is shorter than the slowest batch so far took.
 */
public record RunOptions(int forks, Duration grace, Optional<Instant> deadline) {
    public static final Duration DEFAULT_GRACE = Duration.ofSeconds(30);

    public RunOptions {
        if (forks < 1) {
            throw new IllegalArgumentException("forks must be at least 1, not " + forks);
        }
        if (grace.isNegative()) {
            throw new IllegalArgumentException("the grace period cannot be negative");
        }
    }

    public RunOptions(int forks) {
        this(forks, DEFAULT_GRACE, Optional.empty());
    }
}
