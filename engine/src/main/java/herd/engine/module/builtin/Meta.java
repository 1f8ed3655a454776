package herd.engine.module.builtin;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import herd.engine.event.Status;
import herd.engine.module.Arg;
import herd.engine.module.ModuleCall;
import herd.engine.module.ModuleSpec;
import herd.engine.module.Outcome;
import herd.engine.module.RunControl;
import herd.engine.module.Trait;
import herd.engine.template.Templates;

/**
 * ansible.builtin.meta: steers the play ({@link RunControl}) instead of doing work on a host. The
 * runner carries the directive out; the module gives the result Ansible gives, and the reason
 * Ansible gives when its {@code when} is false.
 */
public final class Meta extends Builtin {
    private static final String ACTION = "free_form";
    private static final ModuleSpec SPEC = ModuleSpec.of("meta", "ansible.builtin",
            Arg.str(ACTION).mandatory().choices("noop", "flush_handlers", "end_play", "end_batch", "end_host",
                    "clear_host_errors")).freeForm(ACTION);

    public Meta() {
        super(SPEC, Trait.STEERS_RUN, Trait.CONTROLLER);
    }

    @Override
    public Outcome run(ModuleCall call) {
        RunControl control = control(call);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("msg", switch (control) {
            case NOOP -> "noop";
            case FLUSH_HANDLERS -> "triggered running handlers for " + host(call);
            case END_PLAY -> "ending play";
            case END_BATCH -> "ending batch";
            case END_HOST -> "ending play for " + host(call);
            case CLEAR_HOST_ERRORS -> "cleared host errors";
        });
        result.put("changed", false);
        return Outcome.fromResult(result).withControl(control);
    }

    @Override
    public boolean oncePerBatch(Map<String, Object> args) {
        String action = String.valueOf(args.get(ACTION));
        return !Templates.isTemplate(action) && RunControl.valueOf(action.toUpperCase(Locale.ROOT)).forAllHosts();
    }

    private static RunControl control(ModuleCall call) {
        return RunControl.valueOf(call.string(ACTION, "noop").toUpperCase(Locale.ROOT));
    }

    private static String host(ModuleCall call) {
        return String.valueOf(call.vars().get("inventory_hostname"));
    }

    /** Ansible's result when the task's {@code when} is false: the directive is not carried out. */
    @Override
    public Outcome whenFalse(Map<String, Object> args, Map<String, Object> vars) {
        String action = String.valueOf(args.get(ACTION));
        String host = String.valueOf(vars.get("inventory_hostname"));
        String why = switch (action) {
            case "flush_handlers" -> ", not running handlers for " + host;
            case "end_play" -> ", continuing play";
            case "end_batch" -> ", continuing current batch";
            case "end_host" -> ", continuing execution for " + host;
            case "clear_host_errors" -> ", not clearing host error state for " + host;
            default -> "";
        };
        String reason = action + " conditional evaluated to False" + why;
        return Outcome.of(Status.SKIPPED, reason).with("msg", action).with("skip_reason", reason);
    }
}
