package herd.engine.playbook;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import herd.engine.load.Fields;
import herd.engine.load.InputException;
import herd.engine.load.Position;
import herd.engine.load.Problem;
import herd.engine.load.YamlLoader;
import herd.engine.load.YamlNode;

/**
 * The roles of one play, read when the playbook is loaded, as Ansible 2.14 reads them: found on the
 * role search path, their {@code meta/main} dependencies first, each role's tasks with the keywords
 * of the entry that names it, its handlers joining the play's, its defaults and vars, a role run once
 * per play unless its parameters differ or it allows duplicates.
 */
final class Roles {
    /** Keywords of a role entry; every other key is a parameter of the role. */
    private static final Set<String> KEYWORDS = Set.of("role", "name", "when", "tags", "become", "become_user",
            "vars", "delegate_to", "ignore_errors", "run_once", "environment", "no_log", "become_method", "become_flags",
            "remote_user", "any_errors_fatal", "check_mode", "diff", "delegate_facts", "throttle", "ignore_unreachable",
            "collections");
    private static final Set<String> NOT_YET = Set.of("connection", "module_defaults", "debugger");
    private static final List<String> EXTENSIONS = List.of("", ".yml", ".yaml", ".json");

    private final Path playbookDir;
    private final List<Path> rolesPath;
    private final List<Problem> problems;
    /** The handlers of every role read for the play, in order. */
    final List<Handler> handlers = new ArrayList<>();
    /** The defaults and vars of the play's roles, merged in order (those of include_role only when public). */
    final Map<String, Object> defaults = new LinkedHashMap<>();
    final Map<String, Object> vars = new LinkedHashMap<>();
    /** The names of the roles read for the play, in order, dependencies too (each once). */
    final Set<String> names = new java.util.LinkedHashSet<>();
    private final Set<String> ran = new HashSet<>();
    private final Set<Path> handlersRead = new HashSet<>();
    private final List<Path> reading = new ArrayList<>();

    Roles(Path playbookDir, List<Path> rolesPath, List<Problem> problems) {
        this.playbookDir = playbookDir;
        this.rolesPath = rolesPath;
        this.problems = problems;
    }

    /** How a role is brought in: the play's roles: section, import_role or include_role. */
    record Use(String tasksFrom, String varsFrom, String defaultsFrom, String handlersFrom, boolean allowDuplicates,
               boolean exposed) {
        static final Use PLAY = new Use("main", "main", "main", "main", false, true);
    }

    /** The tasks of one entry of a play's {@code roles:} (or of a role's dependencies), dependencies first. */
    List<Task> entry(YamlNode node, PlaybookLoader loader, Use use) {
        String name;
        Task outer;
        Map<String, Object> params = new LinkedHashMap<>();
        Position at = node.position();
        if (node instanceof YamlNode.Scalar s && !s.isNull()) {
            name = s.text();
            outer = blank(at);
        } else if (node instanceof YamlNode.Mapping m) {
            Fields fields = new Fields(m, "role", problems);
            Optional<YamlNode.Scalar> named = fields.scalar("role").or(() -> fields.scalar("name"));
            if (named.isEmpty()) {
                problems.add(Problem.at(at, "a role entry needs 'role: NAME'", "write '- role: plone_client'"));
                return List.of();
            }
            name = named.get().text();
            for (YamlNode.Entry e : m.entries()) {
                if (NOT_YET.contains(e.key())) {
                    problems.add(Problem.at(e.keyPosition(), "'" + e.key() + "' is not supported by herd on a role yet"));
                } else if (!KEYWORDS.contains(e.key())) {
                    params.put(e.key(), e.value().toPlain());
                }
            }
            outer = loader.keywords(fields, at);
        } else {
            problems.add(Problem.at(at, "a role entry is a role's name or a mapping with 'role:', not a " + node.kind()));
            return List.of();
        }
        return role(name, at, outer, params, loader, use);
    }

