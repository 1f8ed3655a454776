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

    /**
     * A rewrite of the characters inside template expressions: text outside {@code {{ }}} and
     * {@code {% %}} is copied as it is, and so are the quotes of string literals.
     */
    private interface Rewrite {
        /** The character at {@code i}, in an expression outside strings; returns the index after what it used. */
        default int code(String template, int i, StringBuilder out) {
            out.append(template.charAt(i));
            return i + 1;
        }

        /** The character at {@code i}, inside a string literal; an escape is consumed whole. */
        default int string(String template, int i, StringBuilder out) {
            char c = template.charAt(i);
            if (c == '\\' && i + 1 < template.length()) {
                out.append(c).append(template.charAt(i + 1));
                return i + 2;
            }
            out.append(c);
            return i + 1;
        }
    }

    /** Walks a template as Jinja2's lexer does (expressions, their string literals) and applies the rewrite. */
    private static String rewrite(String template, Rewrite rewrite) {
        StringBuilder out = new StringBuilder(template.length() + 8);
        boolean expression = false;
        char quote = 0;
        int i = 0;
        while (i < template.length()) {
            char c = template.charAt(i);
            boolean closing = (c == '}' || c == '%') && i + 1 < template.length() && template.charAt(i + 1) == '}';
            if (!expression) {
                expression = c == '{' && i + 1 < template.length()
                        && (template.charAt(i + 1) == '{' || template.charAt(i + 1) == '%');
                out.append(c);
                i++;
            } else if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                    out.append(c);
                    i++;
                } else {
                    i = rewrite.string(template, i, out);
                }
            } else if (c == '\'' || c == '"' || closing) {
                quote = closing ? 0 : c;
                expression = !closing;
                out.append(c);
                i++;
            } else {
                i = rewrite.code(template, i, out);
            }
        }
        return out.toString();
    }

    /**
     * Jinja2 reads {@code item.0} as {@code item[0]} (a number after the dot is an index or key);
     * Jinjava cannot parse it. Inside expressions, outside string literals, this writes it the other way.
     */
    static String numericAttributes(String template) {
        if (!template.contains(".")) {
            return template;
        }
        return rewrite(template, new Rewrite() {
            @Override
            public int code(String t, int i, StringBuilder out) {
                char c = t.charAt(i);
                if (c != '.' || i + 1 >= t.length() || !Character.isDigit(t.charAt(i + 1)) || !afterName(out)) {
                    out.append(c);
                    return i + 1;
                }
                int end = i + 1;
                while (end < t.length() && Character.isDigit(t.charAt(end))) {
                    end++;
                }
                if (end < t.length() && (Character.isLetter(t.charAt(end)) || t.charAt(end) == '_')) {
                    out.append(c);
                    return i + 1;
                }
                out.append('[').append(t, i + 1, end).append(']');
                return end;
            }
        });
    }

    /** True when what precedes is a name (not a number such as {@code 1} in {@code 1.5}), or ] or ). */
    private static boolean afterName(StringBuilder before) {
        int end = before.length();
        if (end == 0) {
            return false;
        }
        char last = before.charAt(end - 1);
        if (last == ']' || last == ')') {
            return true;
        }
        int start = end;
        while (start > 0 && (Character.isLetterOrDigit(before.charAt(start - 1)) || before.charAt(start - 1) == '_')) {
            start--;
        }
        return start < end && !Character.isDigit(before.charAt(start));
    }

    static String pythonEscapes(String template) {
        if (template.indexOf('\\') < 0) {
            return template;
        }
        return rewrite(template, new Rewrite() {
            @Override
            public int string(String t, int i, StringBuilder out) {
                char c = t.charAt(i);
                if (c != '\\' || i + 1 >= t.length()) {
                    out.append(c);
                    return i + 1;
                }
                char next = t.charAt(i + 1);
                switch (next) {
                    case '\\', '\'', '"' -> out.append('\\').append(next);
                    case 'n' -> out.append('\n');
                    case 't' -> out.append('\t');
                    case 'r' -> out.append('\r');
                    default -> out.append("\\\\").append(next);
                }
                return i + 2;
            }
        });
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
