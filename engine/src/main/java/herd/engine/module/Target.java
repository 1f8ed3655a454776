package herd.engine.module;

import java.time.Duration;

import herd.engine.transport.ExecResult;
import herd.engine.transport.FileTransferException;
import herd.engine.transport.UnreachableException;

/**
 * The host a module call runs on, as the module sees it: connected on first use, commands run as
 * the task's become user with its password, the task's timeout applied.
 */
public interface Target {

    /** Runs a script through /bin/sh on the host, as the become user when there is one. */
    ExecResult sh(String script) throws UnreachableException;

    /**
     * Runs one of herd's own programs that reads the last line of its standard input, with
     * {@code input} as that line (sudo's password line, when there is one, comes before it). Secrets
     * travel this way, never in an argument list.
     */
    ExecResult program(String command, byte[] input) throws UnreachableException;

    /**
     * Writes {@code content} to {@code path} on the host, atomically (a reader sees the old file or
     * the new one), owned by the user the call runs as: the become user when there is one, else the
     * login user. On the way the bytes are readable by nobody else, and a become password never ends
     * up in the file.
     *
     * @param path a file path on the host; a relative one starts where commands start
     * @param mode the permission bits, as chmod takes them: {@code 0644}, {@code 0600}, {@code 04755}
     * @throws FileTransferException the host refused, in its own words: no such folder, permission
     *                               denied, or the login user cannot hand the file to the become user
     * @throws IllegalArgumentException a mode outside 0 to 07777
     */
    void put(String path, byte[] content, int mode) throws UnreachableException, FileTransferException;

    /**
     * Reads the file at {@code path} on the host, byte for byte, as the user the call runs as.
     *
     * @throws FileTransferException the host refused, in its own words: no such file, permission denied
     */
    byte[] fetch(String path) throws UnreachableException, FileTransferException;

    /** The user the call runs as on the host, when it becomes one. */
    java.util.Optional<String> becomeUser();

    /** Waits, unless the run is asked to stop; false when it was. */
    boolean sleep(Duration duration);
}
