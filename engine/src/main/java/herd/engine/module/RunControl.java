package herd.engine.module;

/** What a {@code meta} task asks of the runner, with Ansible 2.14's meaning. */
public enum RunControl {
    /** Nothing. */
    NOOP,
    /** Run the handlers notified so far, on the hosts that reach this task, now. */
    FLUSH_HANDLERS,
    /** Every host of the play stops here, the remaining batches too; pending handlers do not run. */
    END_PLAY,
    /** Every host of this batch stops here; the next batch starts from the first task. */
    END_BATCH,
    /** This host stops here for the rest of the play. */
    END_HOST,
    /** Failed hosts of the play are no longer failed: later plays run on them again. */
    CLEAR_HOST_ERRORS;

    /** True for the directives Ansible's linear strategy runs once for all hosts, on the first host. */
    public boolean forAllHosts() {
        return this == END_PLAY || this == END_BATCH || this == CLEAR_HOST_ERRORS;
    }
}
