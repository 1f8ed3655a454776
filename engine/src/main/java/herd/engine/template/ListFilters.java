package herd.engine.template;

import static herd.engine.template.AnsibleFilters.filter;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.hubspot.jinjava.lib.filter.Filter;

/**
 * Ansible's and Jinja2's filters on lists where Jinjava lacks them or means something else: set
 * theory that keeps the order of the first list, unique and min/max that ignore case as Jinja2's
 * do, flatten, zip, and map with attribute= and default=.
 */
final class ListFilters {
    private ListFilters() {
    }

    static List<Filter> all() {
        return List.of(
                filter("flatten", (value, call) -> {
                    Object levels = call.arg(0, "levels", null);
                    return flatten(list(call.filter(), value), levels == null ? -1 : Integer.parseInt(PythonValues.text(levels)),
                            PythonValues.truthy(call.arg(1, "skip_nulls", true)));
                }),
                filter("unique", (value, call) -> unique(list(call.filter(), value),
                        PythonValues.truthy(call.arg(0, "case_sensitive", false)), call.text(1, "attribute", null))),
                filter("union", (value, call) -> {
                    List<Object> both = new ArrayList<>(list(call.filter(), value));
                    both.addAll(list(call.filter(), call.required(0, "b")));
                    return unique(both, true, null);
                }),
                filter("intersect", (value, call) -> {
                    List<?> b = list(call.filter(), call.required(0, "b"));
                    return unique(list(call.filter(), value).stream().filter(x -> PythonValues.contains(b, x)).toList(), true, null);
                }),
                filter("difference", (value, call) -> {
                    List<?> b = list(call.filter(), call.required(0, "b"));
                    return unique(list(call.filter(), value).stream().filter(x -> !PythonValues.contains(b, x)).toList(), true, null);
                }),
                filter("symmetric_difference", (value, call) -> {
                    List<?> a = list(call.filter(), value);
                    List<?> b = list(call.filter(), call.required(0, "b"));
                    List<Object> both = new ArrayList<>(a);
                    both.addAll(b);
                    return unique(both, true, null).stream()
                            .filter(x -> !(PythonValues.contains(a, x) && PythonValues.contains(b, x))).toList();
                }),
                filter("min", (value, call) -> extreme(value, call, -1)),
                filter("max", (value, call) -> extreme(value, call, 1)),
                filter("zip", (value, call) -> zip(value, call, false)),
                filter("zip_longest", (value, call) -> zip(value, call, true)),
                filter("map", ListFilters::map));
    }

    static List<?> list(String filter, Object value) {
        value = Templates.resolved(value);
        return switch (value) {
            case List<?> l -> l;
            case Collection<?> c -> new ArrayList<>(c);
            case Map<?, ?> m -> new ArrayList<>(m.keySet());
            case String s -> s.chars().mapToObj(c -> String.valueOf((char) c)).toList();
            case null -> throw new TemplateError(filter + ": needs a list, got nothing (None)");
            default -> throw new TemplateError(filter + ": needs a list, got " + PythonValues.typeName(value) + " '" + value + "'");
        };
    }

    /** Ansible's flatten: None, 'None' and 'null' dropped (unless skip_nulls=false); levels below 0 is all. */
    static List<Object> flatten(List<?> items, int levels, boolean skipNulls) {
        List<Object> out = new ArrayList<>();
        for (Object item : items) {
            item = Templates.resolved(item);
            if (skipNulls && (item == null || "None".equals(item) || "null".equals(item))) {
                continue;
            }
            if (item instanceof List<?> inner && levels != 0) {
                out.addAll(flatten(inner, levels < 0 ? -1 : levels - 1, skipNulls));
            } else {
                out.add(item);
            }
        }
        return out;
    }

