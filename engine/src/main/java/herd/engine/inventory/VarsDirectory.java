package herd.engine.inventory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import herd.engine.load.InputException;
import herd.engine.load.Position;
import herd.engine.load.Problem;
import herd.engine.load.YamlLoader;
import herd.engine.load.YamlNode;

/**
 * The {@code group_vars/} and {@code host_vars/} folders of one directory, read as Ansible's
 * {@code host_group_vars} plugin reads them: for a name, the first of {@code NAME},
 * {@code NAME.yml}, {@code NAME.yaml}, {@code NAME.json} that exists; when it is a folder, every file
 * in it (and its sub-folders) with one of those extensions or none, in sorted order, later files
 * overriding earlier ones. Hidden files and backups ({@code ~}) are skipped. Values keep their YAML types.
 */
final class VarsDirectory {
    private static final List<String> EXTENSIONS = List.of("", ".yml", ".yaml", ".json");

    private final Path base;
    private final List<Problem> problems;
    private final Map<String, Map<String, Object>> cache = new HashMap<>();

    VarsDirectory(Path base, List<Problem> problems) {
        this.base = base;
        this.problems = problems;
    }

    Path base() {
        return base;
    }

    Map<String, Object> groupVars(String group) {
        return vars("group_vars", group);
    }

    Map<String, Object> hostVars(String host) {
        return vars("host_vars", host);
    }

    private Map<String, Object> vars(String folder, String name) {
        // Ansible skips names that look like absolute paths (chroot-style host names).
        if (name.startsWith("/")) {
            return Map.of();
        }
        return cache.computeIfAbsent(folder + "/" + name, key -> load(base.resolve(folder), name));
    }

    private Map<String, Object> load(Path dir, String name) {
        Map<String, Object> vars = new LinkedHashMap<>();
        if (!Files.isDirectory(dir)) {
            return vars;
        }
        for (Path file : files(dir, name)) {
            vars.putAll(read(file));
        }
        return vars;
    }

    /** The files for a name, as the data loader's {@code find_vars_files}. */
    static List<Path> files(Path dir, String name) {
        for (String ext : EXTENSIONS) {
            Path candidate = dir.resolve(name + ext);
            if (Files.isDirectory(candidate)) {
                return folder(candidate);
            }
            if (Files.exists(candidate)) {
                return List.of(candidate);
            }
        }
        return List.of();
    }

    private static List<Path> folder(Path dir) {
        List<Path> found = new ArrayList<>();
        List<Path> entries;
        try (Stream<Path> list = Files.list(dir)) {
            entries = list.sorted(Inventories.BY_NAME).toList();
        } catch (IOException e) {
            return found;
        }
        for (Path entry : entries) {
            String file = entry.getFileName().toString();
            if (file.startsWith(".") || file.endsWith("~")) {
                continue;
            }
            String ext = Inventories.extension(file);
            if (Files.isDirectory(entry) && ext.isEmpty()) {
                found.addAll(folder(entry));
            } else if (Files.isRegularFile(entry) && EXTENSIONS.contains(ext)) {
                found.add(entry);
            }
        }
        return found;
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> read(Path file) {
        YamlNode root;
        try {
            root = YamlLoader.load(file);
        } catch (InputException e) {
            problems.addAll(e.problems());
            return Map.of();
        }
        if (root instanceof YamlNode.Mapping m) {
            return (Map<String, Object>) m.toPlain();
        }
        if (root instanceof YamlNode.Scalar s && s.isNull()) {
            return Map.of();
        }
        problems.add(Problem.at(root.position(), "the variables in " + base.relativize(file) + " must be a mapping, not a "
                + root.kind()));
        return Map.of();
    }
}