    /** A role by name, for import_role and include_role: the task's own keywords stay on it. */
    List<Task> role(String name, Position at, Task outer, Map<String, Object> params, PlaybookLoader loader, Use use) {
        Optional<Path> dir = find(name);
        if (dir.isEmpty()) {
            problems.add(Problem.at(at, "the role '" + name + "' was not found", "looked in " + String.join(", ",
                    searchPath().stream().map(Path::toString).toList()) + " (set ANSIBLE_ROLES_PATH or roles_path)"));
            return List.of();
        }
        Path path = dir.get();
        if (reading.contains(path)) {
            problems.add(Problem.at(at, "the role '" + name + "' depends on itself: " + String.join(" -> ",
                    reading.stream().map(p -> p.getFileName().toString()).toList()) + " -> " + name));
            return List.of();
        }
        Map<String, Object> meta = yaml(path.resolve("meta"), "main", at);
        boolean allowDuplicates = use.allowDuplicates() || Boolean.TRUE.equals(meta.get("allow_duplicates"));
        if (!ran.add(path + "|" + params) && !allowDuplicates) {
            return List.of();
        }
        reading.add(path);
        names.add(name);
        loader.bridge().sources().addRole(path);
        try {
            List<Task> tasks = new ArrayList<>();
            if (meta.get("dependencies") instanceof List<?> deps && !deps.isEmpty()) {
                for (YamlNode dep : dependencyNodes(path, at)) {
                    tasks.addAll(entry(dep, loader, Use.PLAY));
                }
            }
            Map<String, Object> roleDefaults = yaml(path.resolve("defaults"), use.defaultsFrom(), at);
            Map<String, Object> roleVars = yaml(path.resolve("vars"), use.varsFrom(), at);
            if (use.exposed()) {
                defaults.putAll(roleDefaults);
                vars.putAll(roleVars);
            }
            RoleRef ref = new RoleRef(name, path, roleDefaults, roleVars, params);
            file(path.resolve("handlers"), use.handlersFrom()).filter(handlersRead::add).ifPresent(f ->
                    loader.readHandlers(f).forEach(h -> handlers.add(new Handler(h.task().inRole(ref), h.topics()))));
            Optional<Path> main = file(path.resolve("tasks"), use.tasksFrom());
            if (main.isEmpty() && !use.tasksFrom().equals("main")) {
                problems.add(Problem.at(at, "the role '" + name + "' has no tasks file '" + use.tasksFrom() + "'"));
            }
            main.flatMap(f -> loader.readTasks(f, at)).ifPresent(own -> tasks.addAll(own));
            return Inherited.from(outer, tasks).stream().map(t -> t.inRole(ref)).toList();
        } finally {
            reading.removeLast();
        }
    }

    /** The entries of a role's meta/main dependencies, with their positions. */
    private List<YamlNode> dependencyNodes(Path role, Position at) {
        Optional<Path> meta = file(role.resolve("meta"), "main");
        if (meta.isEmpty()) {
            return List.of();
        }
        try {
            if (YamlLoader.load(meta.get()) instanceof YamlNode.Mapping m
                    && m.get("dependencies").orElse(null) instanceof YamlNode.Sequence seq) {
                return seq.items();
            }
        } catch (InputException e) {
            problems.addAll(e.problems());
        }
        return List.of();
    }

    static Task blank(Position at) {
        return new Task(Optional.empty(), new Action.Block(List.of(), List.of(), List.of()), Become.UNSET, false,
                Optional.empty(), List.of(), List.of(), List.of(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), false, Set.of(), List.of(), Map.of(), Optional.empty(), TaskOptions.NONE, at);
    }

    /** Where roles are looked for, in Ansible's order: roles/ beside the playbook, the roles path, the playbook's folder. */
    List<Path> searchPath() {
        List<Path> paths = new ArrayList<>();
        paths.add(playbookDir.resolve("roles"));
        if (rolesPath.isEmpty()) {
            String home = System.getProperty("user.home");
            paths.addAll(List.of(Path.of(home, ".ansible/roles"), Path.of("/usr/share/ansible/roles"),
                    Path.of("/etc/ansible/roles")));
        } else {
            paths.addAll(rolesPath);
        }
        paths.add(playbookDir);
        return paths;
    }

    private Optional<Path> find(String name) {
        if (name.contains("/")) {
            Path path = playbookDir.resolve(name).normalize();
            return Files.isDirectory(path) ? Optional.of(path) : Optional.empty();
        }
        return searchPath().stream().map(p -> p.resolve(name).normalize()).filter(Files::isDirectory).findFirst();
    }

    /** A role's file: {@code main}, {@code main.yml}, {@code main.yaml} or {@code main.json} in the folder. */
    private static Optional<Path> file(Path folder, String main) {
        for (String ext : EXTENSIONS) {
            Path candidate = folder.resolve(main + ext);
            if (Files.isRegularFile(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** A role's defaults, vars or meta: a file, or a folder of files read in name order. */
    private Map<String, Object> yaml(Path folder, String main, Position at) {
        Map<String, Object> out = new LinkedHashMap<>();
        List<Path> files = new ArrayList<>();
        file(folder, main).ifPresent(files::add);
        Path asFolder = folder.resolve(main);
        if (files.isEmpty() && Files.isDirectory(asFolder)) {
            try (Stream<Path> all = Files.walk(asFolder)) {
                all.filter(Files::isRegularFile).filter(f -> f.toString().matches(".*\\.(ya?ml|json)$")).sorted()
                        .forEach(files::add);
            } catch (IOException e) {
                problems.add(Problem.at(at, "cannot read " + asFolder + ": " + e.getMessage()));
            }
        }
        for (Path f : files) {
            try {
                YamlNode root = YamlLoader.load(f);
                if (root instanceof YamlNode.Mapping m) {
                    m.entries().forEach(e -> out.put(e.key(), e.value().toPlain()));
                } else if (!(root instanceof YamlNode.Scalar s && s.isNull())) {
                    problems.add(Problem.at(root.position(), f.getFileName() + " must be a mapping, not a " + root.kind()));
                }
            } catch (InputException e) {
                problems.addAll(e.problems());
            }
        }
        return out;
    }
}
