package herd.engine.transport;

/** The host could not be reached, refused us, or stopped answering. Carries any output that arrived. */
public final class UnreachableException extends Exception {
    private final String stdout;
    private final String stderr;

    public UnreachableException(String message) {
        this(message, "", "");
    }

    public UnreachableException(String message, String stdout, String stderr) {
        super(message);
        this.stdout = stdout;
        this.stderr = stderr;
    }

    public String stdout() {
        return stdout;
    }

    public String stderr() {
        return stderr;
    }
}
