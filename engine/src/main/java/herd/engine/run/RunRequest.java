package herd.engine.run;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import herd.engine.transport.ConnectOptions;

/** Everything a run needs to know, as the user gave it. */
public record RunRequest(Path playbook, List<Path> inventories, Optional<String> limit, Map<String, Object> extraVars,
                         ConnectOptions connect, TagFilter tags, RunOptions options) {
    public RunRequest {
        inventories = List.copyOf(inventories);
        extraVars = Collections.unmodifiableMap(new LinkedHashMap<>(extraVars));
    }

    public RunRequest(Path playbook, List<Path> inventories, Optional<String> limit, Map<String, Object> extraVars,
                      int forks, ConnectOptions connect) {
        this(playbook, inventories, limit, extraVars, connect, TagFilter.ALL, new RunOptions(forks));
    }
}
