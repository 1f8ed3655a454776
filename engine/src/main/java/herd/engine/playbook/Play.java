package herd.engine.playbook;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import herd.engine.load.Position;

/** A play: a host pattern, variables and the tasks to run on those hosts. */
public record Play(Optional<Text> name, Text hosts, Map<String, Object> vars, Become become, List<Task> tasks,
                   Rolling rolling, Position position) {
    public Play(Optional<Text> name, Text hosts, Map<String, Object> vars, Become become, List<Task> tasks,
                Position position) {
        this(name, hosts, vars, become, tasks, Rolling.NONE, position);
    }

    public Play {
        vars = Collections.unmodifiableMap(new LinkedHashMap<>(vars));
        tasks = List.copyOf(tasks);
    }

    public String displayName() {
        return name.map(Text::raw).orElse(hosts.raw());
    }
}
