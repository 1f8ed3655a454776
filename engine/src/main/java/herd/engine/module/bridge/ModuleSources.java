package herd.engine.module.bridge;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Where Ansible 2.14 finds a module a task names, and so where herd finds the modules it has no
 * native version of. Library folders (the playbook's {@code library/}, each role's, then
 * ansible.cfg's {@code library} / {@code ANSIBLE_LIBRARY}, each with its subfolders) come before
 * ansible-core's own modules for a short or {@code ansible.legacy.} name; {@code ansible.builtin.}
 * names are ansible-core's only, and its {@code ansible_builtin_runtime.yml} sends the short names of
 * modules that moved to collections there. A collection's module is looked for in the first folder
 * of the collection search path that has the collection: the playbook's {@code collections/}, then
 * {@code collections_path} / {@code ANSIBLE_COLLECTIONS_PATH}, then the controller Python's path;
 * its {@code meta/runtime.yml} may redirect or retire it. A task's {@code collections:} are tried in
 * order for a short name, then {@code ansible.legacy}.
 */
public final class ModuleSources {
    private static final Set<String> NOT_MODULE_FILES = Set.of("pyc", "pyo", "swp", "bak", "md", "txt", "rst", "yml",
            "yaml", "json", "ini", "cfg", "orig", "rej");

    private final List<Path> library;
    private final List<Path> collectionsPath;
    private final Supplier<ControllerAnsible.Found> controller;
    private final List<Path> extraLibraries = new ArrayList<>();
    private final List<Path> playbookCollections = new ArrayList<>();
    private final List<Path> actionPluginDirs = new ArrayList<>();
    private ControllerAnsible.Found found;

    /**
     * @param library         ansible.cfg's {@code library} / {@code ANSIBLE_LIBRARY} (Ansible's default folders when
     *                        not set)
     * @param collectionsPath {@code collections_path} / {@code ANSIBLE_COLLECTIONS_PATH}
     * @param controller      the controller's Ansible, asked for on first need
     */
    public ModuleSources(List<Path> library, List<Path> collectionsPath, Supplier<ControllerAnsible.Found> controller) {
        this.library = List.copyOf(library);
        this.collectionsPath = List.copyOf(collectionsPath);
        this.controller = controller;
    }

    /** No modules beyond herd's own: every other name is unknown (tests, and where no bridge is wanted). */
    public static ModuleSources none() {
        return new ModuleSources(List.of(), List.of(), () -> new ControllerAnsible.Missing("no bridge in this run"));
    }

    /** A playbook's folder: its {@code library/}, {@code collections/} and {@code action_plugins/}, as Ansible adds them. */
    public void addPlaybookDir(Path dir) {
        addTo(extraLibraries, dir.resolve("library"));
        addTo(playbookCollections, dir.resolve("collections"));
        addTo(actionPluginDirs, dir.resolve("action_plugins"));
    }

    /** A role's folder: its {@code library/} serves every later task of the run, as in Ansible. */
    public void addRole(Path roleDir) {
        addTo(extraLibraries, roleDir.resolve("library"));
        addTo(actionPluginDirs, roleDir.resolve("action_plugins"));
    }

    private static void addTo(List<Path> list, Path dir) {
        Path p = dir.toAbsolutePath().normalize();
        if (!list.contains(p) && Files.isDirectory(p)) {
            list.add(p);
        }
    }

    /** ansible-core 2.14's action plugins: a task naming one runs the plugin, whatever a library folder holds. */
    private static final Set<String> CORE_ACTION_PLUGINS = Set.of("add_host", "assemble", "assert", "async_status",
            "command", "copy", "debug", "fail", "fetch", "gather_facts", "group_by", "include_vars", "package", "pause",
            "raw", "reboot", "script", "service", "set_fact", "set_stats", "shell", "template", "unarchive", "uri",
            "validate_argument_spec", "wait_for_connection", "yum", "meta", "import_tasks", "include_tasks",
            "import_role", "include_role", "setup");

    /**
     * A library folder's module named as one of herd's native modules, which Ansible would run instead
     * of its own for a short or {@code ansible.legacy.} name (unless an action plugin of that name runs).
     */
    public Optional<ModuleFile> libraryOverride(String key) {
        String name = key.startsWith("ansible.legacy.") ? key.substring("ansible.legacy.".length()) : key;
        if (name.contains(".") || CORE_ACTION_PLUGINS.contains(name)) {
            return Optional.empty();
        }
        return inLibraries(name);
    }

    /** What a name resolves to. */
    public sealed interface Resolution permits Found, Refused, NotFound {
    }

    /**
     * @param warnings deprecations met on the way (a redirect or a module marked deprecated)
     * @param ansible  the controller's Ansible; empty for a library module that needs none of it
     */
    public record Found(ModuleFile file, Optional<String> actionPlugin, List<String> warnings,
                        Optional<ControllerAnsible> ansible)
            implements Resolution {
    }

    /** The module exists but herd will not run it, and why. */
    public record Refused(String why, Optional<String> hint) implements Resolution {
    }

    /** @param looked where herd looked, for the message */
    public record NotFound(String looked) implements Resolution {
    }

    /**
     * The module a task's key names.
     *
     * @param collections the task's {@code collections:} (play, block and task keywords), in order
     */
    public Resolution resolve(String name, List<String> collections) {
        if (!name.matches("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)*")) {
            return new NotFound("(not a module name)");
        }
        if (found == null) {
            found = controller.get();
        }
        List<String> warnings = new ArrayList<>();
        List<String> looked = new ArrayList<>();
        String[] parts = name.split("\\.");
        Resolution r;
        if (parts.length >= 3) {
            r = qualified(name, warnings, looked, 0);
        } else if (parts.length == 1) {
            r = null;
            List<String> order = new ArrayList<>(collections);
            if (!order.contains("ansible.legacy") && !order.contains("ansible.builtin")) {
                order.add("ansible.legacy");
            }
            for (String collection : order) {
                r = qualified(collection + "." + name, warnings, looked, 0);
                if (!(r instanceof NotFound)) {
                    break;
                }
            }
        } else {
            return new NotFound("(a module's name is a short name or namespace.collection.name)");
        }
        if (r instanceof NotFound) {
            return new NotFound(String.join("; ", new LinkedHashSet<>(looked)));
        }
        return r;
    }

    private Resolution qualified(String fqcn, List<String> warnings, List<String> looked, int hops) {
        if (hops > 10) {
            return new Refused("the module redirects go round in a circle at " + fqcn, Optional.empty());
        }
        String[] parts = fqcn.split("\\.");
        String collection = parts[0] + "." + parts[1];
        String rest = String.join(".", java.util.Arrays.copyOfRange(parts, 2, parts.length));
        if (!(found instanceof ControllerAnsible.Installed(ControllerAnsible ansible))) {
            String missing = ((ControllerAnsible.Missing) found).reason();
            Optional<ModuleFile> local = collection.equals("ansible.legacy") ? inLibraries(rest) : Optional.empty();
            if (local.isPresent() && local.get().kind() != ModuleFile.Kind.NEW_STYLE) {
                return checked(local.get(), actionIn(actionPluginDirs, rest), warnings, null);
            }
            if (local.isPresent()) {
                return new Refused("the module " + local.get().path() + " imports Ansible's module_utils, and the"
                        + " controller has no Ansible to take them from: " + missing,
                        Optional.of("install ansible-core on the controller"));
            }
            looked.add(librariesLooked());
            looked.add("no Ansible on the controller to take modules from: " + missing + " (install ansible-core)");
            return new NotFound("");
        }
        return switch (collection) {
            case "ansible.legacy" -> {
                Optional<ModuleFile> local = inLibraries(rest);
                if (local.isPresent()) {
                    yield checked(local.get(), actionIn(actionPluginDirs, rest), warnings, ansible);
                }
                looked.add(librariesLooked());
                yield builtin(rest, collection, warnings, looked, hops, ansible);
            }
            case "ansible.builtin" -> builtin(rest, collection, warnings, looked, hops, ansible);
            default -> inCollection(collection, rest, warnings, looked, hops, ansible);
        };
    }

    private Resolution builtin(String name, String prefix, List<String> warnings, List<String> looked, int hops,
                               ControllerAnsible ansible) {
        Optional<Path> file = moduleIn(ansible.modulesDir(), name);
        if (file.isPresent()) {
            Optional<String> action = coreAction(ansible, name).or(() -> actionIn(actionPluginDirs, name));
            return checked(file.get(), "ansible.builtin." + name, "ansible.modules." + name, Optional.empty(), action,
                    warnings, ansible);
        }
        looked.add("ansible-core's modules in " + ansible.modulesDir());
        Routing.Route route = Routing.of(ansible.packageDir().resolve("config/ansible_builtin_runtime.yml"), name);
        return routed(route, prefix + "." + name, warnings, looked, hops);
    }

    private Resolution routed(Routing.Route route, String fqcn, List<String> warnings, List<String> looked, int hops) {
        if (route.tombstone().isPresent()) {
            return new Refused("the module " + fqcn + " has been removed: " + route.tombstone().get(), Optional.empty());
        }
        route.deprecation().ifPresent(d -> warnings.add("[DEPRECATION WARNING]: " + fqcn + " has been deprecated. " + d));
        if (route.redirect().isPresent()) {
            String target = route.redirect().get();
            if (target.split("\\.").length < 3) {
                return new NotFound("");
            }
            Resolution r = qualified(target, warnings, looked, hops + 1);
            if (r instanceof NotFound) {
                looked.add(fqcn + " is now " + target + ", from the collection " + target.substring(0,
                        target.indexOf('.', target.indexOf('.') + 1)) + " (ansible-galaxy collection install it)");
            }
            return r;
        }
        return new NotFound("");
    }

    private Resolution inCollection(String collection, String name, List<String> warnings, List<String> looked, int hops,
                                    ControllerAnsible ansible) {
        String[] nc = collection.split("\\.");
        List<Path> roots = collectionRoots(ansible);
        for (Path root : roots) {
            Path dir = root.resolve("ansible_collections").resolve(nc[0]).resolve(nc[1]);
            if (!Files.isDirectory(dir)) {
                continue;
            }
            Routing.Route route = Routing.of(dir.resolve("meta/runtime.yml"), name);
            if (route.tombstone().isPresent() || route.redirect().isPresent()) {
                return routed(route, collection + "." + name, warnings, looked, hops);
            }
            route.deprecation().ifPresent(d -> warnings.add("[DEPRECATION WARNING]: " + collection + "." + name
                    + " has been deprecated. " + d));
            Path modules = dir.resolve("plugins/modules").resolve(name.replace('.', '/')).getParent();
            String shortName = name.substring(name.lastIndexOf('.') + 1);
            Optional<Path> file = moduleIn(modules, shortName);
            if (file.isEmpty()) {
                looked.add(collection + " in " + dir + " has no module " + name);
                return new NotFound("");
            }
            Optional<String> action = route.actionPlugin().or(() -> actionIn(List.of(dir.resolve("plugins/action")
                    .resolve(name.replace('.', '/')).getParent()), shortName).map(a -> collection + "." + a));
            return checked(file.get(), collection + "." + name, "ansible_collections." + collection + ".plugins.modules."
                    + name, Optional.of(dir), action, warnings, ansible);
        }
        looked.add("the collection " + collection + ", which is not installed in any of " + String.join(", ",
                roots.stream().map(Path::toString).toList()) + " (ansible-galaxy collection install " + collection + ")");
        return new NotFound("");
    }

    /** The collection search path, each folder holding (or being) an ansible_collections folder. */
    List<Path> collectionRoots(ControllerAnsible ansible) {
        List<Path> roots = new ArrayList<>();
        Stream.of(playbookCollections, collectionsPath, ansible.sysPathCollections()).flatMap(List::stream)
                .map(p -> p.getFileName() != null && p.getFileName().toString().equals("ansible_collections")
                        ? p.getParent() : p)
                .map(p -> p.toAbsolutePath().normalize())
                .filter(p -> !roots.contains(p))
                .forEach(roots::add);
        return roots;
    }

    private Optional<ModuleFile> inLibraries(String name) {
        if (name.contains(".")) {
            return Optional.empty();
        }
        for (Path dir : libraries()) {
            Optional<Path> file = moduleIn(dir, name);
            if (file.isPresent()) {
                try {
                    return Optional.of(new ModuleFile("ansible.legacy." + name, "ansible.modules." + name, file.get(),
                            ModuleFile.kindOf(file.get()), Optional.empty()));
                } catch (IOException e) {
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }

    private String librariesLooked() {
        List<Path> dirs = libraries();
        return dirs.isEmpty() ? "no library folder (a library/ beside the playbook or in a role, ANSIBLE_LIBRARY)"
                : "the library folders " + String.join(", ", dirs.stream().map(Path::toString).toList());
    }

    /** The playbook's and roles' library folders, then the configured ones, each followed by its subfolders. */
    List<Path> libraries() {
        List<Path> dirs = new ArrayList<>(extraLibraries);
        for (Path p : library) {
            Path dir = p.toAbsolutePath().normalize();
            if (!Files.isDirectory(dir)) {
                continue;
            }
            dirs.add(dir);
            try (Stream<Path> subs = Files.list(dir)) {
                subs.filter(Files::isDirectory).sorted().forEach(dirs::add);
            } catch (IOException ignored) {
                // an unreadable folder holds nothing herd can use
            }
        }
        return dirs;
    }

    /** {@code name.py}, else {@code name}, else {@code name.EXT} for a script or program. */
    static Optional<Path> moduleIn(Path dir, String name) {
        if (dir == null || !Files.isDirectory(dir)) {
            return Optional.empty();
        }
        for (String candidate : List.of(name + ".py", name)) {
            Path p = dir.resolve(candidate);
            if (Files.isRegularFile(p)) {
                return Optional.of(p);
            }
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(Files::isRegularFile).filter(p -> {
                String file = p.getFileName().toString();
                int dot = file.lastIndexOf('.');
                return dot > 0 && file.substring(0, dot).equals(name) && !NOT_MODULE_FILES.contains(file.substring(dot + 1));
            }).sorted().findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static Optional<String> actionIn(List<Path> dirs, String name) {
        for (Path dir : dirs) {
            if (dir != null && Files.isRegularFile(dir.resolve(name + ".py"))) {
                return Optional.of(name);
            }
        }
        return Optional.empty();
    }

    /** ansible-core's action plugin of that name, other than the one that only runs the module. */
    private static Optional<String> coreAction(ControllerAnsible ansible, String name) {
        Path file = ansible.packageDir().resolve("plugins/action").resolve(name + ".py");
        return Files.isRegularFile(file) && !name.equals("normal") ? Optional.of("ansible.builtin." + name)
                : Optional.empty();
    }

    private Resolution checked(ModuleFile file, Optional<String> action, List<String> warnings, ControllerAnsible ansible) {
        return checked(file.path(), file.fqcn(), file.pythonName(), file.collection(), action, warnings, ansible);
    }

    private Resolution checked(Path path, String fqcn, String pythonName, Optional<Path> collection,
                               Optional<String> action, List<String> warnings, ControllerAnsible ansible) {
        ModuleFile.Kind kind;
        try {
            kind = ModuleFile.kindOf(path);
        } catch (IOException e) {
            return new Refused("the module file " + path + " cannot be read: " + e.getMessage(), Optional.empty());
        }
        if (kind == ModuleFile.Kind.POWERSHELL) {
            return new Refused(fqcn + " (" + path + ") is a PowerShell module, for Windows hosts; herd runs modules"
                    + " on POSIX hosts over SSH", Optional.empty());
        }
        return new Found(new ModuleFile(fqcn, pythonName, path, kind, collection), action, List.copyOf(warnings),
                Optional.ofNullable(ansible));
    }
}