    /** Jinja2's unique: the first of each value, strings compared ignoring case unless case_sensitive. */
    static List<Object> unique(List<?> items, boolean caseSensitive, String attribute) {
        List<Object> out = new ArrayList<>();
        List<Object> seen = new ArrayList<>();
        for (Object item : items) {
            Object key = key(attribute == null ? item : attribute(item, attribute, null), caseSensitive);
            if (!PythonValues.contains(seen, key)) {
                seen.add(key);
                out.add(item);
            }
        }
        return out;
    }

    private static Object key(Object value, boolean caseSensitive) {
        return !caseSensitive && value instanceof String s ? s.toLowerCase(Locale.ROOT) : value;
    }

    /** Jinja2's min and max: the first smallest (largest) item, strings ignoring case unless case_sensitive. */
    private static Object extreme(Object value, AnsibleFilters.Call call, int sign) {
        boolean caseSensitive = PythonValues.truthy(call.arg(0, "case_sensitive", false));
        String attribute = call.text(1, "attribute", null);
        Object best = null;
        Object bestKey = null;
        boolean first = true;
        for (Object item : list(call.filter(), value)) {
            Object key = key(attribute == null ? Templates.resolved(item) : attribute(item, attribute, null), caseSensitive);
            if (first || sign * PythonValues.compare(key, bestKey, call.filter(), sign > 0 ? ">" : "<") > 0) {
                best = item;
                bestKey = key;
                first = false;
            }
        }
        if (first) {
            throw TemplateError.undefined("No aggregated item, sequence was empty.");
        }
        return best;
    }

    /** Python's zip and itertools.zip_longest (fillvalue=) over the value and every argument. */
    private static List<List<Object>> zip(Object value, AnsibleFilters.Call call, boolean longest) {
        List<List<?>> lists = new ArrayList<>();
        lists.add(list(call.filter(), value));
        call.args().forEach(arg -> lists.add(list(call.filter(), arg)));
        Object fill = Templates.resolved(call.kwargs().get("fillvalue"));
        int size = lists.stream().mapToInt(List::size).reduce(longest ? Math::max : Math::min).orElse(0);
        List<List<Object>> out = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            List<Object> tuple = new ArrayList<>();
            for (List<?> l : lists) {
                tuple.add(i < l.size() ? Templates.resolved(l.get(i)) : fill);
            }
            out.add(tuple);
        }
        return out;
    }

    /** Jinja2's map: map('filter', args...) applies a filter, map(attribute='a.b', default=x) reads one. */
    private static Object map(Object value, AnsibleFilters.Call call) {
        List<?> items = list(call.filter(), value);
        List<Object> out = new ArrayList<>();
        if (call.kwargs().containsKey("attribute")) {
            String attribute = PythonValues.text(call.kwargs().get("attribute"));
            Object fallback = Templates.resolved(call.kwargs().get("default"));
            items.forEach(item -> out.add(attribute(item, attribute, fallback)));
            return out;
        }
        if (call.args().isEmpty()) {
            throw new TemplateError("map needs a filter name or attribute=");
        }
        String name = PythonValues.text(call.args().getFirst());
        Filter filter = call.interpreter().getContext().getFilter(name);
        if (filter == null) {
            throw new TemplateError("map: no filter named '" + name + "'");
        }
        Object[] rest = call.args().subList(1, call.args().size()).toArray();
        Map<String, Object> kwargs = call.kwargs();
        for (Object item : items) {
            out.add(filter.filter(Templates.resolved(item), call.interpreter(), rest, kwargs));
        }
        return out;
    }

    /** An item's attribute as Jinja2 reads 'a.b.0': keys of dicts, indexes of lists; the fallback if missing. */
    static Object attribute(Object item, String path, Object fallback) {
        Object current = Templates.resolved(item);
        for (String part : path.split("\\.")) {
            if (current instanceof Map<?, ?> map && map.containsKey(part)) {
                current = Templates.resolved(map.get(part));
            } else if (current instanceof List<?> l && part.matches("\\d+") && Integer.parseInt(part) < l.size()) {
                current = Templates.resolved(l.get(Integer.parseInt(part)));
            } else {
                return fallback;
            }
        }
        return current;
    }
}
