package herd.engine.run;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectMapper;

import herd.engine.event.Diff;

/**
 * The {@code diff} of a module's result (a map, or a list of maps; a looped task's in each item's
 * result) as {@link Diff}s, read the way Ansible's callbacks read it: a mapping before/after is shown
 * as sorted JSON, a missing one as empty, the notes for binary and large files as prepared text.
 */
final class Diffs {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Diffs() {
    }

    static List<Diff> of(Map<String, Object> result) {
        List<Diff> out = new ArrayList<>();
        add(result.get("diff"), out);
        if (result.get("results") instanceof List<?> items) {
            for (Object item : items) {
                if (item instanceof Map<?, ?> itemResult) {
                    add(itemResult.get("diff"), out);
                }
            }
        }
        return out;
    }

    /**
     * The {@code warnings} and {@code deprecations} of a module's result (and of each item's), as
     * Ansible's callback prints them.
     */
    static List<String> warnings(Map<String, Object> result) {
        List<String> out = new ArrayList<>();
        warningsOf(result, out);
        if (result.get("results") instanceof List<?> items) {
            for (Object item : items) {
                if (item instanceof Map<?, ?> itemResult) {
                    warningsOf(itemResult, out);
                }
            }
        }
        return out;
    }

    private static void warningsOf(Map<?, ?> result, List<String> out) {
        if (result.get("warnings") instanceof List<?> warnings) {
            warnings.forEach(w -> out.add("[WARNING]: " + w));
        }
        if (result.get("deprecations") instanceof List<?> deprecations) {
            for (Object d : deprecations) {
                if (d instanceof Map<?, ?> m && m.get("msg") != null) {
                    Object version = m.get("version") != null ? m.get("version") : m.get("date");
                    out.add("[DEPRECATION WARNING]: " + m.get("msg") + "." + (version == null ? ""
                            : " This feature will be removed in version " + version + ".")
                            + " Deprecation warnings can be disabled by setting deprecation_warnings=False in ansible.cfg.");
                } else if (d != null) {
                    out.add("[DEPRECATION WARNING]: " + d);
                }
            }
        }
    }

    private static void add(Object diff, List<Diff> out) {
        if (diff instanceof List<?> list) {
            list.forEach(d -> add(d, out));
            return;
        }
        if (!(diff instanceof Map<?, ?> d)) {
            return;
        }
        StringBuilder notes = new StringBuilder();
        if (d.containsKey("dst_binary")) {
            notes.append("diff skipped: destination file appears to be binary\n");
        }
        if (d.containsKey("src_binary")) {
            notes.append("diff skipped: source file appears to be binary\n");
        }
        if (d.containsKey("dst_larger")) {
            notes.append("diff skipped: destination file size is greater than ").append(d.get("dst_larger")).append('\n');
        }
        if (d.containsKey("src_larger")) {
            notes.append("diff skipped: source file size is greater than ").append(d.get("src_larger")).append('\n');
        }
        if (d.get("prepared") != null) {
            notes.append(d.get("prepared"));
        }
        boolean both = d.containsKey("before") && d.containsKey("after");
        if (!both && notes.isEmpty()) {
            return;
        }
        out.add(new Diff(both ? text(d.get("before")) : "", both ? text(d.get("after")) : "",
                header(d.get("before_header")), header(d.get("after_header")),
                notes.isEmpty() ? Optional.empty() : Optional.of(notes.toString())));
    }

    private static Optional<String> header(Object value) {
        return Optional.ofNullable(value).map(Object::toString);
    }

    /** Text as it is; a mapping as Ansible serializes it for a diff: JSON, keys sorted, 4 spaces, a final newline. */
    private static String text(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof Map<?, ?> map) {
            try {
                DefaultPrettyPrinter printer = new DefaultPrettyPrinter(com.fasterxml.jackson.core.util.Separators
                        .createDefaultInstance()
                        .withObjectFieldValueSpacing(com.fasterxml.jackson.core.util.Separators.Spacing.AFTER)
                        .withObjectEmptySeparator("").withArrayEmptySeparator(""))
                        .withObjectIndenter(new DefaultIndenter("    ", "\n"))
                        .withArrayIndenter(new DefaultIndenter("    ", "\n"));
                return JSON.writer(printer).writeValueAsString(sorted(map)) + "\n";
            } catch (JsonProcessingException e) {
                return map.toString() + "\n";
            }
        }
        return value.toString();
    }

    private static Object sorted(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new TreeMap<>();
            map.forEach((k, v) -> out.put(String.valueOf(k), sorted(v)));
            return out;
        }
        if (value instanceof List<?> list) {
            return list.stream().map(Diffs::sorted).toList();
        }
        return value;
    }
}
