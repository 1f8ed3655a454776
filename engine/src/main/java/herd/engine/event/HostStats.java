package herd.engine.event;

/**
 * Per-host counts for the recap. As in Ansible's PLAY RECAP, {@code ok} counts every step that
 * succeeded, changed ones included, and an ignored failure counts as {@code ignored}, not failed.
 */
public record HostStats(int ok, int changed, int failed, int skipped, int unreachable, int ignored) {
    public static final HostStats ZERO = new HostStats(0, 0, 0, 0, 0, 0);

    public HostStats plus(StepResult step) {
        return switch (step.status()) {
            case OK -> new HostStats(ok + 1, changed, failed, skipped, unreachable, ignored);
            case CHANGED -> new HostStats(ok + 1, changed + 1, failed, skipped, unreachable, ignored);
            case FAILED -> step.ignored()
                    ? new HostStats(ok, changed, failed, skipped, unreachable, ignored + 1)
                    : new HostStats(ok, changed, failed + 1, skipped, unreachable, ignored);
            case SKIPPED -> new HostStats(ok, changed, failed, skipped + 1, unreachable, ignored);
            case UNREACHABLE -> new HostStats(ok, changed, failed, skipped, unreachable + 1, ignored);
        };
    }
}
