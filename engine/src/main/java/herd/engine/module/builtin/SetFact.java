package herd.engine.module.builtin;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

import herd.engine.event.Status;
import herd.engine.module.Arg;
import herd.engine.module.ModuleCall;
import herd.engine.module.ModuleSpec;
import herd.engine.module.Outcome;
import herd.engine.module.Trait;

/** ansible.builtin.set_fact: each argument becomes a variable of the host for its later tasks. */
public final class SetFact extends Builtin {
    private static final String CACHEABLE = "cacheable";
    private static final ModuleSpec SPEC = ModuleSpec.of("set_fact", "ansible.builtin",
            Arg.of(CACHEABLE, Arg.Type.BOOL)).withAnyArgs();

    public SetFact() {
        super(SPEC, Trait.CONTROLLER);
    }

    @Override
    public Set<String> sets(Map<String, Object> args) {
        Set<String> names = new LinkedHashSet<>(args.keySet());
        names.remove(CACHEABLE);
        return names;
    }

    @Override
    public Outcome run(ModuleCall call) {
        Map<String, Object> facts = new LinkedHashMap<>(call.args());
        facts.remove(CACHEABLE);
        return Outcome.of(Status.OK, "set " + String.join(", ", facts.keySet())).withFacts(facts);
    }
}
