package herd.engine.run;

/** How the runner schedules: at most {@code forks} hosts work at once; and whether it locks its hosts. */
public record RunOptions(int forks, LockOptions lock) {
    public RunOptions {
        if (forks < 1) {
            throw new IllegalArgumentException("forks must be at least 1, not " + forks);
        }
    }

    /** No run lock: for tests and embedders that coordinate runs themselves. */
    public RunOptions(int forks) {
        this(forks, LockOptions.OFF);
    }
}
