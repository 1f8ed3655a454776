package herd.engine.run;

/** How the runner schedules: at most {@code forks} hosts work at once. */
public record RunOptions(int forks) {
    public RunOptions {
        if (forks < 1) {
            throw new IllegalArgumentException("forks must be at least 1, not " + forks);
        }
    }
}
