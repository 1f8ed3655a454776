package herd.engine.module.bridge;

import java.nio.file.Path;
import java.util.List;

/**
 * Where a run looks for modules beyond herd's own, as the user configured it.
 *
 * @param library     ansible.cfg's {@code library} / {@code ANSIBLE_LIBRARY}
 * @param collections {@code collections_path} / {@code ANSIBLE_COLLECTIONS_PATH}
 * @param searchPath  the controller's {@code PATH}, where {@code ansible-playbook} may say which Python has Ansible
 */
public record ModulePaths(List<Path> library, List<Path> collections, String searchPath) {
    private static final Path HOME = Path.of(System.getProperty("user.home"));

    /** Ansible's default folders. */
    public static final ModulePaths DEFAULT = new ModulePaths(
            List.of(HOME.resolve(".ansible/plugins/modules"), Path.of("/usr/share/ansible/plugins/modules")),
            List.of(HOME.resolve(".ansible/collections"), Path.of("/usr/share/ansible/collections")),
            "/usr/local/bin:/usr/bin:/bin");

    public ModulePaths {
        library = List.copyOf(library);
        collections = List.copyOf(collections);
    }

    /** The bridge of one load: these folders, and the controller's Ansible found on first need. */
    public Bridge bridge() {
        return new Bridge(new ModuleSources(library, collections, () -> ControllerAnsible.find(
                java.util.Map.of("PATH", searchPath))));
    }
}
