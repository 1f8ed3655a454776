package herd.engine.module.builtin;

import java.util.LinkedHashMap;
import java.util.Map;

import herd.engine.module.Arg;
import herd.engine.module.ModuleCall;
import herd.engine.module.ModuleSpec;
import herd.engine.module.Outcome;
import herd.engine.module.Trait;
import herd.engine.transport.ExecResult;
import herd.engine.transport.UnreachableException;

/**
 * ansible.builtin.ping: proves the host can be logged in to and run a command (as the become user,
 * with become), and answers {@code ping: pong} (or {@code data}). As Ansible's, {@code data: crash}
 * makes it fail.
 */
public final class Ping extends Builtin {
    private static final ModuleSpec SPEC = ModuleSpec.of("ping", "ansible.builtin", Arg.str("data").withDefault("pong"));

    public Ping() {
        super(SPEC, Trait.CHECK_MODE);
    }

    @Override
    public Outcome run(ModuleCall call) throws UnreachableException {
        String data = call.string("data", "pong");
        if (data.equals("crash")) {
            return Outcome.failed("boom");
        }
        ExecResult r = call.target().sh("exit 0");
        if (r.rc() != 0) {
            return Outcome.failed("ping: the host could not run a command (rc " + r.rc() + "): " + r.stderr().strip());
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("ping", data);
        result.put("changed", false);
        return Outcome.fromResult(result);
    }
}
