package herd.engine.playbook;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Task keywords that change how the runner treats a task, inherited from its play and blocks.
 *
 * @param noLog             the task's results are censored in every output, report and the journal
 * @param anyErrorsFatal    a failure of this task on any host ends the play for every host, and the playbook
 * @param throttle          at most this many hosts run the task at once
 * @param ignoreUnreachable a host unreachable for this task goes on (counted as ok and ignored, as Ansible)
 * @param environment       the {@code environment} of the play, blocks and task, outermost first: each a
 *                          mapping of variables to values (templates), or a template that gives one
 * @param delegateFacts     the facts the task sets go to the host it is delegated to
 * @param checkMode         {@code check_mode}: true runs the task in check mode even without --check, false
 *                          runs it for real even with --check; empty follows the run
 * @param diff              {@code diff}: true shows the task's diffs even without --diff, false hides them
 * @param remoteUser        {@code remote_user} of the task or its blocks: the login user for this task where
 *                          the host's variables name none ({@code ansible_user} wins, as in Ansible)
 * @param async             {@code async} (seconds the command may take) and {@code poll} (0: started in
 *                          the background, for async_status); a task's own, never inherited
 */
public record TaskOptions(boolean noLog, boolean anyErrorsFatal, Optional<Integer> throttle, boolean ignoreUnreachable,
                          List<Object> environment, boolean delegateFacts, Optional<Boolean> checkMode,
                          Optional<Boolean> diff, Optional<Text> remoteUser, Optional<Async> async) {
    public static final TaskOptions NONE = new TaskOptions(false, false, Optional.empty(), false, List.of(), false,
            Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());

    /** {@code async} and {@code poll} as written (templates allowed); poll is 15 when not given, as in Ansible. */
    public record Async(Text seconds, Optional<Text> poll) {
    }

    public TaskOptions {
        environment = List.copyOf(environment);
    }

    /** This task's options over the outer level's (a block's, a play's, an import's). */
    public TaskOptions under(TaskOptions outer) {
        List<Object> env = new ArrayList<>(outer.environment);
        env.addAll(environment);
        return new TaskOptions(noLog || outer.noLog, anyErrorsFatal || outer.anyErrorsFatal, throttle.or(outer::throttle),
                ignoreUnreachable || outer.ignoreUnreachable, env, delegateFacts || outer.delegateFacts,
                checkMode.or(outer::checkMode), diff.or(outer::diff), remoteUser.or(outer::remoteUser), async);
    }
}
