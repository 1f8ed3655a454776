package herd.engine.module.builtin;

import java.util.Set;

import herd.engine.module.Module;
import herd.engine.module.ModuleSpec;
import herd.engine.module.Trait;

/** What every built-in module shares: its spec and traits, given once; each module adds its run. */
abstract class Builtin implements Module {
    private final ModuleSpec spec;
    private final Set<Trait> traits;

    Builtin(ModuleSpec spec, Trait... traits) {
        this.spec = spec;
        this.traits = Set.of(traits);
    }

    @Override
    public final ModuleSpec spec() {
        return spec;
    }

    @Override
    public final Set<Trait> traits() {
        return traits;
    }
}
