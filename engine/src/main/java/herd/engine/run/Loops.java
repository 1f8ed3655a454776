package herd.engine.run;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import herd.engine.playbook.Loop;
import herd.engine.playbook.Text;
import herd.engine.template.TemplateError;
import herd.engine.template.Templates;

/** What every place that runs or shows a looped task needs: its items, their labels, its conditions. */
final class Loops {
    private Loops() {
    }

    /** The variable that holds a with_&lt;lookup&gt; loop's terms while its lookup runs. */
    private static final String TERMS = "__herd_loop_terms";

    /**
     * The loop's items with templates filled. A {@code with_<lookup>} loop is that lookup over its
     * terms, as Ansible runs it (with_items flattens one level).
     */
    static List<?> items(Templates templates, Loop loop, Map<String, Object> vars) {
        Object value = templates.value(loop.items() instanceof Text text ? text.raw() : loop.items(), vars);
        if (loop.lookup().isPresent()) {
            List<?> terms = value instanceof List<?> list ? list : java.util.Collections.singletonList(value);
            Map<String, Object> withTerms = new java.util.HashMap<>(vars);
            withTerms.put(TERMS, terms);
            StringBuilder call = new StringBuilder("query('" + loop.lookup().get() + "'");
            for (int i = 0; i < terms.size(); i++) {
                call.append(", ").append(TERMS).append('[').append(i).append(']');
            }
            value = templates.evaluate(call.append(')').toString(), templates.lazy(withTerms));
        }
        if (!(value instanceof List<?> list)) {
            throw new TemplateError("the loop needs a list, not " + (value == null ? "nothing" : "'" + value + "'"));
        }
        if (!loop.flatten() || loop.lookup().isPresent()) {
            return list;
        }
        List<Object> flat = new ArrayList<>();
        for (Object item : list) {
            if (item instanceof List<?> inner) {
                flat.addAll(inner);
            } else {
                flat.add(item);
            }
        }
        return flat;
    }

    /** An item's label: loop_control.label filled with the item's variables, else the item itself. */
    static String label(Templates templates, Loop loop, Object item, Map<String, Object> vars) {
        if (loop.label().isPresent()) {
            try {
                return templates.render(loop.label().get().raw(), vars);
            } catch (TemplateError e) {
                return loop.label().get().raw();
            }
        }
        return String.valueOf(item);
    }

    /** True when every condition holds (when, changed_when, failed_when, until are all AND lists). */
    static boolean allHold(Templates templates, List<Text> conditions, Map<String, Object> vars) {
        for (Text condition : conditions) {
            if (!templates.test(condition.raw(), vars)) {
                return false;
            }
        }
        return true;
    }
}
