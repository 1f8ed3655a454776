package herd.engine.module;

/** What the runner, planner and dry run do differently for a module, instead of testing its name. */
public enum Trait {
    /**
     * The runner follows the load-balancer status the module reports ({@code servers} rows with
     * {@code backend} and {@code status}) and can put a server it took out back, by running the same
     * task with {@code state: enabled}.
     */
    TRACKS_POOL,
    /**
     * The module's outcome may carry a {@link RunControl} for the runner (meta): it steers the play
     * rather than doing work on the host, so it makes no step of its own unless it is skipped.
     */
    STEERS_RUN,
    /** The module never touches the host: it runs in herd itself (debug, fail, assert, set_fact, pause, meta). */
    CONTROLLER,
    /**
     * The module honours {@link ModuleCall#checkMode()}: in check mode it changes nothing and reports
     * what it would do. A module without this trait is skipped in check mode, with Ansible's words.
     */
    CHECK_MODE,
    /**
     * The module's result asks for an inventory change as Ansible's does ({@code add_host}: host_name,
     * groups, host_vars; {@code add_group} with {@code parent_groups}); the runner makes it for the rest
     * of the run, and the step is changed when the inventory changed (add_host, group_by).
     */
    EDITS_INVENTORY
}
