package herd.engine.playbook;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import herd.engine.load.Position;

/**
 * One step of a play, run on every host of the play.
 *
 * @param when        conditions that must all hold for the task to run on a host
 * @param changedWhen conditions that, when given, decide "changed" instead of the module
 * @param failedWhen  conditions that, when given, decide "failed" instead of the module
 * @param register    the variable that receives the result, for later tasks on the same host
 * @param loop        runs the task once per item
 * @param delegateTo  runs the task's commands on this other inventory host, with this host's variables
 * @param runOnce     runs the task on the first host of the batch only; every host gets its result
 * @param tags        the task's tags with those of its play, blocks and import_tasks, for --tags and --skip-tags
 * @param vars        the task's own variables (with its blocks'), above play vars, below set_fact and -e
 * @param notifications handlers (by name or listen topic) to run at the end of the play when the task changed something
 * @param role        the role the task belongs to, with its defaults, vars and parameters
 * @param options     no_log, any_errors_fatal, throttle, ignore_unreachable
 */
public record Task(Optional<Text> name, Action action, Become become, boolean ignoreErrors,
                   Optional<Duration> timeout, List<Text> when, List<Text> changedWhen, List<Text> failedWhen,
                   Optional<Until> until, Optional<String> register, Optional<Loop> loop,
                   Optional<Text> delegateTo, boolean runOnce, Set<String> tags, List<Text> notifications,
                   Map<String, Object> vars, Optional<RoleRef> role, TaskOptions options, Position position) {
    public Task {
        when = List.copyOf(when);
        changedWhen = List.copyOf(changedWhen);
        failedWhen = List.copyOf(failedWhen);
        tags = Collections.unmodifiableSet(new LinkedHashSet<>(tags));
        notifications = List.copyOf(notifications);
        vars = Collections.unmodifiableMap(new LinkedHashMap<>(vars));
    }

    /** The same task with other actions inside (a block's or include's tasks after filtering by tags). */
    public Task withAction(Action other) {
        return new Task(name, other, become, ignoreErrors, timeout, when, changedWhen, failedWhen, until, register,
                loop, delegateTo, runOnce, tags, notifications, vars, role, options, position);
    }

    /** The same task with another timeout (an async task's seconds). */
    public Task withTimeout(Optional<Duration> other) {
        return new Task(name, action, become, ignoreErrors, other, when, changedWhen, failedWhen, until, register,
                loop, delegateTo, runOnce, tags, notifications, vars, role, options, position);
    }

    /**
     * The same task as a task of this role (unless it belongs to a role of its own, a dependency's),
     * the tasks of its blocks and of the files it includes too.
     */
    public Task inRole(RoleRef of) {
        if (role.isPresent()) {
            return this;
        }
        Action inside = switch (action) {
            case Action.Block b -> new Action.Block(inRole(b.block(), of), inRole(b.rescue(), of), inRole(b.always(), of));
            case Action.Include i -> i.with(inRole(i.tasks(), of));
            case Action.Command c -> c;
            case Action.Shell s -> s;
            case Action.Module m -> m;
        };
        return new Task(name, inside, become, ignoreErrors, timeout, when, changedWhen, failedWhen, until, register,
                loop, delegateTo, runOnce, tags, notifications, vars, Optional.of(of), options, position);
    }

    private static List<Task> inRole(List<Task> tasks, RoleRef of) {
        return tasks.stream().map(t -> t.inRole(of)).toList();
    }

    /** Every task of the list, those inside blocks and included files too, depth first in order. */
    public static List<Task> flatten(List<Task> tasks) {
        List<Task> out = new java.util.ArrayList<>();
        for (Task task : tasks) {
            out.add(task);
            out.addAll(flatten(task.action().inner()));
        }
        return out;
    }

    /** The name shown in output: the task's name, or its module's, as Ansible shows it. */
    public String displayName() {
        return name.map(Text::raw).orElseGet(action::module);
    }
}
