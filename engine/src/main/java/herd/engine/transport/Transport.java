package herd.engine.transport;

/**
 * A connection to one host that runs commands. The core every connector shares: connect, run a
 * command, close. One instance serves one host for the whole run; commands on it run one at a time.
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

    /** Closes the connection; never throws. */
    @Override
    void close();
}
