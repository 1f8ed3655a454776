package herd.engine.module;

import java.util.LinkedHashMap;
import java.util.Map;

import herd.engine.template.Templates;

/**
 * One call of a module on one host: its arguments with templates filled (aliases resolved to the
 * argument's name, {@link Arg.Type#EXPRESSION} arguments as written), the host's variables, the
 * run's templates, and the {@link Target} to run commands on.
 */
public record ModuleCall(Map<String, Object> args, Map<String, Object> vars, Templates templates, Target target) {
    public ModuleCall {
        args = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(args));
    }

    /** The same call with one argument set. */
    public ModuleCall with(String name, Object value) {
        Map<String, Object> changed = new LinkedHashMap<>(args);
        changed.put(name, value);
        return new ModuleCall(changed, vars, templates, target);
    }

    /** An argument as text, or the fallback when it is not given. */
    public String string(String name, String fallback) {
        Object value = args.get(name);
        return value == null ? fallback : value.toString();
    }
}
