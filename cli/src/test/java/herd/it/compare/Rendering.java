package herd.it.compare;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A value from Ansible's JSON written as herd writes a value it prints whole ({@code debug: var=x},
 * {@code msg: "{{ a_list }}"}, an item's label): strings as they are, lists as {@code [a, b]},
 * mappings as {@code {k=v}} (keys sorted, as the comparison callback prints them). Ansible writes
 * the same values as JSON; printing them the other way round is notation, not meaning, so the suite
 * compares the values, not the brackets and quotes around them.
 *
 * <p>This applies only where a value stands alone. A list inside a larger string is text both tools
 * made, and is compared as that text.
 */
final class Rendering {
    private Rendering() {
    }

    static String of(JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return "null";
        }
        if (value.isTextual()) {
            return value.asText();
        }
        if (value.isArray()) {
            List<String> parts = new ArrayList<>();
            value.forEach(v -> parts.add(of(v)));
            return "[" + String.join(", ", parts) + "]";
        }
        if (value.isObject()) {
            List<String> parts = new ArrayList<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                parts.add(e.getKey() + "=" + of(e.getValue()));
            }
            return "{" + String.join(", ", parts) + "}";
        }
        return value.asText();
    }
}
