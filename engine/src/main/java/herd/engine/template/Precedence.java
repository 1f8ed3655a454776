package herd.engine.template;

import java.util.ArrayList;
import java.util.List;

/**
 * In Jinja2, as in Python, {@code not} binds more loosely than a comparison: {@code not x == 'a'}
 * is {@code not (x == 'a')}. Jinjava binds it tightly, as Java's {@code !}. This rewrites a
 * condition so that Jinjava reads it as Ansible does.
 */
final class Precedence {
    private static final List<String> COMPARISONS = List.of("==", "!=", "<", ">", " in ", " is ");
    private static final List<String> JOINERS = List.of(" and ", " or ");

    private Precedence() {
    }

    static String pythonNot(String condition) {
        if (!condition.contains("not ")) {
            return condition;
        }
        List<String> parts = split(condition);
        StringBuilder out = new StringBuilder();
        for (String part : parts) {
            out.append(part.equals(" and ") || part.equals(" or ") ? part : operand(part));
        }
        return out.toString();
    }

    private static String operand(String text) {
        String lead = text.substring(0, text.length() - text.stripLeading().length());
        String trail = text.substring(text.stripTrailing().length());
        String core = text.strip();
        if (core.startsWith("(") && closing(core, 0) == core.length() - 1) {
            return lead + "(" + pythonNot(core.substring(1, core.length() - 1)) + ")" + trail;
        }
        if (core.startsWith("not ")) {
            String rest = core.substring(4).strip();
            return lead + (hasComparison(rest) ? "not (" + pythonNot(rest) + ")" : "not " + operand(rest)) + trail;
        }
        return text;
    }

    /** The text cut at top-level " and " / " or ", the separators kept as parts of their own. */
    private static List<String> split(String text) {
        List<String> parts = new ArrayList<>();
        int start = 0;
        for (int[] at = find(text, JOINERS, 0); at != null; at = find(text, JOINERS, start)) {
            parts.add(text.substring(start, at[0]));
            parts.add(JOINERS.get(at[1]));
            start = at[0] + JOINERS.get(at[1]).length();
        }
        parts.add(text.substring(start));
        return parts;
    }

    private static boolean hasComparison(String text) {
        return find(text, COMPARISONS, 0) != null;
    }

    /** Where the first of the operators stands outside quotes and brackets, and which one; null when none does. */
    private static int[] find(String text, List<String> operators, int from) {
        int depth = 0;
        char quote = 0;
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quote != 0) {
                if (c == '\\') {
                    i++;
                } else if (c == quote) {
                    quote = 0;
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == '(' || c == '[' || c == '{') {
                depth++;
            } else if (c == ')' || c == ']' || c == '}') {
                depth--;
            } else if (depth == 0) {
                for (int op = 0; op < operators.size(); op++) {
                    if (text.startsWith(operators.get(op), i)) {
                        return new int[] {i, op};
                    }
                }
            }
        }
        return null;
    }

    private static int closing(String text, int open) {
        int depth = 0;
        char quote = 0;
        for (int i = open; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == '(') {
                depth++;
            } else if (c == ')' && --depth == 0) {
                return i;
            }
        }
        return -1;
    }
}
