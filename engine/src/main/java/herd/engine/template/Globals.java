package herd.engine.template;

import java.util.List;
import java.util.Map;

import com.hubspot.jinjava.el.ext.NamedParameter;
import com.hubspot.jinjava.objects.collections.PyMap;

/** Jinja2's global functions that Jinjava lacks: {@code dict(pairs)}, {@code dict(a=1)}. */
public final class Globals {
    private Globals() {
    }

    /** Python's dict(): from a list of pairs (zip's, for example), then from name=value arguments. */
    public static Object dict(Object... args) {
        Map<String, Object> out = new java.util.LinkedHashMap<>();
        List<Object> positional = PythonValues.positional(args);
        if (positional.size() > 1) {
            throw new TemplateError("dict expected at most 1 argument, got " + positional.size());
        }
        if (!positional.isEmpty()) {
            Object source = positional.getFirst();
            if (source instanceof Map<?, ?> map) {
                map.forEach((k, v) -> out.put(String.valueOf(k), Templates.resolved(v)));
            } else {
                for (Object pair : ListFilters.list("dict", source)) {
                    List<?> kv = ListFilters.list("dict", pair);
                    if (kv.size() != 2) {
                        throw new TemplateError("dictionary update sequence element has length " + kv.size() + "; 2 is required");
                    }
                    out.put(String.valueOf(Templates.resolved(kv.get(0))), Templates.resolved(kv.get(1)));
                }
            }
        }
        for (Object arg : args) {
            if (arg instanceof NamedParameter p) {
                out.put(p.getName(), Templates.resolved(p.getValue()));
            }
        }
        return new PyMap(out);
    }
}
