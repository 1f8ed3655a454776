package herd.engine.module;

import java.time.Duration;

import herd.engine.transport.ExecResult;
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

    /** The user the call runs as on the host, when it becomes one. */
    java.util.Optional<String> becomeUser();

    /** Waits, unless the run is asked to stop; false when it was. */
    boolean sleep(Duration duration);
}
