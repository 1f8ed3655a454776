package herd.engine.run;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import herd.engine.load.InputException;
import herd.engine.load.Problem;
import herd.engine.load.YamlLoader;
import herd.engine.load.YamlNode;
import herd.engine.playbook.Play;
import herd.engine.playbook.Text;
import herd.engine.template.TemplateError;
import herd.engine.template.Templates;

/**
 * A play's {@code vars_files} for one host, as Ansible reads them: each path a template filled with
 * the host's inventory, the play's vars and -e, relative to the playbook's folder; an entry that is
 * a list takes the first file that exists. Each file is read once per run.
 */
final class VarsFiles {
    private final Templates templates;
    private final Map<Path, Map<String, Object>> read = new HashMap<>();

    VarsFiles(Templates templates) {
        this.templates = templates;
    }

    /** The variables of the play's vars_files for a host, merged in order; problems are added to the list. */
    Map<String, Object> of(Play play, Map<String, Object> vars, List<Problem> problems) {
        Map<String, Object> out = new LinkedHashMap<>();
        Path folder = play.position().file().toAbsolutePath().getParent();
        for (Play.VarsFile entry : play.varsFiles()) {
            Optional<Path> found = Optional.empty();
            Text last = entry.candidates().getLast();
            for (Text candidate : entry.candidates()) {
                Path path;
                try {
                    path = folder.resolve(templates.render(candidate.raw(), templates.lazy(vars))).normalize();
                } catch (TemplateError e) {
                    problems.add(Problem.at(candidate.position(), e.getMessage() + " in 'vars_files'",
                            "vars_files paths can use inventory variables, play vars and -e"));
                    return out;
                }
                if (Files.isRegularFile(path)) {
                    found = Optional.of(path);
                    break;
                }
                last = new Text(path.toString(), candidate.position());
            }
            if (found.isEmpty()) {
                problems.add(Problem.at(last.position(), "vars file " + last.raw()
                        + (Files.exists(Path.of(last.raw())) ? " is not a regular file" : " was not found"),
                        entry.candidates().size() > 1 ? "none of the files of this entry exists" : null));
                continue;
            }
            out.putAll(file(found.get(), problems));
        }
        return out;
    }

    private Map<String, Object> file(Path path, List<Problem> problems) {
        Map<String, Object> cached = read.get(path);
        if (cached != null) {
            return cached;
        }
        Map<String, Object> vars = new LinkedHashMap<>();
        try {
            YamlNode root = YamlLoader.load(path);
            if (root instanceof YamlNode.Mapping m) {
                m.entries().forEach(e -> vars.put(e.key(), e.value().toPlain()));
            } else if (!(root instanceof YamlNode.Scalar s && s.isNull())) {
                problems.add(Problem.at(root.position(), "a vars file must be a mapping of variables, not a " + root.kind()));
            }
        } catch (InputException e) {
            problems.addAll(e.problems());
        }
        read.put(path, vars);
        return vars;
    }
}
