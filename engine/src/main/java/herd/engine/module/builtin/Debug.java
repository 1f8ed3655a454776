package herd.engine.module.builtin;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import herd.engine.event.Status;
import herd.engine.module.Arg;
import herd.engine.module.ModuleCall;
import herd.engine.module.ModuleSpec;
import herd.engine.module.Outcome;
import herd.engine.module.Trait;

/** ansible.builtin.debug: prints a message, or a variable's value with {@code var}. */
public final class Debug extends Builtin {
    private static final ModuleSpec SPEC = ModuleSpec.of("debug", "ansible.builtin",
            Arg.of("msg", Arg.Type.RAW), Arg.str("var"), Arg.of("verbosity", Arg.Type.INT)).exclusive("msg", "var");

    public Debug() {
        super(SPEC, Trait.CONTROLLER);
    }

    @Override
    public Outcome run(ModuleCall call) {
        Map<String, Object> result = new LinkedHashMap<>();
        Object var = call.args().get("var");
        String msg;
        if (var != null) {
            Object value = call.templates().evaluate(var.toString(), call.vars());
            result.put(var.toString(), value);
            msg = var + ": " + value;
        } else {
            msg = String.valueOf(call.args().getOrDefault("msg", "Hello world!"));
            result.put("msg", msg);
        }
        result.put("changed", false);
        result.put("failed", false);
        return Outcome.fromResult(result).withStatus(Status.OK, Optional.of(msg));
    }
}
