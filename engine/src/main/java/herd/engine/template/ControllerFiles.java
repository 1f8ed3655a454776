package herd.engine.template;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where a relative path a task names on the controller is looked for, as Ansible searches: the
 * task's role folder first ({@code role_path}: its {@code files/} or {@code templates/}, its {@code
 * tasks/}, then the folder itself), then the playbook's folder ({@code playbook_dir}: its {@code
 * files/} or {@code templates/}, then the folder itself). Used by the lookups and by the modules
 * that send a controller file (copy's and template's {@code src}).
 */
public final class ControllerFiles {
    private ControllerFiles() {
    }

    /**
     * The first existing candidate for {@code name}.
     *
     * @param vars   the task's variables ({@code role_path}, {@code playbook_dir})
     * @param subdir {@code files} or {@code templates}
     */
    public static Optional<Path> find(Map<String, ?> vars, String subdir, String name) {
        return candidates(vars, subdir, name).stream().filter(Files::exists).map(Path::normalize).findFirst();
    }

    /** Every path looked at for {@code name}, in order, for a message saying where it was not found. */
    public static List<Path> candidates(Map<String, ?> vars, String subdir, String name) {
        Path given = Path.of(name);
        if (given.isAbsolute()) {
            return List.of(given);
        }
        List<Path> out = new ArrayList<>();
        Object role = Templates.resolved(vars.get("role_path"));
        if (role != null && !role.toString().isEmpty()) {
            Path base = Path.of(role.toString()).toAbsolutePath();
            out.add(base.resolve(subdir).resolve(name));
            out.add(base.resolve("tasks").resolve(name));
            out.add(base.resolve(name));
        }
        Object dir = Templates.resolved(vars.get("playbook_dir"));
        Path base = (dir == null ? Path.of("") : Path.of(dir.toString())).toAbsolutePath();
        out.add(base.resolve(subdir).resolve(name));
        out.add(base.resolve(name));
        return out;
    }
}
