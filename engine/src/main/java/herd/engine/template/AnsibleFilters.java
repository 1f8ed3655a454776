package herd.engine.template;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.lib.filter.Filter;

import herd.engine.load.Booleans;
import herd.engine.shell.ShellWords;

/** The filters Ansible adds to Jinja2 that Jinjava lacks or names differently. */
final class AnsibleFilters {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper ASCII_JSON = new ObjectMapper()
            .enable(com.fasterxml.jackson.core.json.JsonWriteFeature.ESCAPE_NON_ASCII.mappedFeature());

    private AnsibleFilters() {
    }

    static List<Filter> all() {
        return List.of(
                filter("quote", (value, args) -> ShellWords.quote(value == null ? "" : value.toString())),
                filter("to_json", (value, args) -> json(value)),
                filter("to_nice_json", (value, args) -> {
                    try {
                        return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(value);
                    } catch (JsonProcessingException e) {
                        throw new TemplateError("to_nice_json: " + e.getOriginalMessage());
                    }
                }),
                filter("from_json", (value, args) -> {
                    try {
                        return JSON.readValue(String.valueOf(value), Object.class);
                    } catch (JsonProcessingException e) {
                        throw new TemplateError("from_json: not JSON: " + e.getOriginalMessage());
                    }
                }),
                filter("bool", (value, args) -> Booleans.truthy(value)),
                filter("regex_search", (value, args) -> {
                    if (args.length < 1) {
                        throw new TemplateError("regex_search needs a pattern");
                    }
                    Matcher m = pattern("regex_search", args[0]).matcher(value == null ? "" : value.toString());
                    return m.find() ? m.group() : "";
                }),
                filter("regex_replace", (value, args) -> {
                    if (args.length < 1) {
                        throw new TemplateError("regex_replace needs a pattern");
                    }
                    Matcher m = pattern("regex_replace", args[0]).matcher(value == null ? "" : value.toString());
                    return m.replaceAll(javaReplacement(args.length > 1 ? args[1] : ""));
                }),
                filter("mandatory", (value, args) -> {
                    if (value == null) {
                        throw new TemplateError(args.length > 0 ? args[0] : "a mandatory variable is not defined");
                    }
                    return value;
                }));
    }

    /** A Python regular expression as Java's: named groups (?P<n>...) and (?P=n) rewritten. */
    static Pattern pattern(String filter, String python) {
        String java = python.replace("(?P<", "(?<").replaceAll("\\(\\?P=(\\w+)\\)", "\\\\k<$1>");
        try {
            return Pattern.compile(java);
        } catch (java.util.regex.PatternSyntaxException e) {
            throw new TemplateError(filter + ": not a regular expression: " + e.getDescription() + " in '" + python + "'");
        }
    }

    /** Python's replacement syntax (\\1, \\g<1>, \\g<name>) in Java's, with everything else literal. */
    static String javaReplacement(String python) {
        StringBuilder out = new StringBuilder();
        Matcher ref = Pattern.compile("\\\\(\\d+)|\\\\g<(\\w+)>").matcher(python);
        int last = 0;
        while (ref.find()) {
            out.append(Matcher.quoteReplacement(python.substring(last, ref.start())));
            String group = ref.group(1) != null ? ref.group(1) : ref.group(2);
            out.append(group.matches("\\d+") ? "$" + group : "${" + group + "}");
            last = ref.end();
        }
        out.append(Matcher.quoteReplacement(python.substring(last)));
        return out.toString();
    }

    /** As Python's json.dumps writes it: ", " between items, ": " after keys, non-ASCII escaped. */
    private static String json(Object value) {
        try {
            if (value instanceof java.util.Map<?, ?> map) {
                StringBuilder out = new StringBuilder("{");
                for (java.util.Map.Entry<?, ?> e : map.entrySet()) {
                    out.append(out.length() > 1 ? ", " : "").append(json(String.valueOf(e.getKey()))).append(": ")
                            .append(json(e.getValue()));
                }
                return out.append('}').toString();
            }
            if (value instanceof java.util.Collection<?> list) {
                StringBuilder out = new StringBuilder("[");
                for (Object item : list) {
                    out.append(out.length() > 1 ? ", " : "").append(json(item));
                }
                return out.append(']').toString();
            }
            return ASCII_JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new TemplateError("to_json: " + e.getOriginalMessage());
        }
    }

    private interface Body {
        Object apply(Object value, String[] args);
    }

    private static Filter filter(String name, Body body) {
        return new Filter() {
            @Override
            public String getName() {
                return name;
            }

            @Override
            public Object filter(Object var, JinjavaInterpreter interpreter, String... args) {
                return body.apply(var, args);
            }
        };
    }
}
