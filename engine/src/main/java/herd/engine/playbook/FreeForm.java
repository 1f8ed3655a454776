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
            out.put(word.substring(0, eq), unquoted(word.substring(eq + 1)));
        }
        return Optional.of(out);
    }

    static String unquoted(String v) {
        if (v.length() >= 2 && (v.charAt(0) == '"' || v.charAt(0) == '\'') && v.endsWith(v.substring(0, 1))) {
            return v.substring(1, v.length() - 1);
        }
        return v;
    }
}
