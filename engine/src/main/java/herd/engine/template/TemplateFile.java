package herd.engine.template;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How the template module renders a whole file, as Ansible 2.14 sets Jinja2 up for it:
 * {@code trim_blocks} on, {@code lstrip_blocks} off, {@code \n} as newline sequence, the standard
 * delimiters, unless the task's arguments or the file's {@code #jinja2:} first line (e.g.
 * {@code #jinja2: trim_blocks: False, variable_start_string: '[['}) say otherwise. The file's
 * trailing newlines are kept, as Ansible's {@code preserve_trailing_newlines} keeps them.
 */
public record TemplateFile(boolean trimBlocks, boolean lstripBlocks, boolean keepTrailingNewline,
                           String newlineSequence, String blockStart, String blockEnd, String variableStart,
                           String variableEnd, String commentStart, String commentEnd) {

    /** Ansible's template module's settings. */
    public static final TemplateFile ANSIBLE = new TemplateFile(true, false, false, "\n", "{%", "%}", "{{", "}}",
            "{#", "#}");

    private static final String OVERRIDE = "#jinja2:";

    /**
     * These settings with one setting changed, by its Jinja2 name ({@code trim_blocks},
     * {@code lstrip_blocks}, {@code keep_trailing_newline}, {@code newline_sequence},
     * {@code block_start_string}, ...); other names change nothing.
     */
    public TemplateFile with(String name, Object value) {
        String t = String.valueOf(value);
        boolean f = value instanceof Boolean b ? b : herd.engine.load.Booleans.parse(t).orElse(false);
        return switch (name) {
            case "trim_blocks" -> new TemplateFile(f, lstripBlocks, keepTrailingNewline, newlineSequence, blockStart,
                    blockEnd, variableStart, variableEnd, commentStart, commentEnd);
            case "lstrip_blocks" -> new TemplateFile(trimBlocks, f, keepTrailingNewline, newlineSequence, blockStart,
                    blockEnd, variableStart, variableEnd, commentStart, commentEnd);
            case "keep_trailing_newline" -> new TemplateFile(trimBlocks, lstripBlocks, f, newlineSequence, blockStart,
                    blockEnd, variableStart, variableEnd, commentStart, commentEnd);
            case "newline_sequence" -> new TemplateFile(trimBlocks, lstripBlocks, keepTrailingNewline, newline(t),
                    blockStart, blockEnd, variableStart, variableEnd, commentStart, commentEnd);
            case "block_start_string" -> new TemplateFile(trimBlocks, lstripBlocks, keepTrailingNewline,
                    newlineSequence, t, blockEnd, variableStart, variableEnd, commentStart, commentEnd);
            case "block_end_string" -> new TemplateFile(trimBlocks, lstripBlocks, keepTrailingNewline,
                    newlineSequence, blockStart, t, variableStart, variableEnd, commentStart, commentEnd);
            case "variable_start_string" -> new TemplateFile(trimBlocks, lstripBlocks, keepTrailingNewline,
                    newlineSequence, blockStart, blockEnd, t, variableEnd, commentStart, commentEnd);
            case "variable_end_string" -> new TemplateFile(trimBlocks, lstripBlocks, keepTrailingNewline,
                    newlineSequence, blockStart, blockEnd, variableStart, t, commentStart, commentEnd);
            case "comment_start_string" -> new TemplateFile(trimBlocks, lstripBlocks, keepTrailingNewline,
                    newlineSequence, blockStart, blockEnd, variableStart, variableEnd, t, commentEnd);
            case "comment_end_string" -> new TemplateFile(trimBlocks, lstripBlocks, keepTrailingNewline,
                    newlineSequence, blockStart, blockEnd, variableStart, variableEnd, commentStart, t);
            default -> this;
        };
    }

    /** {@code \n}, {@code \r}, {@code \r\n}, also written with backslashes as the task may give them. */
    private static String newline(String text) {
        return switch (text) {
            case "\\n" -> "\n";
            case "\\r" -> "\r";
            case "\\r\\n" -> "\r\n";
            default -> text;
        };
    }

    /** The file's text made ready for Jinjava, with the settings its first line chose. */
    record Prepared(String text, TemplateFile settings, int trailingNewlines) {
        /** The rendered text with the file's trailing newlines and the newline sequence. */
        String finish(String rendered) {
            String out = rendered;
            if (!settings.newlineSequence().equals("\n")) {
                out = out.replace("\n", settings.newlineSequence());
            }
            int have = 0;
            for (int i = out.length() - 1; i >= 0 && out.charAt(i) == '\n'; i--) {
                have++;
            }
            if (trailingNewlines > have) {
                out = out + settings.newlineSequence().repeat(trailingNewlines - have);
            }
            return out;
        }
    }

    Prepared prepare(String source) {
        int trailing = 0;
        for (int i = source.length() - 1; i >= 0 && source.charAt(i) == '\n'; i--) {
            trailing++;
        }
        TemplateFile s = this;
        String text = source;
        if (text.startsWith(OVERRIDE)) {
            int eol = text.indexOf('\n');
            String line = eol < 0 ? text.substring(OVERRIDE.length()) : text.substring(OVERRIDE.length(), eol);
            text = eol < 0 ? "" : text.substring(eol + 1);
            for (Map.Entry<String, Object> e : overrides(line).entrySet()) {
                s = s.with(e.getKey(), e.getValue());
            }
        }
        if (!s.keepTrailingNewline()) {
            // Jinja2 drops one newline at the end of the source; Ansible then adds back what is missing
            text = text.endsWith("\r\n") ? text.substring(0, text.length() - 2)
                    : text.endsWith("\n") || text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
        }
        return new Prepared(s.standard(text), s, trailing);
    }

    /** The {@code key: value} pairs of a {@code #jinja2:} line, values as Python literals. */
    private static Map<String, Object> overrides(String line) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (String pair : line.split(",")) {
            int colon = pair.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String value = pair.substring(colon + 1).strip();
            Object v = value;
            if (value.equals("True") || value.equals("False")) {
                v = value.equals("True");
            } else if (value.length() >= 2 && (value.startsWith("'") && value.endsWith("'")
                    || value.startsWith("\"") && value.endsWith("\""))) {
                v = value.substring(1, value.length() - 1);
            }
            out.put(pair.substring(0, colon).strip(), v);
        }
        return out;
    }

    /**
     * The text with custom delimiters written as Jinjava's standard ones; standard delimiters that
     * are plain text under custom ones are escaped, so they stay text.
     */
    String standard(String text) {
        if (ANSIBLE.blockStart.equals(blockStart) && ANSIBLE.blockEnd.equals(blockEnd)
                && ANSIBLE.variableStart.equals(variableStart) && ANSIBLE.variableEnd.equals(variableEnd)
                && ANSIBLE.commentStart.equals(commentStart) && ANSIBLE.commentEnd.equals(commentEnd)) {
            return text;
        }
        String[][] kinds = {{blockStart, blockEnd, "{%", "%}"}, {variableStart, variableEnd, "{{", "}}"},
            {commentStart, commentEnd, "{#", "#}"}};
        StringBuilder out = new StringBuilder();
        int i = 0;
        outer:
        while (i < text.length()) {
            for (String[] k : kinds) {
                if (text.startsWith(k[0], i)) {
                    int end = text.indexOf(k[1], i + k[0].length());
                    if (end >= 0) {
                        out.append(k[2]).append(text, i + k[0].length(), end).append(k[3]);
                        i = end + k[1].length();
                        continue outer;
                    }
                }
            }
            for (String literal : new String[] {"{{", "{%", "{#"}) {
                if (text.startsWith(literal, i)) {
                    out.append("{{ '").append(literal).append("' }}");
                    i += literal.length();
                    continue outer;
                }
            }
            out.append(text.charAt(i));
            i++;
        }
        return out.toString();
    }
}
