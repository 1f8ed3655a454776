package herd.engine.load;

import herd.engine.shell.ShellWords;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads -e/--extra-vars values as Ansible does: key=value pairs, a YAML/JSON mapping, or @file. */
public final class ExtraVars {
    private ExtraVars() {
    }

    public static Map<String, Object> parse(List<String> values) {
        Map<String, Object> vars = new LinkedHashMap<>();
        for (String value : values) {
            String v = value.trim();
            if (v.startsWith("@")) {
                vars.putAll(mapping(YamlLoader.load(Path.of(v.substring(1))), v));
            } else if (v.startsWith("{")) {
                vars.putAll(mapping(YamlLoader.parse(Path.of("-e"), v), v));
            } else {
                for (String pair : splitPairs(v)) {
                    int eq = pair.indexOf('=');
                    if (eq <= 0) {
                        throw new InputException(Problem.at(Position.of("-e"), "extra variable '" + pair
                                + "' is not key=value", "write -e name=value, -e '{\"name\": 1}' or -e @vars.yml"));
                    }
                    vars.put(pair.substring(0, eq), pair.substring(eq + 1));
                }
            }
        }
        return vars;
    }

    private static List<String> splitPairs(String text) {
        return herd.engine.shell.ShellWords.split(text);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> mapping(YamlNode node, String source) {
        if (node instanceof YamlNode.Mapping m) {
            return (Map<String, Object>) m.toPlain();
        }
        throw new InputException(Problem.at(node.position(), "extra variables from '" + source + "' must be a mapping"));
    }
}
