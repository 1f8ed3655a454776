package herd.engine.playbook;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import herd.engine.load.Position;
import herd.engine.module.Modules;

/** The implicit "Gathering Facts" task of a play, as Ansible's play iterator makes it. */
public final class Gatherings {
    /** The name Ansible's console and JSON give the step. */
    public static final String NAME = "Gathering Facts";

    private Gatherings() {
    }

    /**
     * The gather_facts task: the play's gather_subset, gather_timeout and fact_path as its arguments;
     * tagged {@code always} unless the play has tags (then it has the play's).
     */
    static Task task(Map<String, Object> args, Set<String> playTags, Position at) {
        Action.Module action = new Action.Module(Modules.find("gather_facts").orElseThrow(), args, at);
        return new Task(Optional.of(new Text(NAME, at)), action, Become.UNSET, false, Optional.empty(), List.of(),
                List.of(), List.of(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), false,
                playTags.isEmpty() ? Set.of("always") : playTags, List.of(), Map.of(), Optional.empty(),
                TaskOptions.NONE, at);
    }
}
