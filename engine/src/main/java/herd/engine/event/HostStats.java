package herd.engine.event;

/**
 * Per-host counts for the recap. As in Ansible's PLAY RECAP, {@code ok} counts every step that
 * succeeded, changed ones included; an ignored failure counts as {@code ok} and {@code ignored} (and
 * {@code changed} when its result says so), and a failure that a block's rescue takes over as
 * {@code rescued}, not as failed.
 */
public record HostStats(int ok, int changed, int failed, int skipped, int unreachable, int ignored, int rescued) {
    public static final HostStats ZERO = new HostStats(0, 0, 0, 0, 0, 0, 0);

    public HostStats(int ok, int changed, int failed, int skipped, int unreachable, int ignored) {
        this(ok, changed, failed, skipped, unreachable, ignored, 0);
    }

    public HostStats plus(StepResult step) {
        return switch (step.status()) {
            case OK -> new HostStats(ok + 1, changed, failed, skipped, unreachable, ignored, rescued);
            case CHANGED -> new HostStats(ok + 1, changed + 1, failed, skipped, unreachable, ignored, rescued);
            case FAILED -> step.ignored()
                    ? new HostStats(ok + 1, changed + (step.changed() ? 1 : 0), failed, skipped, unreachable, ignored + 1,
                    rescued)
                    : step.rescued() ? new HostStats(ok, changed, failed, skipped, unreachable, ignored, rescued + 1)
                    : new HostStats(ok, changed, failed + 1, skipped, unreachable, ignored, rescued);
            case SKIPPED -> new HostStats(ok, changed, failed, skipped + 1, unreachable, ignored, rescued);
            case UNREACHABLE -> step.ignored()
                    ? new HostStats(ok + 1, changed, failed, skipped, unreachable, ignored + 1, rescued)
                    : new HostStats(ok, changed, failed, skipped, unreachable + 1, ignored, rescued);
        };
    }
}
