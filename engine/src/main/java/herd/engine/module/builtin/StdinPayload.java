package herd.engine.module.builtin;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import herd.engine.module.ModuleCall;
import herd.engine.transport.ExecResult;
import herd.engine.transport.UnreachableException;

/**
 * Bytes for a shell command's standard input (a crontab, a password), sent the way
 * {@link herd.engine.module.Target#program} sends a program's input: one base64 line, the last of
 * the input (a sudo password line or a task's environment may come before it), never in an
 * argument list.
 */
final class StdinPayload {
    private StdinPayload() {
    }

    /** Runs {@code command} (shell) with {@code data} on its standard input. */
    static ExecResult run(ModuleCall call, String command, byte[] data) throws UnreachableException {
        String line = Base64.getEncoder().encodeToString(data) + "\n";
        return call.target().program(reader() + " | " + command, line.getBytes(StandardCharsets.US_ASCII));
    }

    /** Prints the input's last line, decoded. */
    static String reader() {
        return "{ __herd_p=; while IFS= read -r __herd_x || [ -n \"$__herd_x\" ]; do __herd_p=$__herd_x; done; "
                + "printf %s \"$__herd_p\" | base64 -d; }";
    }
}
