package herd.engine.playbook;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

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
 */
public record Task(Optional<Text> name, Action action, Become become, boolean ignoreErrors,
                   Optional<Duration> timeout, List<Text> when, List<Text> changedWhen, List<Text> failedWhen,
                   Optional<Until> until, Optional<String> register, Optional<Loop> loop,
                   Optional<Text> delegateTo, boolean runOnce, Position position) {
    public Task {
        when = List.copyOf(when);
        changedWhen = List.copyOf(changedWhen);
        failedWhen = List.copyOf(failedWhen);
    }

    /** The name shown in output: the task's name, or the module and its command as Ansible shows it. */
    public String displayName() {
        return name.map(Text::raw).orElseGet(() -> switch (action) {
            case Action.Command c -> "command " + c.cmd().raw();
            case Action.Shell s -> "shell " + s.cmd().raw();
            case Action.Module m -> m.module();
            case Action.Include i -> i.module() + " " + i.file().raw();
        });
    }
}
