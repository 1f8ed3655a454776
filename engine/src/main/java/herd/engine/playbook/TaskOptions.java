package herd.engine.playbook;

import java.util.Optional;

/**
 * Task keywords that change how the runner treats a task, inherited from its play and blocks.
 *
 * @param noLog             the task's results are censored in every output, report and the journal
 * @param anyErrorsFatal    a failure of this task on any host ends the play for every host, and the playbook
 * @param throttle          at most this many hosts run the task at once
 * @param ignoreUnreachable a host unreachable for this task goes on (counted as ok and ignored, as Ansible)
 */
public record TaskOptions(boolean noLog, boolean anyErrorsFatal, Optional<Integer> throttle, boolean ignoreUnreachable) {
    public static final TaskOptions NONE = new TaskOptions(false, false, Optional.empty(), false);

    /** This task's options over the outer level's (a block's, a play's, an import's). */
    public TaskOptions under(TaskOptions outer) {
        return new TaskOptions(noLog || outer.noLog, anyErrorsFatal || outer.anyErrorsFatal, throttle.or(outer::throttle),
                ignoreUnreachable || outer.ignoreUnreachable);
    }
}
