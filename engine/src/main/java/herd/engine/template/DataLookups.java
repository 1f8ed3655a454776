package herd.engine.template;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The lookups over data: env, vars, items, dict, indexed_items, subelements. */
final class DataLookups {
    private DataLookups() {
    }

    /** The controller's environment variables; default= (else '') for one that is not set. */
    static List<Object> env(List<Object> terms, Map<String, Object> options, LookupContext context) {
        Object fallback = Lookups.option(options, "default", "");
        List<Object> out = new ArrayList<>();
        for (Object term : terms) {
            String[] words = PythonValues.text(term).trim().split("\\s+");
            String value = System.getenv(words[0]);
            out.add(value == null ? fallback : value);
        }
        return out;
    }

    /** Variables by name, their templates filled; default= for one that has no value. */
    static List<Object> vars(List<Object> terms, Map<String, Object> options, LookupContext context) {
        List<Object> out = new ArrayList<>();
        for (Object term : terms) {
            if (!(term instanceof String name)) {
                throw Lookups.failed("Invalid setting identifier, \"" + term + "\" is not a string, its a "
                        + "<class '" + PythonValues.typeName(term) + "'>");
            }
            if (context.defined(name)) {
                out.add(context.variable(name));
            } else if (options.get("default") != null) {
                out.add(options.get("default"));
            } else {
                throw TemplateError.undefined("No variable found with this name: " + name);
            }
        }
        return out;
    }

    static List<Object> items(List<Object> terms, Map<String, Object> options, LookupContext context) {
        return Lookups.flatten(terms);
    }

    /** The terms as they are (with_list). */
    static List<Object> list(List<Object> terms, Map<String, Object> options, LookupContext context) {
        return new ArrayList<>(terms);
    }

    /** Every combination of one item of each list, in order (with_nested, with_cartesian). */
    static List<Object> nested(List<Object> terms, Map<String, Object> options, LookupContext context) {
        List<List<Object>> combinations = new ArrayList<>();
        combinations.add(List.of());
        for (Object term : terms) {
            if (!(Templates.resolved(term) instanceof List<?> items)) {
                throw Lookups.failed("with_nested/with_cartesian requires at least one element in the nested list");
            }
            List<List<Object>> next = new ArrayList<>();
            for (List<Object> combination : combinations) {
                for (Object item : items) {
                    List<Object> longer = new ArrayList<>(combination);
                    longer.add(Templates.resolved(item));
                    next.add(longer);
                }
            }
            combinations = next;
        }
        return terms.isEmpty() ? List.of() : new ArrayList<>(combinations);
    }

    /** The lists side by side, the shorter padded with None (with_together, as zip_longest). */
    static List<Object> together(List<Object> terms, Map<String, Object> options, LookupContext context) {
        List<List<?>> lists = new ArrayList<>();
        int longest = 0;
        for (Object term : terms) {
            if (!(Templates.resolved(term) instanceof List<?> items)) {
                throw Lookups.failed("with_together requires at least one element in each list");
            }
            lists.add(items);
            longest = Math.max(longest, items.size());
        }
        List<Object> out = new ArrayList<>();
        for (int i = 0; i < longest; i++) {
            List<Object> row = new ArrayList<>();
            for (List<?> items : lists) {
                row.add(i < items.size() ? Templates.resolved(items.get(i)) : null);
            }
            out.add(row);
        }
        return out;
    }

    static List<Object> dict(List<Object> terms, Map<String, Object> options, LookupContext context) {
        List<Object> out = new ArrayList<>();
        for (Object term : terms) {
            if (!(Templates.resolved(term) instanceof Map<?, ?> map)) {
                throw Lookups.failed("with_dict expects a dict");
            }
            map.forEach((k, v) -> {
                Map<String, Object> item = new LinkedHashMap<>();
                item.put("key", k);
                item.put("value", Templates.resolved(v));
                out.add(item);
            });
        }
        return out;
    }

    static List<Object> indexedItems(List<Object> terms, Map<String, Object> options, LookupContext context) {
        List<Object> items = Lookups.flatten(terms);
        List<Object> out = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            out.add(java.util.Arrays.asList((Object) (long) i, items.get(i)));
        }
        return out;
    }

    /**
     * Pairs of each item and each element of its list at a key path ('a.b'); the item of a pair
     * lacks that list, as in Ansible. A third term {'skip_missing': True} skips items without it.
     */
    static List<Object> subelements(List<Object> terms, Map<String, Object> options, LookupContext context) {
        String usage = "subelements lookup expects a list of two or three items, ";
        if (terms.size() < 2 || terms.size() > 3) {
            throw Lookups.failed(usage);
        }
        Object first = Templates.resolved(terms.get(0));
        if (!(first instanceof List || first instanceof Map) || !(terms.get(1) instanceof String path)) {
            throw Lookups.failed(usage + "first a dict or a list, second a string pointing to the subkey");
        }
        boolean skipMissing = terms.size() == 3 && Templates.resolved(terms.get(2)) instanceof Map<?, ?> flags
                && PythonValues.truthy(flags.get("skip_missing"));
        List<?> elements = first instanceof Map<?, ?> map ? new ArrayList<>(map.values()) : (List<?>) first;
        String[] keys = path.split("\\.");
        List<Object> out = new ArrayList<>();
        for (Object raw : elements) {
            if (!(Templates.resolved(raw) instanceof Map<?, ?> element)) {
                throw Lookups.failed("subelements lookup expects a dictionary, got '" + raw + "'");
            }
            if (element.containsKey("skipped") && !Boolean.FALSE.equals(element.get("skipped"))) {
                continue;
            }
            Map<String, Object> item = copy(element);
            Map<String, Object> holder = item;
            List<?> list = null;
            for (int i = 0; i < keys.length && holder != null; i++) {
                String key = keys[i];
                if (!holder.containsKey(key)) {
                    if (!skipMissing) {
                        throw Lookups.failed("could not find '" + key + "' key in iterated item '" + holder + "'");
                    }
                    holder = null;
                } else if (i < keys.length - 1) {
                    if (!(holder.get(key) instanceof Map<?, ?>)) {
                        if (!skipMissing) {
                            throw Lookups.failed("the key " + key + " should point to a dictionary, got '" + holder.get(key) + "'");
                        }
                        holder = null;
                    } else {
                        @SuppressWarnings("unchecked")
                        Map<String, Object> inner = (Map<String, Object>) holder.get(key);
                        holder = inner;
                    }
                } else if (!(holder.get(key) instanceof List<?> found)) {
                    throw Lookups.failed("the key " + key + " should point to a list, got '" + holder.get(key) + "'");
                } else {
                    list = found;
                    holder.remove(key);
                }
            }
            if (list != null) {
                for (Object sub : list) {
                    out.add(java.util.Arrays.asList(item, Templates.resolved(sub)));
                }
            }
        }
        return out;
    }

    /** A copy of a dict, its dicts copied too (subelements takes the list out of the copy). */
    private static Map<String, Object> copy(Map<?, ?> map) {
        Map<String, Object> out = new LinkedHashMap<>();
        map.forEach((k, v) -> {
            Object value = Templates.resolved(v);
            out.put(String.valueOf(k), value instanceof Map<?, ?> inner ? copy(inner) : value);
        });
        return out;
    }
}
