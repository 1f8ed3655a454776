package herd.engine.template;

/**
 * Where Jinjava's lexing differs from Jinja2's. Jinja2 string literals follow Python: an unknown escape such as {@code '\d'} or {@code '\w'} keeps
 * its backslash, so playbooks write regular expressions that way. Jinjava's literals accept only
 * {@code \'}, {@code \"} and {@code \\}; this rewrites the others, inside expressions only, to what
 * Python would have made of them.
 */
final class StringLiterals {
    private StringLiterals() {
    }

    static String pythonEscapes(String template) {
        if (template.indexOf('\\') < 0) {
            return template;
        }
        StringBuilder out = new StringBuilder(template.length() + 8);
        boolean expression = false;
        char quote = 0;
        for (int i = 0; i < template.length(); i++) {
            char c = template.charAt(i);
            if (!expression) {
                if (c == '{' && i + 1 < template.length() && (template.charAt(i + 1) == '{' || template.charAt(i + 1) == '%')) {
                    expression = true;
                }
                out.append(c);
            } else if (quote == 0) {
                if (c == '\'' || c == '"') {
                    quote = c;
                } else if ((c == '}' || c == '%') && i + 1 < template.length() && template.charAt(i + 1) == '}') {
                    expression = false;
                }
                out.append(c);
            } else if (c == quote) {
                quote = 0;
                out.append(c);
            } else if (c == '\\' && i + 1 < template.length()) {
                char next = template.charAt(++i);
                switch (next) {
                    case '\\', '\'', '"' -> out.append('\\').append(next);
                    case 'n' -> out.append('\n');
                    case 't' -> out.append('\t');
                    case 'r' -> out.append('\r');
                    default -> out.append("\\\\").append(next);
                }
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /**
     * Jinja2 ends an expression at a {@code }}} only outside dict literals; Jinjava ends it at the
     * first one, so {@code {{ {'a': {'b': 1}} }}} breaks. This puts a space between the closing
     * braces of nested dicts, inside expressions and outside strings.
     */
    static String nestedBraces(String template) {
        if (!template.contains("}}")) {
            return template;
        }
        StringBuilder out = new StringBuilder(template.length() + 8);
        boolean expression = false;
        int depth = 0;
        char quote = 0;
        for (int i = 0; i < template.length(); i++) {
            char c = template.charAt(i);
            char next = i + 1 < template.length() ? template.charAt(i + 1) : 0;
            out.append(c);
            if (!expression) {
                if (c == '{' && (next == '{' || next == '%')) {
                    expression = true;
                    depth = 0;
                    out.append(next);
                    i++;
                }
            } else if (quote != 0) {
                if (c == '\\' && next != 0) {
                    out.append(next);
                    i++;
                } else if (c == quote) {
                    quote = 0;
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == '{') {
                depth++;
            } else if (c == '}' && depth > 0) {
                depth--;
                if (next == '}') {
                    out.append(' ');
                }
            } else if ((c == '}' || c == '%') && next == '}') {
                expression = false;
                out.append(next);
                i++;
            }
        }
        return out.toString();
    }
}
