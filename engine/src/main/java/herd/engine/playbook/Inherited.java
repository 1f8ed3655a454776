package herd.engine.playbook;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What tasks take from the block, import_tasks or play around them, as Ansible's parent chain gives
 * it: conditions (the outer first), become, ignore_errors, timeout, delegate_to, run_once and tags.
 */
final class Inherited {
    private Inherited() {
    }

    /** The inner tasks with the outer task's keywords; nested blocks pass them on to their own tasks. */
    static List<Task> from(Task outer, List<Task> inner) {
        List<Task> out = new ArrayList<>();
        for (Task task : inner) {
            List<Text> when = new ArrayList<>(outer.when());
            when.addAll(task.when());
            Set<String> tags = new LinkedHashSet<>(outer.tags());
            tags.addAll(task.tags());
            Map<String, Object> vars = new LinkedHashMap<>(outer.vars());
            vars.putAll(task.vars());
            Action action = task.action() instanceof Action.Block b
                    ? new Action.Block(from(outer, b.block()), from(outer, b.rescue()), from(outer, b.always()))
                    : task.action();
            out.add(new Task(task.name(), action, task.become().over(outer.become()),
                    task.ignoreErrors() || outer.ignoreErrors(), task.timeout().or(outer::timeout), when,
                    task.changedWhen(), task.failedWhen(), task.until(), task.register(), task.loop(),
                    task.delegateTo().or(outer::delegateTo), task.runOnce() || outer.runOnce(), tags, task.notifications(),
                    vars, task.role().or(outer::role), task.options().under(outer.options()), task.position()));
        }
        return out;
    }

    /** The task with the play's tags added, inside its blocks and included files too. */
    static Task tagged(Task task, Set<String> playTags) {
        if (playTags.isEmpty()) {
            return task;
        }
        Set<String> tags = new LinkedHashSet<>(playTags);
        tags.addAll(task.tags());
        Action action = switch (task.action()) {
            case Action.Block b -> new Action.Block(tagged(b.block(), playTags), tagged(b.rescue(), playTags),
                    tagged(b.always(), playTags));
            case Action.Include i -> i.with(tagged(i.tasks(), playTags));
            case Action.Command c -> c;
            case Action.Shell s -> s;
            case Action.Module m -> m;
        };
        return new Task(task.name(), action, task.become(), task.ignoreErrors(), task.timeout(), task.when(),
                task.changedWhen(), task.failedWhen(), task.until(), task.register(), task.loop(), task.delegateTo(),
                task.runOnce(), tags, task.notifications(), task.vars(), task.role(), task.options(), task.position());
    }

    /** The task with the play's options (no_log, throttle, ...) under its own, inside blocks and includes too. */
    static Task optioned(Task task, TaskOptions play) {
        if (play.equals(TaskOptions.NONE)) {
            return task;
        }
        Action action = switch (task.action()) {
            case Action.Block b -> new Action.Block(optioned(b.block(), play), optioned(b.rescue(), play),
                    optioned(b.always(), play));
            case Action.Include i -> i.with(optioned(i.tasks(), play));
            case Action.Command c -> c;
            case Action.Shell s -> s;
            case Action.Module m -> m;
        };
        return new Task(task.name(), action, task.become(), task.ignoreErrors(), task.timeout(), task.when(),
                task.changedWhen(), task.failedWhen(), task.until(), task.register(), task.loop(), task.delegateTo(),
                task.runOnce(), task.tags(), task.notifications(), task.vars(), task.role(), task.options().under(play),
                task.position());
    }

    private static List<Task> optioned(List<Task> tasks, TaskOptions play) {
        return tasks.stream().map(t -> optioned(t, play)).toList();
    }

    private static List<Task> tagged(List<Task> tasks, Set<String> playTags) {
        return tasks.stream().map(t -> tagged(t, playTags)).toList();
    }

    /** Every task, those inside blocks and included files too, in order. */
    static List<Task> all(List<Task> tasks) {
        return Task.flatten(tasks);
    }
}
