package herd.engine.module.builtin;

import herd.engine.module.Arg;
import herd.engine.module.ModuleCall;
import herd.engine.module.ModuleSpec;
import herd.engine.module.Outcome;
import herd.engine.transport.UnreachableException;

/** ansible.builtin.uri: an HTTP request from the host, as a small Python program there (see {@link RemoteProgram}). */
public final class Uri extends Builtin {
    private static final ModuleSpec SPEC = ModuleSpec.of("uri", "ansible.builtin",
            Arg.str("url").mandatory(), Arg.str("method"), Arg.of("status_code", Arg.Type.RAW),
            Arg.of("timeout", Arg.Type.INT), Arg.of("return_content", Arg.Type.BOOL), Arg.of("headers", Arg.Type.DICT),
            Arg.of("body", Arg.Type.RAW));

    public Uri() {
        super(SPEC);
    }

    @Override
    public Outcome run(ModuleCall call) throws UnreachableException {
        return RemoteProgram.run("uri", call);
    }
}
