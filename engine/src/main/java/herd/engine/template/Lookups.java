package herd.engine.template;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.hubspot.jinjava.el.ext.NamedParameter;
import com.hubspot.jinjava.interpret.JinjavaInterpreter;

/**
 * Ansible's {@code lookup(name, terms..., key=value...)} and {@code query}/{@code q}: a lookup
 * gives a list; {@code lookup} joins a list of strings with ',' (one other value alone stays itself)
 * unless wantlist=True, {@code query} always gives the list. errors='ignore' or 'warn' turns a
 * failing lookup into nothing. Paths are relative to {@code playbook_dir}, as Ansible's are to the
 * playbook's folder.
 */
public final class Lookups {
    /** One lookup plugin: its terms (the positional arguments) and its options (the named ones). */
    interface Lookup {
        List<Object> run(List<Object> terms, Map<String, Object> options, LookupContext context);
    }

    private static final Map<String, Lookup> LOOKUPS = Map.ofEntries(
            Map.entry("file", FileLookups::file),
            Map.entry("template", FileLookups::template),
            Map.entry("fileglob", FileLookups::fileglob),
            Map.entry("first_found", FileLookups::firstFound),
            Map.entry("pipe", FileLookups::pipe),
            Map.entry("lines", FileLookups::lines),
            Map.entry("env", DataLookups::env),
            Map.entry("vars", DataLookups::vars),
            Map.entry("items", DataLookups::items),
            Map.entry("dict", DataLookups::dict),
            Map.entry("indexed_items", DataLookups::indexedItems),
            Map.entry("subelements", DataLookups::subelements),
            Map.entry("sequence", Sequence::lookup),
            Map.entry("list", DataLookups::list),
            Map.entry("nested", DataLookups::nested),
            Map.entry("cartesian", DataLookups::nested),
            Map.entry("together", DataLookups::together));

    private Lookups() {
    }

    /** Jinja2's lookup(name, ...): a joined string, one value, or the list (wantlist=True). */
    public static Object lookup(String name, Object... args) {
        Map<String, Object> options = options(args);
        boolean wantlist = PythonValues.truthy(options.remove("wantlist"));
        List<Object> ran = run(name, args, options);
        if (ran == null) {
            // Ansible's None, which a template shows as nothing
            return wantlist ? List.of() : "";
        }
        if (wantlist || ran.isEmpty()) {
            return ran;
        }
        if (ran.stream().allMatch(item -> item instanceof String)) {
            return String.join(",", ran.stream().map(String.class::cast).toList());
        }
        return ran.size() == 1 ? ran.getFirst() : ran;
    }

    /** Jinja2's query(name, ...) and q(name, ...): always the list. */
    public static Object query(String name, Object... args) {
        Map<String, Object> options = options(args);
        options.remove("wantlist");
        List<Object> ran = run(name, args, options);
        return ran == null ? List.of() : ran;
    }

    private static List<Object> run(String name, Object[] args, Map<String, Object> options) {
        Lookup lookup = LOOKUPS.get(name.startsWith("ansible.builtin.") ? name.substring("ansible.builtin.".length()) : name);
        if (lookup == null) {
            throw new TemplateError("lookup plugin (" + name + ") not found");
        }
        String errors = options.containsKey("errors") ? PythonValues.text(options.remove("errors")) : "strict";
        try {
            return lookup.run(PythonValues.positional(args), options, new LookupContext(JinjavaInterpreter.getCurrent()));
        } catch (Failure e) {
            if (errors.equals("ignore") || errors.equals("warn")) {
                return null;
            }
            throw new TemplateError(e.handled ? e.getMessage() : "An unhandled exception occurred while running the lookup "
                    + "plugin '" + name + "'. Error was a <class 'ansible.errors.AnsibleError'>, original message: "
                    + e.getMessage() + ". " + e.getMessage());
        }
    }

    /**
     * A lookup failed: handled is Ansible's AnsibleLookupError (its message as it is), else the
     * message comes wrapped as Ansible wraps a plugin's AnsibleError.
     */
    static final class Failure extends RuntimeException {
        private final boolean handled;

        private Failure(String message, boolean handled) {
            super(message);
            this.handled = handled;
        }
    }

    static Failure failed(String message) {
        return new Failure(message, false);
    }

    static Failure handled(String message) {
        return new Failure(message, true);
    }

    private static Map<String, Object> options(Object[] args) {
        Map<String, Object> options = new LinkedHashMap<>();
        for (Object arg : args) {
            if (arg instanceof NamedParameter p) {
                options.put(p.getName(), Templates.resolved(p.getValue()));
            }
        }
        return options;
    }

    /** A lookup's one-level flattening of its terms, as Ansible's LookupBase._flatten. */
    static List<Object> flatten(List<Object> terms) {
        List<Object> out = new ArrayList<>();
        for (Object term : terms) {
            if (Templates.resolved(term) instanceof List<?> list) {
                list.forEach(item -> out.add(Templates.resolved(item)));
            } else {
                out.add(Templates.resolved(term));
            }
        }
        return out;
    }

    /** The option's value, else the default. */
    static Object option(Map<String, Object> options, String name, Object fallback) {
        return options.containsKey(name) ? options.get(name) : fallback;
    }
}
