package herd.engine.run;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import herd.engine.transport.ConnectOptions;

/** Everything a run needs to know, as the user gave it. */
public record RunRequest(Path playbook, List<Path> inventories, Optional<String> limit, Map<String, Object> extraVars,
                         int forks, ConnectOptions connect, TagFilter tags, Duration grace,
                         Optional<Instant> deadline) {
    public RunRequest {
        inventories = List.copyOf(inventories);
        extraVars = Collections.unmodifiableMap(new LinkedHashMap<>(extraVars));
    }

    public RunRequest(Path playbook, List<Path> inventories, Optional<String> limit, Map<String, Object> extraVars,
                      int forks, ConnectOptions connect) {
        this(playbook, inventories, limit, extraVars, forks, connect, TagFilter.ALL, RunOptions.DEFAULT_GRACE,
                Optional.empty());
    }

    public RunRequest(Path playbook, List<Path> inventories, Optional<String> limit, Map<String, Object> extraVars,
                      int forks, ConnectOptions connect, TagFilter tags) {
        this(playbook, inventories, limit, extraVars, forks, connect, tags, RunOptions.DEFAULT_GRACE,
                Optional.empty());
    }
}
