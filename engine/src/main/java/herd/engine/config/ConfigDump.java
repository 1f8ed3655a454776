package herd.engine.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The settings as {@code ansible-config dump} prints them, one a line, sorted by name:
 * {@code DEFAULT_FORKS(/etc/ansible/ansible.cfg:12) = 7}; lists and booleans as Python writes them.
 */
public final class ConfigDump {
    private ConfigDump() {
    }

    /**
     * @param all every setting with its value, defaults too; else only those the file or environment set
     *            (as {@code --only-changed})
     */
    public static List<String> lines(AnsibleConfig config, boolean all) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"CONFIG_FILE", "", config.file().map(Path::toString).orElse("None")});
        for (Map.Entry<Setting, Configured<?>> e : config.values().entrySet()) {
            if (all || e.getValue().isSet()) {
                rows.add(new String[] {e.getKey().ansibleName(), e.getValue().origin().toString(), python(e.getValue().value())});
            }
        }
        if (all) {
            for (Setting setting : Setting.values()) {
                if (!config.values().containsKey(setting)) {
                    rows.add(new String[] {setting.ansibleName(), "default", "None"});
                }
            }
        }
        rows.sort(Comparator.comparing(row -> row[0]));
        return rows.stream().map(row -> row[0] + "(" + row[1] + ") = " + row[2]).toList();
    }

    private static String python(Object value) {
        return switch (value) {
            case Boolean b -> b ? "True" : "False";
            case List<?> list -> list.stream().map(item -> "'" + item + "'").collect(Collectors.joining(", ", "[", "]"));
            case Gathering g -> g.text();
            default -> value.toString();
        };
    }
}
