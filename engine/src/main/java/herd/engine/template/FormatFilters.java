package herd.engine.template;

import static herd.engine.template.AnsibleFilters.filter;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hubspot.jinjava.lib.filter.Filter;

/**
 * JSON and YAML in and out, written as Python's json and PyYAML write them for Ansible: to_json
 * with ", " and ": ", to_nice_json indented by 4 with sorted keys, to_yaml with flow style for
 * collections of scalars, to_nice_yaml in block style indented by 4, keys sorted in both.
 */
final class FormatFilters {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper ASCII_JSON = new ObjectMapper()
            .enable(com.fasterxml.jackson.core.json.JsonWriteFeature.ESCAPE_NON_ASCII.mappedFeature());

    private FormatFilters() {
    }

    static List<Filter> all() {
        return List.of(
                filter("to_json", (value, call) -> json(value, -1, 0, false)),
                filter("to_nice_json", (value, call) -> json(value, number(call.arg(0, "indent", 4L)), 0,
                        PythonValues.truthy(call.arg(1, "sort_keys", true)))),
                filter("from_json", (value, call) -> {
                    try {
                        return JSON.readValue(String.valueOf(value), Object.class);
                    } catch (JsonProcessingException e) {
                        throw new TemplateError("from_json: not JSON: " + e.getOriginalMessage());
                    }
                }),
                filter("to_yaml", (value, call) -> yaml(value, DumperOptions.FlowStyle.AUTO,
                        number(call.kwargs().getOrDefault("indent", 2L)))),
                filter("to_nice_yaml", (value, call) -> yaml(value, DumperOptions.FlowStyle.BLOCK,
                        number(call.arg(0, "indent", 4L)))),
                filter("from_yaml", (value, call) -> value instanceof String s ? load(s) : value),
                filter("from_yaml_all", (value, call) -> {
                    if (!(value instanceof String s)) {
                        return value;
                    }
                    try {
                        List<Object> documents = new ArrayList<>();
                        loader().loadAll(s).forEach(documents::add);
                        return documents;
                    } catch (YAMLException e) {
                        throw new TemplateError("from_yaml_all: not YAML: " + e.getMessage());
                    }
                }));
    }

    private static int number(Object value) {
        try {
            return Integer.parseInt(PythonValues.text(value));
        } catch (NumberFormatException e) {
            throw new TemplateError("indent must be a number, not '" + value + "'");
        }
    }

    private static Object load(String text) {
        try {
            return loader().load(text);
        } catch (YAMLException e) {
            throw new TemplateError("from_yaml: not YAML: " + e.getMessage());
        }
    }

    private static Yaml loader() {
        return new Yaml(new SafeConstructor(new LoaderOptions()));
    }

    private static String yaml(Object value, DumperOptions.FlowStyle style, int indent) {
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(style);
        options.setIndent(Math.max(2, Math.min(indent, 9)));
        options.setAllowUnicode(true);
        options.setWidth(80);
        try {
            return new Yaml(options).dump(sorted(value));
        } catch (YAMLException e) {
            throw new TemplateError("to_yaml: " + e.getMessage());
        }
    }

    /** Plain maps (keys sorted, as PyYAML's dump sorts them) and lists, all the way down. */
    private static Object sorted(Object value) {
        value = Templates.resolved(value);
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new TreeMap<>();
            map.forEach((k, v) -> out.put(String.valueOf(k), sorted(v)));
            return new LinkedHashMap<>(out);
        }
        if (value instanceof Collection<?> list) {
            List<Object> out = new ArrayList<>();
            list.forEach(item -> out.add(sorted(item)));
            return out;
        }
        return value;
    }

    /**
     * As Python's json.dumps writes it: non-ASCII escaped; on one line with ", " and ": " when indent
     * is negative, else one item a line, indented.
     */
    private static String json(Object value, int indent, int depth, boolean sortKeys) {
        value = Templates.resolved(value);
        String newline = indent < 0 ? "" : "\n" + " ".repeat(indent * (depth + 1));
        String close = indent < 0 ? "" : "\n" + " ".repeat(indent * depth);
        String comma = indent < 0 ? ", " : ",";
        try {
            if (value instanceof Map<?, ?> map) {
                if (map.isEmpty()) {
                    return "{}";
                }
                Map<String, Object> entries = sortKeys ? new TreeMap<>() : new LinkedHashMap<>();
                map.forEach((k, v) -> entries.put(String.valueOf(k), v));
                StringBuilder out = new StringBuilder("{");
                String separator = "";
                for (Map.Entry<String, Object> e : entries.entrySet()) {
                    out.append(separator).append(newline).append(ASCII_JSON.writeValueAsString(e.getKey())).append(": ")
                            .append(json(e.getValue(), indent, depth + 1, sortKeys));
                    separator = comma;
                }
                return out.append(close).append('}').toString();
            }
            if (value instanceof Collection<?> list) {
                if (list.isEmpty()) {
                    return "[]";
                }
                StringBuilder out = new StringBuilder("[");
                String separator = "";
                for (Object item : list) {
                    out.append(separator).append(newline).append(json(item, indent, depth + 1, sortKeys));
                    separator = comma;
                }
                return out.append(close).append(']').toString();
            }
            return ASCII_JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new TemplateError("to_json: " + e.getOriginalMessage());
        }
    }
}
