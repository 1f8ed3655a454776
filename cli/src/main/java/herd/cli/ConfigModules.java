package herd.cli;

import herd.engine.config.AnsibleConfig;
import herd.engine.module.bridge.ModulePaths;

/** ansible.cfg's library and collections_path (and their ANSIBLE_* variables) as where the bridge looks for modules. */
final class ConfigModules {
    private ConfigModules() {
    }

    static ModulePaths of(AnsibleConfig config) {
        String path = System.getenv("PATH");
        return new ModulePaths(config.library().value(), config.collectionsPath().value(),
                path == null ? ModulePaths.DEFAULT.searchPath() : path);
    }
}
