package herd.engine.module.bridge;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import herd.engine.module.Arg;
import herd.engine.module.Module;
import herd.engine.module.ModuleCall;
import herd.engine.module.ModuleSpec;
import herd.engine.module.Outcome;
import herd.engine.module.Trait;
import herd.engine.template.Templates;
import herd.engine.transport.ExecResult;
import herd.engine.transport.UnreachableException;

/**
 * {@code package}, as ansible-core's action plugin runs it: the host's package manager module
 * ({@code use}, else the {@code pkg_mgr} fact, else the manager found on the host as the setup
 * module finds it), run through the bridge with the task's other arguments.
 */
final class PackageModule implements Module {
    /** The managers Ansible's pkg_mgr fact knows, in the order it tries them, with the program that marks each. */
    private static final List<List<String>> MANAGERS = List.of(List.of("dnf", "dnf"), List.of("yum", "yum"),
            List.of("apt", "apt-get"), List.of("zypper", "zypper"), List.of("apk", "apk"), List.of("pacman", "pacman"),
            List.of("portage", "emerge"), List.of("pkgng", "pkg"));

    private static final ModuleSpec SPEC = ModuleSpec.of("package", "ansible.builtin",
            Arg.of("name", Arg.Type.RAW).mandatory(), Arg.str("state").mandatory(),
            Arg.str("use").withDefault("auto")).withAnyArgs();

    private final Bridge bridge;

    PackageModule(Bridge bridge) {
        this.bridge = bridge;
    }

    @Override
    public ModuleSpec spec() {
        return SPEC;
    }

    @Override
    public Set<Trait> traits() {
        return Set.of(Trait.CHECK_MODE);
    }

    @Override
    public Outcome run(ModuleCall call) throws UnreachableException {
        Optional<String> manager = Optional.ofNullable(call.args().get("use")).map(Object::toString)
                .filter(u -> !u.equals("auto")).or(() -> fact(call.vars()));
        if (manager.isEmpty()) {
            manager = detect(call);
        }
        if (manager.isEmpty()) {
            return Outcome.failed("Could not detect which package manager to use. Try gathering facts or setting the"
                    + " \"use\" option.");
        }
        Bridge.Lookup lookup = bridge.module("ansible.legacy." + manager.get(), List.of());
        if (!(lookup instanceof Bridge.Runs runs)) {
            return Outcome.failed("Could not find a module for " + manager.get() + ": " + switch (lookup) {
                case Bridge.Refused r -> r.why();
                case Bridge.Unknown u -> "herd looked in " + u.looked();
                default -> "";
            });
        }
        Map<String, Object> args = new LinkedHashMap<>(call.args());
        args.remove("use");
        return runs.module().run(new ModuleCall(args, call.vars(), call.templates(), call.target(), call.checkMode(),
                call.diff(), call.noLog()));
    }

    private static Optional<String> fact(Map<String, Object> vars) {
        Object facts = Templates.resolved(vars.get("ansible_facts"));
        Object fact = facts instanceof Map<?, ?> f ? f.get("pkg_mgr") : null;
        if (fact == null) {
            fact = Templates.resolved(vars.get("ansible_pkg_mgr"));
        }
        return fact == null || fact.toString().equals("unknown") ? Optional.empty() : Optional.of(fact.toString());
    }

    private static Optional<String> detect(ModuleCall call) throws UnreachableException {
        StringBuilder script = new StringBuilder();
        for (List<String> m : MANAGERS) {
            script.append("command -v ").append(m.get(1)).append(" >/dev/null 2>&1 && { echo ").append(m.get(0))
                    .append("; exit 0; }; ");
        }
        ExecResult r = call.target().sh(script + "exit 1");
        String found = r.stdout().strip();
        return r.rc() == 0 && !found.isEmpty() ? Optional.of(found) : Optional.empty();
    }
}
