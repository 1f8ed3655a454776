package herd.engine.module.builtin;

import herd.engine.module.Arg;
import herd.engine.module.ModuleCall;
import herd.engine.module.ModuleSpec;
import herd.engine.module.Outcome;
import herd.engine.transport.UnreachableException;

/** herd'\''s haproxy_info: every server of the backend(s) with the status HAProxy reports, over its runtime API on the host. */
public final class HaproxyInfo extends Builtin {
    private static final ModuleSpec SPEC = ModuleSpec.of("haproxy_info", "",
            Arg.str("backend"), Arg.str("socket"));

    public HaproxyInfo() {
        super(SPEC);
    }

    @Override
    public Outcome run(ModuleCall call) throws UnreachableException {
        return RemoteProgram.run("haproxy", call.with("state", "info"));
    }
}
