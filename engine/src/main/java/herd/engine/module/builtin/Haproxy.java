package herd.engine.module.builtin;

import herd.engine.module.Arg;
import herd.engine.module.ModuleCall;
import herd.engine.module.ModuleSpec;
import herd.engine.module.Outcome;
import herd.engine.module.Trait;
import herd.engine.transport.UnreachableException;

/** community.general.haproxy: takes a server out of an HAProxy backend or puts it back, over HAProxy's runtime API on the host, waiting for the state when asked. */
public final class Haproxy extends Builtin {
    private static final ModuleSpec SPEC = ModuleSpec.of("haproxy", "community.general",
            Arg.str("state").mandatory().choices("enabled", "disabled", "drain"), Arg.str("backend"),
            Arg.str("host").mandatory(), Arg.str("socket"), Arg.of("wait", Arg.Type.BOOL),
            Arg.of("wait_interval", Arg.Type.FLOAT), Arg.of("wait_retries", Arg.Type.INT), Arg.of("drain", Arg.Type.BOOL),
            Arg.of("shutdown_sessions", Arg.Type.BOOL));

    public Haproxy() {
        super(SPEC, Trait.TRACKS_POOL);
    }

    @Override
    public Outcome run(ModuleCall call) throws UnreachableException {
        return RemoteProgram.run("haproxy", call);
    }
}
