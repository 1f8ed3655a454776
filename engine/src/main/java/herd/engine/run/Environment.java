package herd.engine.run;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import herd.engine.playbook.Task;
import herd.engine.template.TemplateError;
import herd.engine.template.Templates;

/**
 * A task's {@code environment} (its play's, blocks' and its own, inner over outer), and how it
 * reaches the command: never in an argument list (where {@code ps} on the host shows it) but on the
 * command's standard input, read by a few lines of shell before the command runs, each value
 * base64-encoded so that any byte survives. A sudo password line that sudo did not read (NOPASSWD)
 * comes before the block and is skipped.
 */
final class Environment {
    private static final String START = "__herd_env";
    private static final String END = "__herd_env_end";
    /** Reads the block from standard input and exports it; then the command's own script follows. */
    static final String READER = "while IFS= read -r __herd_l; do [ \"$__herd_l\" = " + START + " ] && break; done; "
            + "while IFS=' ' read -r __herd_n __herd_v; do [ \"$__herd_n\" = " + END + " ] && break; "
            + "export \"$__herd_n=$(printf %s \"$__herd_v\" | base64 -d)\"; done; unset __herd_l __herd_n __herd_v; ";

    private Environment() {
    }

    /** The task's environment with templates filled; empty when it has none. */
    static Map<String, String> of(Task task, Map<String, Object> vars, Templates templates) {
        Map<String, String> env = new LinkedHashMap<>();
        for (Object layer : task.options().environment()) {
            Object value = templates.value(layer, vars);
            if (!(value instanceof Map<?, ?> map)) {
                throw new TemplateError("environment must be a mapping of variable names to values, not '" + value + "'");
            }
            for (Map.Entry<?, ?> e : map.entrySet()) {
                String name = String.valueOf(e.getKey());
                if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                    throw new TemplateError("environment: '" + name + "' is not a valid variable name");
                }
                env.put(name, e.getValue() == null ? "" : String.valueOf(Templates.resolved(e.getValue())));
            }
        }
        return env;
    }

    /** What the reader takes from standard input. */
    static byte[] block(Map<String, String> env) {
        StringBuilder out = new StringBuilder(START).append('\n');
        Base64.Encoder base64 = Base64.getEncoder();
        env.forEach((name, value) -> out.append(name).append(' ')
                .append(base64.encodeToString(value.getBytes(StandardCharsets.UTF_8))).append('\n'));
        return out.append(END).append('\n').toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The names only, for --check (the values are never shown). */
    static String names(Map<String, String> env) {
        return String.join(", ", List.copyOf(env.keySet()));
    }
}
