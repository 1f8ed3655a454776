package herd.engine.run;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import herd.engine.transport.ConnectOptions;

/** Everything a run needs to know, as the user gave it. Runs lock their hosts unless {@code lock} says not to. */
public record RunRequest(Path playbook, List<Path> inventories, Optional<String> limit, Map<String, Object> extraVars,
                         int forks, ConnectOptions connect, TagFilter tags, LockOptions lock) {
    public RunRequest {
        inventories = List.copyOf(inventories);
        extraVars = Collections.unmodifiableMap(new LinkedHashMap<>(extraVars));
    }

    public RunRequest(Path playbook, List<Path> inventories, Optional<String> limit, Map<String, Object> extraVars,
                      int forks, ConnectOptions connect, TagFilter tags) {
        this(playbook, inventories, limit, extraVars, forks, connect, tags, LockOptions.ON);
    }

    public RunRequest(Path playbook, List<Path> inventories, Optional<String> limit, Map<String, Object> extraVars,
                      int forks, ConnectOptions connect) {
        this(playbook, inventories, limit, extraVars, forks, connect, TagFilter.ALL);
    }
}
