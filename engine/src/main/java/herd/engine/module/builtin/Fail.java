package herd.engine.module.builtin;

import herd.engine.module.Arg;
import herd.engine.module.ModuleCall;
import herd.engine.module.ModuleSpec;
import herd.engine.module.Outcome;
import herd.engine.module.Trait;

/** ansible.builtin.fail: fails the host with a message. */
public final class Fail extends Builtin {
    private static final ModuleSpec SPEC = ModuleSpec.of("fail", "ansible.builtin", Arg.of("msg", Arg.Type.RAW));

    public Fail() {
        super(SPEC, Trait.CONTROLLER);
    }

    @Override
    public Outcome run(ModuleCall call) {
        return Outcome.failed(call.string("msg", "Failed as requested from task"));
    }
}
