package herd.engine.playbook;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Ansible's free-form arguments ({@code debug: msg="hello {{ name }}" verbosity=0}): words split at
 * white space outside quotes and outside Jinja2 braces, as its parse_kv splits them.
 */
final class FreeForm {
    private FreeForm() {
    }

    /** Start and end of each word. */
    static List<int[]> spans(String text) {
        List<int[]> spans = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            if (i >= text.length()) {
                break;
            }
            int start = i;
            char quote = 0;
            int braces = 0;
            while (i < text.length() && (quote != 0 || braces > 0 || !Character.isWhitespace(text.charAt(i)))) {
                char c = text.charAt(i);
                if (quote == 0 && (c == '"' || c == '\'')) {
                    quote = c;
                } else if (c == quote) {
                    quote = 0;
                } else if (quote == 0 && (text.startsWith("{{", i) || text.startsWith("{%", i) || text.startsWith("{#", i))) {
                    braces++;
                    i++;
                } else if (quote == 0 && braces > 0 && (text.startsWith("}}", i) || text.startsWith("%}", i)
                        || text.startsWith("#}", i))) {
                    braces--;
                    i++;
                }
                i++;
            }
            spans.add(new int[] {start, Math.min(i, text.length())});
        }
        return spans;
    }

    /** key=value words as a mapping, values unquoted; empty when a word is not key=value. */
    static Optional<Map<String, String>> keyValues(String text) {
        Map<String, String> out = new LinkedHashMap<>();
        for (int[] span : spans(text)) {
            String word = text.substring(span[0], span[1]);
            int eq = word.indexOf('=');
            if (eq <= 0 || !word.substring(0, eq).matches("[A-Za-z_][A-Za-z0-9_]*")) {
                return Optional.empty();
            }
            out.put(word.substring(0, eq), value(word.substring(eq + 1)));
        }
        return Optional.of(out);
    }

    /**
     * A {@code key=value} word's value as Ansible's parse_kv reads it: Python's escapes decoded
     * ({@code \\n}, {@code \\t}, {@code \\x41}, {@code \\u00e9}, octal ...), outer quotes removed.
     */
    static String value(String v) {
        return decodeEscapes(unquoted(v));
    }

    private static final java.util.regex.Pattern ESCAPE = java.util.regex.Pattern.compile(
            "\\\\(U[0-9a-fA-F]{8}|u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|[0-7]{1,3}|[\\\\'\"abfnrtv])");

    static String decodeEscapes(String s) {
        if (s.indexOf('\\') < 0) {
            return s;
        }
        java.util.regex.Matcher m = ESCAPE.matcher(s);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String e = m.group(1);
            String decoded = switch (e.charAt(0)) {
                case 'U', 'u', 'x' -> Character.isValidCodePoint(Integer.parseUnsignedInt(e.substring(1), 16))
                        ? Character.toString(Integer.parseUnsignedInt(e.substring(1), 16)) : "\\" + e;
                case 'a' -> "\u0007";
                case 'b' -> "\b";
                case 'f' -> "\f";
                case 'n' -> "\n";
                case 'r' -> "\r";
                case 't' -> "\t";
                case 'v' -> "\u000b";
                case '\\', '\'', '"' -> e;
                default -> Character.toString(Integer.parseInt(e, 8));
            };
            m.appendReplacement(out, java.util.regex.Matcher.quoteReplacement(decoded));
        }
        m.appendTail(out);
        return out.toString();
    }

    static String unquoted(String v) {
        if (v.length() >= 2 && (v.charAt(0) == '"' || v.charAt(0) == '\'') && v.endsWith(v.substring(0, 1))) {
            return v.substring(1, v.length() - 1);
        }
        return v;
    }
}
