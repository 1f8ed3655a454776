package herd.engine.transport;

/**
 * A connection to one host that runs commands and moves files. The core every connector shares:
 * connect, run a command, put and fetch a file, close. One instance serves one host for the whole
 * run; commands on it run one at a time.
 *
 * <p>Errors: only a host that cannot be reached or stops answering throws {@link UnreachableException}.
 * A command that fails is a result with its exit code; a file the host will not write or read is a
 * {@link FileTransferException} naming the path and the host's reason.
 */
public interface Transport extends AutoCloseable {

    /** Opens the connection if it is not open. Idempotent. */
    void connect() throws UnreachableException;

    /**
     * Runs a command line through the host's /bin/sh-compatible command channel and waits for it.
     * A command that fails is a result with its exit code, not an exception; only a host that cannot be
     * reached or stops answering throws.
     */
    ExecResult exec(ExecRequest request) throws UnreachableException;

    /**
     * Writes {@code content} to {@code path} on the host as the login user, atomically: a temporary
     * file in the same folder, given {@code mode}, then renamed over {@code path}. A reader sees the
     * old file or the new one, never a part; a failed put leaves the old file as it was.
     *
     * @param path a file path on the host; a relative one starts where commands start (over SSH the login folder)
     * @param mode the permission bits, as chmod takes them: {@code 0644}, {@code 0600}, {@code 04755}
     * @throws FileTransferException the host refused: no such folder, permission denied
     */
    void put(String path, byte[] content, int mode) throws UnreachableException, FileTransferException;

    /**
     * Reads the file at {@code path} on the host, byte for byte, as the login user.
     *
     * @throws FileTransferException the host refused: no such file, permission denied, a folder
     */
    byte[] fetch(String path) throws UnreachableException, FileTransferException;

    /**
     * Starts a long-running command whose standard streams stay open for the caller to talk to (a
     * {@link CommandSessions command session}); empty where this transport cannot, and then nothing ran.
     */
    default java.util.Optional<Running> start(String command) throws UnreachableException {
        return java.util.Optional.empty();
    }

    /** A command left running by {@link #start}. */
    interface Running extends AutoCloseable {
        java.io.OutputStream stdin();

        java.io.InputStream stdout();

        java.io.InputStream stderr();

        /** False once the channel has closed (the command ended, or the connection dropped). */
        boolean isOpen();

        /** Where it runs, for messages: {@code host:port}. */
        String where();

        /** Ends the command's channel; never throws. */
        @Override
        void close();
    }

    /** Closes the connection; never throws. */
    @Override
    void close();
}
