package herd.engine.transport;

/**
 * The host was reached but refused to write or read a file: permission denied, no such folder, no
 * such file. Unlike {@link UnreachableException} the connection is fine; the step fails, the host goes on.
 */
public final class FileTransferException extends Exception {
    private final String path;
    private final String reason;

    /**
     * @param writing whether the file was being written ({@code put}) or read ({@code fetch})
     * @param path    the file on the host, as the caller named it
     * @param reason  the host's error text, as it gave it
     */
    public FileTransferException(boolean writing, String path, String reason) {
        super("cannot " + (writing ? "write " : "read ") + path + ": " + reason);
        this.path = path;
        this.reason = reason;
    }

    /** The file on the host, as the caller named it. */
    public String path() {
        return path;
    }

    /** The host's error text, e.g. "Permission denied". */
    public String reason() {
        return reason;
    }
}
