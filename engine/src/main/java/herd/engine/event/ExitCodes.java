package herd.engine.event;

/** herd's exit codes, as ansible-playbook documents them. */
public final class ExitCodes {
    public static final int OK = 0;
    public static final int ERROR = 1;
    public static final int HOST_FAILED = 2;
    public static final int HOST_UNREACHABLE = 3;
    public static final int BAD_INPUT = 4;
    public static final int BAD_OPTIONS = 5;
    /** herd's own: another run holds the lock of a targeted host, so nothing ran (ansible-playbook has no lock). */
    public static final int LOCKED = 6;
    /** The maintenance window or deadline left too little time for the next batch: the run stopped between batches. */
    public static final int OUT_OF_TIME = 7;
    public static final int INTERRUPTED = 99;

    private ExitCodes() {
    }
}
