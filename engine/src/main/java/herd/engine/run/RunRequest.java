package herd.engine.run;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import herd.engine.transport.ConnectOptions;

/**
 * Everything a run needs to know, as the user gave it.
 *
 * @param rolesPath where roles are looked for after the playbook's roles/ folder (ansible.cfg's
 *                  roles_path, ANSIBLE_ROLES_PATH); empty for Ansible's default folders
 * @param modules   where modules herd has no native version of are looked for (library, collections)
 */
public record RunRequest(Path playbook, List<Path> inventories, Optional<String> limit, Map<String, Object> extraVars,
                         ConnectOptions connect, TagFilter tags, RunOptions options, List<Path> rolesPath,
                         herd.engine.module.bridge.ModulePaths modules) {
    public RunRequest {
        inventories = List.copyOf(inventories);
        extraVars = Collections.unmodifiableMap(new LinkedHashMap<>(extraVars));
        rolesPath = List.copyOf(rolesPath);
    }

    public RunRequest(Path playbook, List<Path> inventories, Optional<String> limit, Map<String, Object> extraVars,
                      ConnectOptions connect, TagFilter tags, RunOptions options, List<Path> rolesPath) {
        this(playbook, inventories, limit, extraVars, connect, tags, options, rolesPath,
                herd.engine.module.bridge.ModulePaths.DEFAULT);
    }

    /** The same request, with modules looked for in these folders. */
    public RunRequest withModules(herd.engine.module.bridge.ModulePaths paths) {
        return new RunRequest(playbook, inventories, limit, extraVars, connect, tags, options, rolesPath, paths);
    }

    public RunRequest(Path playbook, List<Path> inventories, Optional<String> limit, Map<String, Object> extraVars,
                      ConnectOptions connect, TagFilter tags, RunOptions options) {
        this(playbook, inventories, limit, extraVars, connect, tags, options, List.of());
    }

    public RunRequest(Path playbook, List<Path> inventories, Optional<String> limit, Map<String, Object> extraVars,
                      int forks, ConnectOptions connect) {
        this(playbook, inventories, limit, extraVars, connect, TagFilter.ALL, new RunOptions(forks));
    }
}
