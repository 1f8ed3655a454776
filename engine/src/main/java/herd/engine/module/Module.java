package herd.engine.module;

import java.util.Map;
import java.util.Set;

import herd.engine.transport.UnreachableException;

/**
 * A module of the playbook language that herd runs natively: its {@link ModuleSpec} (checked when
 * the playbook is loaded), its {@link Trait}s, and its execution on one host. One implementation per
 * file in {@code module.builtin}, listed once in {@link Modules}. A module sees only this package
 * (the {@link ModuleCall} and its {@link Target}), never the runner.
 */
public interface Module {

    ModuleSpec spec();

    /** What the runner, planner and dry run need to know of this module without knowing its name. */
    default Set<Trait> traits() {
        return Set.of();
    }

    /**
     * Runs the module once on one host (one loop item). A module that fails returns a failed
     * {@link Outcome}; only a host that cannot be reached throws.
     */
    Outcome run(ModuleCall call) throws UnreachableException;

    /**
     * The host variables a call with these arguments (as written, before templates are filled) sets
     * for later tasks, so the planner knows which names exist only at run time.
     */
    default Set<String> sets(Map<String, Object> args) {
        return Set.of();
    }

    /**
     * The same, for a module that reads controller files to know (include_vars), with the folders a
     * relative path starts from ({@code role_path}, {@code playbook_dir}).
     */
    default Set<String> sets(Map<String, Object> args, Map<String, Object> where) {
        return sets(args);
    }

    /** In {@link #sets}: any name may be set, which cannot be known before the run (a templated file name). */
    String ANY = "*";

    /**
     * The outcome when the task's {@code when} is false, with the arguments as written and the
     * host's variables.
     */
    default Outcome whenFalse(Map<String, Object> args, Map<String, Object> vars) {
        return Outcome.of(herd.engine.event.Status.SKIPPED, SKIPPED).with("skip_reason", SKIPPED);
    }

    /** Ansible's words for a task whose {@code when} is false. */
    String SKIPPED = "Conditional result was False";

    /**
     * True when a call with these arguments runs once for the whole batch, on its first host, as
     * Ansible runs meta end_play (its action bypasses the host loop).
     */
    default boolean oncePerBatch(Map<String, Object> args) {
        return false;
    }

    /** The module's short name, as output shows it. */
    default String name() {
        return spec().name();
    }
}
