package herd.engine.run;

import java.util.Objects;
import java.util.Optional;

/**
 * How the runner works: at most {@code forks} hosts at once, and the become password for hosts whose
 * variables give none.
 */
public record RunOptions(int forks, Optional<BecomePassword> becomePassword) {
    public RunOptions {
        if (forks < 1) {
            throw new IllegalArgumentException("forks must be at least 1, not " + forks);
        }
        Objects.requireNonNull(becomePassword, "becomePassword");
    }

    public RunOptions(int forks) {
        this(forks, Optional.empty());
    }
}
