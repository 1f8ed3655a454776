package herd.engine.playbook;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import herd.engine.load.Position;

/**
 * A play: a host pattern, variables, the tasks to run on those hosts, and the handlers those tasks
 * may notify.
 */
public record Play(Optional<Text> name, Text hosts, Map<String, Object> vars, Become become, List<Task> tasks,
                   List<Handler> handlers, Rolling rolling, Position position) {
    public Play(Optional<Text> name, Text hosts, Map<String, Object> vars, Become become, List<Task> tasks,
                Position position) {
        this(name, hosts, vars, become, tasks, List.of(), Rolling.NONE, position);
    }

    public Play {
        vars = Collections.unmodifiableMap(new LinkedHashMap<>(vars));
        tasks = List.copyOf(tasks);
        handlers = List.copyOf(handlers);
    }

    /** The same play with other tasks (after filtering by tags). */
    public Play withTasks(List<Task> other) {
        return new Play(name, hosts, vars, become, other, handlers, rolling, position);
    }

    public String displayName() {
        return name.map(Text::raw).orElse(hosts.raw());
    }
}
