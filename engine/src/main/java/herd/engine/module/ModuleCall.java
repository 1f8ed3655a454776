package herd.engine.module;

import java.util.LinkedHashMap;
import java.util.Map;

import herd.engine.template.Templates;

/**
 * One call of a module on one host: its arguments with templates filled (aliases resolved to the
 * argument's name, {@link Arg.Type#EXPRESSION} arguments as written), the host's variables, the
 * run's templates, the {@link Target} to run commands on, and the modes the task runs in.
 *
 * @param checkMode Ansible's check mode ({@code --check}, {@code check_mode: true}): the module changes
 *                  nothing on the host and reports what it would have done, changed or not. Only modules
 *                  with {@link Trait#CHECK_MODE} are called in check mode; the runner skips the others.
 * @param diff      {@code --diff}, {@code diff: true}: the module puts what it changes (or would change)
 *                  in its result as Ansible's {@code diff} field: a map (or a list of maps) with
 *                  {@code before}, {@code after} and optionally {@code before_header}, {@code after_header};
 *                  the runner shows it as a unified diff, never for a {@code no_log} task
 * @param noLog     the task's {@code no_log}: its result is hidden (bridged modules are told, as Ansible tells them)
 */
public record ModuleCall(Map<String, Object> args, Map<String, Object> vars, Templates templates, Target target,
                         boolean checkMode, boolean diff, boolean noLog) {
    public ModuleCall {
        args = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(args));
    }

    public ModuleCall(Map<String, Object> args, Map<String, Object> vars, Templates templates, Target target,
                      boolean checkMode, boolean diff) {
        this(args, vars, templates, target, checkMode, diff, false);
    }

    /** A call outside check mode, without diffs. */
    public ModuleCall(Map<String, Object> args, Map<String, Object> vars, Templates templates, Target target) {
        this(args, vars, templates, target, false, false);
    }

    /** The same call with one argument set. */
    public ModuleCall with(String name, Object value) {
        Map<String, Object> changed = new LinkedHashMap<>(args);
        changed.put(name, value);
        return new ModuleCall(changed, vars, templates, target, checkMode, diff, noLog);
    }

    /** An argument as text, or the fallback when it is not given. */
    public String string(String name, String fallback) {
        Object value = args.get(name);
        return value == null ? fallback : value.toString();
    }
}
