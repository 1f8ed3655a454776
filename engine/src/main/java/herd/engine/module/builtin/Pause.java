package herd.engine.module.builtin;

import java.time.Duration;

import herd.engine.event.Status;
import herd.engine.module.Arg;
import herd.engine.module.ModuleCall;
import herd.engine.module.ModuleSpec;
import herd.engine.module.Outcome;
import herd.engine.module.Trait;
import herd.engine.template.TemplateError;

/** ansible.builtin.pause for a time; herd never prompts (a run must not wait for a person). */
public final class Pause extends Builtin {
    private static final ModuleSpec SPEC = ModuleSpec.of("pause", "ansible.builtin",
            Arg.of("seconds", Arg.Type.RAW), Arg.of("minutes", Arg.Type.RAW), Arg.str("prompt"),
            Arg.of("echo", Arg.Type.BOOL));

    public Pause() {
        super(SPEC, Trait.CONTROLLER);
    }

    @Override
    public Outcome run(ModuleCall call) {
        if (call.args().containsKey("prompt")) {
            return Outcome.failed("pause: herd does not prompt; give 'seconds' or 'minutes' instead of 'prompt'");
        }
        double seconds = number(call.args().get("seconds")) + 60 * number(call.args().get("minutes"));
        if (!call.target().sleep(Duration.ofMillis((long) (seconds * 1000)))) {
            return Outcome.failed("pause interrupted");
        }
        return Outcome.of(Status.OK, "paused " + (long) seconds + " s");
    }

    private static double number(Object value) {
        if (value == null) {
            return 0;
        }
        try {
            return Double.parseDouble(value.toString().trim());
        } catch (NumberFormatException e) {
            throw new TemplateError("'" + value + "' is not a number of seconds");
        }
    }
}
