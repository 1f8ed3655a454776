package herd.engine.module.builtin;

import herd.engine.module.Arg;
import herd.engine.module.ModuleCall;
import herd.engine.module.ModuleSpec;
import herd.engine.module.Outcome;
import herd.engine.transport.UnreachableException;

/** ansible.builtin.wait_for: waits for a port or a file on the host, as a small Python program there (see {@link RemoteProgram}). */
public final class WaitFor extends Builtin {
    private static final ModuleSpec SPEC = ModuleSpec.of("wait_for", "ansible.builtin",
            Arg.str("host"), Arg.of("port", Arg.Type.INT), Arg.str("path"),
            Arg.str("state").choices("started", "stopped", "present", "absent"), Arg.of("timeout", Arg.Type.FLOAT),
            Arg.of("delay", Arg.Type.FLOAT), Arg.of("sleep", Arg.Type.FLOAT), Arg.str("msg"),
            Arg.of("connect_timeout", Arg.Type.FLOAT));

    public WaitFor() {
        super(SPEC);
    }

    @Override
    public Outcome run(ModuleCall call) throws UnreachableException {
        return RemoteProgram.run("wait_for", call);
    }
}
