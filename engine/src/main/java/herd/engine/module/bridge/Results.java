package herd.engine.module.bridge;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.ObjectMapper;

import herd.engine.shell.ShellWords;
import herd.engine.transport.ExecResult;

/**
 * A module's output made into its result, as Ansible's action plugins make it: the JSON object the
 * module printed (lines before and after it are dropped, with a warning), Ansible's internal keys
 * removed, {@code stdout_lines}/{@code stderr_lines} added; output that holds no JSON is Ansible's
 * "MODULE FAILURE" with what the module printed.
 */
final class Results {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Results() {
    }

    static Map<String, Object> parse(ExecResult r, String interpreter) {
        String out = r.stdout();
        List<String> warnings = new java.util.ArrayList<>();
        Map<String, Object> data = json(out, warnings);
        if (data == null) {
            return failure(r, interpreter);
        }
        // Ansible keeps the invocation out of what register sees (its strategy drops it)
        data.keySet().removeIf(k -> k.startsWith("_ansible_") || k.equals("invocation"));
        if (data.containsKey("results") && !(data.get("results") instanceof List<?>)) {
            data.put("ansible_module_results", data.remove("results"));
            warnings.add("Found internal 'results' key in module return, renamed to 'ansible_module_results'.");
        }
        if (data.containsKey("stdout") && !data.containsKey("stdout_lines")) {
            data.put("stdout_lines", lines(data.get("stdout")));
        }
        if (data.containsKey("stderr") && !data.containsKey("stderr_lines")) {
            data.put("stderr_lines", lines(data.get("stderr")));
        }
        if (!warnings.isEmpty()) {
            List<Object> all = new java.util.ArrayList<>();
            if (data.get("warnings") instanceof List<?> given) {
                all.addAll(given);
            }
            all.addAll(warnings);
            data.put("warnings", all);
        }
        return data;
    }

    /** The first line starting with '{' to the last ending with '}', parsed; null when there is no object. */
    private static Map<String, Object> json(String out, List<String> warnings) {
        String[] lines = out.split("\n", -1);
        int start = -1;
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].strip().startsWith("{")) {
                start = i;
                break;
            }
        }
        if (start < 0) {
            return null;
        }
        int end = -1;
        for (int i = lines.length - 1; i >= start; i--) {
            if (lines[i].strip().endsWith("}")) {
                end = i;
                break;
            }
        }
        if (end < 0) {
            return null;
        }
        String text = String.join("\n", java.util.Arrays.asList(lines).subList(start, end + 1));
        try {
            @SuppressWarnings("unchecked")
            Map<String, Object> data = JSON.readValue(text, LinkedHashMap.class);
            String after = String.join("\n", java.util.Arrays.asList(lines).subList(end + 1, lines.length)).strip();
            if (!after.isEmpty()) {
                warnings.add("Module invocation had junk after the JSON data: " + after);
            }
            return data;
        } catch (java.io.IOException e) {
            return null;
        }
    }

    private static Map<String, Object> failure(ExecResult r, String interpreter) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("failed", true);
        data.put("module_stdout", r.stdout());
        data.put("module_stderr", r.stderr());
        if (r.stderr().startsWith("Traceback")) {
            data.put("exception", r.stderr());
        } else if (r.stdout().startsWith("Traceback")) {
            data.put("exception", r.stdout());
        }
        Pattern missing = Pattern.compile(Pattern.quote(interpreter) + ": (?:No such file or directory|not found)");
        String msg = missing.matcher(r.stderr()).find() || missing.matcher(r.stdout()).find()
                ? "The module failed to execute correctly, you probably need to set the interpreter." : "MODULE FAILURE";
        data.put("msg", msg + "\nSee stdout/stderr for the exact error");
        data.put("rc", r.rc());
        return data;
    }

    private static List<String> lines(Object text) {
        String s = text == null || Boolean.FALSE.equals(text) ? "" : text.toString();
        return s.isEmpty() ? List.of() : s.lines().toList();
    }

    /** An old-style module's arguments file: {@code key=value} words, each value quoted for a shell, as Python prints it. */
    static String keyValues(Map<String, Object> args) {
        StringBuilder b = new StringBuilder();
        args.forEach((k, v) -> b.append(k).append('=').append(ShellWords.quote(python(v))).append(' '));
        return b.toString();
    }

    /** A value as Python's {@code str()} prints it. */
    static String python(Object v) {
        return switch (v) {
            case null -> "None";
            case Boolean b -> b ? "True" : "False";
            case String s -> s;
            case List<?> l -> "[" + String.join(", ", l.stream().map(Results::repr).toList()) + "]";
            case Map<?, ?> m -> "{" + String.join(", ", m.entrySet().stream()
                    .map(e -> repr(e.getKey()) + ": " + repr(e.getValue())).toList()) + "}";
            default -> v.toString();
        };
    }

    private static String repr(Object v) {
        return v instanceof String s ? "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'" : python(v);
    }
}
