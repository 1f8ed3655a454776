package herd.engine.run;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import herd.engine.transport.ConnectOptions;

/**
 * Everything a run needs to know, as the user gave it.
 *
 * @param becomePassword the become password (-K, HERD_BECOME_PASSWORD) for hosts whose variables give none
 */
public record RunRequest(Path playbook, List<Path> inventories, Optional<String> limit, Map<String, Object> extraVars,
                         int forks, ConnectOptions connect, TagFilter tags, Optional<BecomePassword> becomePassword) {
    public RunRequest {
        inventories = List.copyOf(inventories);
        extraVars = Collections.unmodifiableMap(new LinkedHashMap<>(extraVars));
        Objects.requireNonNull(becomePassword, "becomePassword");
    }

    public RunRequest(Path playbook, List<Path> inventories, Optional<String> limit, Map<String, Object> extraVars,
                      int forks, ConnectOptions connect, TagFilter tags) {
        this(playbook, inventories, limit, extraVars, forks, connect, tags, Optional.empty());
    }

    public RunRequest(Path playbook, List<Path> inventories, Optional<String> limit, Map<String, Object> extraVars,
                      int forks, ConnectOptions connect) {
        this(playbook, inventories, limit, extraVars, forks, connect, TagFilter.ALL);
    }
}
