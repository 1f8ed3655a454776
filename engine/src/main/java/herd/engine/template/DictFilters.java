package herd.engine.template;

import static herd.engine.template.AnsibleFilters.filter;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.hubspot.jinjava.lib.filter.Filter;

/** Ansible's filters on dicts: dict2items, items2dict, combine (recursive=, list_merge=). */
final class DictFilters {
    private static final Set<String> LIST_MERGES = Set.of("replace", "keep", "append", "prepend", "append_rp", "prepend_rp");

    private DictFilters() {
    }

    static List<Filter> all() {
        return List.of(
                filter("dict2items", (value, call) -> {
                    if (!(value instanceof Map<?, ?> map)) {
                        throw new TemplateError("dict2items requires a dictionary, got <class '" + PythonValues.typeName(value) + "'> instead.");
                    }
                    String keyName = call.text(0, "key_name", "key");
                    String valueName = call.text(1, "value_name", "value");
                    List<Object> out = new ArrayList<>();
                    map.forEach((k, v) -> {
                        Map<String, Object> item = new LinkedHashMap<>();
                        item.put(keyName, k);
                        item.put(valueName, Templates.resolved(v));
                        out.add(item);
                    });
                    return out;
                }),
                filter("items2dict", (value, call) -> {
                    if (!(value instanceof List<?> list)) {
                        throw new TemplateError("items2dict requires a list, got <class '" + PythonValues.typeName(value) + "'> instead.");
                    }
                    String keyName = call.text(0, "key_name", "key");
                    String valueName = call.text(1, "value_name", "value");
                    Map<Object, Object> out = new LinkedHashMap<>();
                    for (Object raw : list) {
                        if (!(Templates.resolved(raw) instanceof Map<?, ?> item)) {
                            throw new TemplateError("items2dict requires a list of dictionaries, got " + list + " instead.");
                        }
                        if (!item.containsKey(keyName) || !item.containsKey(valueName)) {
                            throw new TemplateError("items2dict requires each dictionary in the list to contain the keys '"
                                    + keyName + "' and '" + valueName + "', got " + list + " instead.");
                        }
                        out.put(item.get(keyName), Templates.resolved(item.get(valueName)));
                    }
                    return out;
                }),
                filter("combine", DictFilters::combine),
                filter("dictsort", DictFilters::dictsort));
    }

    /**
     * Jinja2's dictsort: the (key, value) pairs sorted by key (by='value': by value), strings without
     * regard to case unless case_sensitive; pairs are lists, as herd gives tuples (README).
     */
    private static Object dictsort(Object value, AnsibleFilters.Call call) {
        if (!(value instanceof Map<?, ?> map)) {
            throw new TemplateError("dictsort requires a dictionary, got <class '" + PythonValues.typeName(value) + "'> instead.");
        }
        boolean caseSensitive = PythonValues.truthy(call.arg(0, "case_sensitive", false));
        int by = "value".equals(String.valueOf(call.arg(1, "by", "key"))) ? 1 : 0;
        boolean reverse = PythonValues.truthy(call.arg(2, "reverse", false));
        List<List<Object>> pairs = new ArrayList<>();
        map.forEach((k, v) -> pairs.add(java.util.Arrays.asList(k, Templates.resolved(v))));
        java.util.Comparator<List<Object>> order = (a, b) -> compare(a.get(by), b.get(by), caseSensitive);
        pairs.sort(reverse ? order.reversed() : order);
        return pairs;
    }

    private static int compare(Object a, Object b, boolean caseSensitive) {
        if (a instanceof Number x && b instanceof Number y) {
            return Double.compare(x.doubleValue(), y.doubleValue());
        }
        String left = String.valueOf(a);
        String right = String.valueOf(b);
        return caseSensitive ? left.compareTo(right) : left.toLowerCase(java.util.Locale.ROOT).compareTo(
                right.toLowerCase(java.util.Locale.ROOT));
    }

    /** Ansible's combine: later dicts win; recursive merges dicts inside, list_merge says what lists do. */
    private static Object combine(Object value, AnsibleFilters.Call call) {
        boolean recursive = PythonValues.truthy(call.kwargs().get("recursive"));
        String listMerge = call.kwargs().containsKey("list_merge") ? PythonValues.text(call.kwargs().get("list_merge")) : "replace";
        for (String key : call.kwargs().keySet()) {
            if (!key.equals("recursive") && !key.equals("list_merge")) {
                throw new TemplateError("'recursive' and 'list_merge' are the only valid keyword arguments");
            }
        }
        if (!LIST_MERGES.contains(listMerge)) {
            throw new TemplateError("merge_hash: 'list_merge' argument can only be equal to 'replace', 'keep', 'append', "
                    + "'prepend', 'append_rp' or 'prepend_rp'");
        }
        List<Object> terms = new ArrayList<>();
        terms.add(value);
        terms.addAll(call.args());
        Map<String, Object> result = new LinkedHashMap<>();
        for (Object term : ListFilters.flatten(terms, 1, false)) {
            if (!(Templates.resolved(term) instanceof Map<?, ?> map)) {
                throw new TemplateError("failed to combine variables, expected dicts but got a '"
                        + PythonValues.typeName(term) + "'");
            }
            result = merge(result, map, recursive, listMerge);
        }
        return result;
    }

    /** Ansible's merge_hash: y's keys win over x's, x's order kept, new keys after. */
    private static Map<String, Object> merge(Map<?, ?> x, Map<?, ?> y, boolean recursive, String listMerge) {
        Map<String, Object> out = new LinkedHashMap<>();
        x.forEach((k, v) -> out.put(String.valueOf(k), Templates.resolved(v)));
        y.forEach((key, raw) -> {
            String k = String.valueOf(key);
            Object yValue = Templates.resolved(raw);
            Object xValue = out.get(k);
            if (!out.containsKey(k)) {
                out.put(k, yValue);
            } else if (xValue instanceof Map<?, ?> xm && yValue instanceof Map<?, ?> ym) {
                out.put(k, recursive ? merge(xm, ym, true, listMerge) : yValue);
            } else if (xValue instanceof List<?> xl && yValue instanceof List<?> yl) {
                out.put(k, lists(xl, yl, listMerge));
            } else {
                out.put(k, yValue);
            }
        });
        return out;
    }

    private static List<?> lists(List<?> x, List<?> y, String listMerge) {
        List<Object> out = new ArrayList<>();
        switch (listMerge) {
            case "keep" -> out.addAll(x);
            case "append" -> {
                out.addAll(x);
                out.addAll(y);
            }
            case "prepend" -> {
                out.addAll(y);
                out.addAll(x);
            }
            case "append_rp" -> {
                x.stream().filter(z -> !PythonValues.contains(y, z)).forEach(out::add);
                out.addAll(y);
            }
            case "prepend_rp" -> {
                out.addAll(y);
                x.stream().filter(z -> !PythonValues.contains(y, z)).forEach(out::add);
            }
            default -> out.addAll(y);
        }
        return out;
    }
}
