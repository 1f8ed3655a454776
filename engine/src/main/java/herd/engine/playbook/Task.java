package herd.engine.playbook;

import java.time.Duration;
import java.util.Optional;

import herd.engine.load.Position;

/** One step of a play, run on every host of the play. */
public record Task(Optional<Text> name, Action action, Become become, boolean ignoreErrors,
                   Optional<Duration> timeout, Position position) {

    /** The name shown in output: the task's name, or the module and its command as Ansible shows it. */
    public String displayName() {
        return name.map(Text::raw).orElseGet(() -> switch (action) {
            case Action.Command c -> "command " + c.cmd().raw();
            case Action.Shell s -> "shell " + s.cmd().raw();
        });
    }
}
