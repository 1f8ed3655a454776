package herd.engine.template;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.lib.filter.Filter;
import com.hubspot.jinjava.objects.collections.PyList;
import com.hubspot.jinjava.objects.collections.PyMap;

/**
 * The filters Ansible adds to Jinja2 (or that Jinjava lacks, names differently or gives another
 * meaning), by theme: text and paths ({@link TextFilters}), JSON and YAML ({@link FormatFilters}),
 * lists ({@link ListFilters}), dicts ({@link DictFilters}).
 */
final class AnsibleFilters {
    private AnsibleFilters() {
    }

    static List<Filter> all() {
        List<Filter> all = new ArrayList<>();
        all.addAll(TextFilters.all());
        all.addAll(FormatFilters.all());
        all.addAll(ListFilters.all());
        all.addAll(DictFilters.all());
        return all;
    }

    /** A filter's body: the value it filters, its positional arguments and its name=value ones. */
    interface Body {
        Object apply(Object value, Call call);
    }

    /** The arguments of one use of a filter, positional and named, as Python would bind them. */
    record Call(String filter, List<Object> args, Map<String, Object> kwargs, JinjavaInterpreter interpreter) {
        /** The argument at a position or with a name, else the default. */
        Object arg(int index, String name, Object fallback) {
            if (index >= 0 && index < args.size()) {
                return args.get(index);
            }
            if (name != null && kwargs.containsKey(name)) {
                return Templates.resolved(kwargs.get(name));
            }
            return fallback;
        }

        String text(int index, String name, String fallback) {
            Object value = arg(index, name, fallback);
            return value == null ? null : PythonValues.text(value);
        }

        Object required(int index, String name) {
            if (index >= args.size() && !kwargs.containsKey(name)) {
                throw new TemplateError(filter + "() missing required argument: '" + name + "'");
            }
            return arg(index, name, null);
        }
    }

    static Filter filter(String name, Body body) {
        return new Filter() {
            @Override
            public String getName() {
                return name;
            }

            @Override
            public Object filter(Object var, JinjavaInterpreter interpreter, String... args) {
                return filter(var, interpreter, (Object[]) args, Map.of());
            }

            @Override
            public Object filter(Object var, JinjavaInterpreter interpreter, Object[] args, Map<String, Object> kwargs) {
                List<Object> positional = Arrays.stream(args).map(Templates::resolved).toList();
                return jinja(body.apply(Templates.resolved(var), new Call(name, positional, kwargs, interpreter)));
            }
        };
    }

    /** A dict or list as Jinjava's own, so that .keys(), .items() and .append() work on a filter's result. */
    @SuppressWarnings("unchecked")
    private static Object jinja(Object value) {
        return switch (value) {
            case PyMap map -> map;
            case PyList list -> list;
            case Map<?, ?> map -> new PyMap((Map<String, Object>) map);
            case List<?> list -> new PyList((List<Object>) list);
            case null, default -> value;
        };
    }

    /** A Python regular expression as Java's: named groups (?P<n>...) and (?P=n) rewritten. */
    static Pattern pattern(String filter, String python) {
        return pattern(filter, python, 0);
    }

    static Pattern pattern(String filter, String python, int flags) {
        String java = python.replace("(?P<", "(?<").replaceAll("\\(\\?P=(\\w+)\\)", "\\\\k<$1>");
        try {
            return Pattern.compile(java, flags);
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
}
