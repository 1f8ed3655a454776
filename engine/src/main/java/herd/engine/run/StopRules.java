package herd.engine.run;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import herd.engine.playbook.Rolling;

/**
 * When a run stops taking capacity out: the rules between batches and tasks (any_errors_fatal,
 * max_fail_percentage, a failed roll, a batch that failed whole) and the deadline of a maintenance
 * window. Pure functions of what the runner knows, each with the message the user sees.
 */
final class StopRules {
    private StopRules() {
    }

    /** max_fail_percentage, checked after every task as Ansible's linear strategy does. */
    static boolean overMaxFail(Rolling rolling, int batchSize, long failed) {
        return rolling.maxFailPercentage().isPresent() && 100.0 * failed / batchSize > rolling.maxFailPercentage().get();
    }

    /**
     * Why no further batch may start before the deadline: it has passed, or less time is left than
     * the slowest batch so far took. Stopping between batches leaves every client in the pool.
     */
    static Optional<String> outOfTime(Optional<Instant> until, Duration slowestBatch, Instant now) {
        if (until.isEmpty()) {
            return Optional.empty();
        }
        Instant deadline = until.get();
        Duration left = Duration.between(now, deadline);
        if (left.isNegative() || left.isZero()) {
            return Optional.of("the deadline " + deadline + " has passed: no further batch starts; every batch"
                    + " that started has finished");
        }
        if (left.compareTo(slowestBatch) < 0) {
            return Optional.of(String.format(java.util.Locale.ROOT, "%d s are left before the deadline %s, but the"
                            + " slowest batch so far took %d s: no further batch starts; every batch that started has"
                            + " finished", left.toSeconds(), deadline, slowestBatch.toSeconds()));
        }
        return Optional.empty();
    }

    /**
     * Why the playbook stops after a batch: in a rolling play any failed host stops the roll, so no
     * further batch takes capacity out; max_fail_percentage and any_errors_fatal as in Ansible; and, as in
     * Ansible, a batch (or play) whose every host failed ends the playbook.
     */
    static Optional<String> afterBatch(Rolling rolling, int batchSize, List<String> failed, boolean more) {
        if (failed.isEmpty()) {
            return Optional.empty();
        }
        Optional<String> allFailed = failed.size() < batchSize ? Optional.empty()
                : Optional.of("every host of the " + (rolling.isRolling() ? "batch" : "play") + " failed ("
                + String.join(", ", failed) + "): the playbook ends here, as in Ansible");
        if (rolling.anyErrorsFatal()) {
            return Optional.of("any_errors_fatal: " + String.join(", ", failed) + " failed");
        }
        if (rolling.maxFailPercentage().isPresent()) {
            double percent = 100.0 * failed.size() / batchSize;
            return percent > rolling.maxFailPercentage().get()
                    ? Optional.of(String.format(java.util.Locale.ROOT, "%.0f%% of the batch failed (%s), more than"
                    + " max_fail_percentage %d", percent, String.join(", ", failed), rolling.maxFailPercentage().get()))
                    : allFailed;
        }
        if (rolling.isRolling()) {
            return Optional.of("the roll stops because " + String.join(", ", failed) + " failed"
                    + (more ? "; no further batch starts" : ""));
        }
        return allFailed;
    }
}
