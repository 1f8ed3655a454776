package herd.engine.template;

/**
 * Jinja2 string literals follow Python: an unknown escape such as {@code '\d'} or {@code '\w'} keeps
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
}
