package herd.engine.transport;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * What a finished command left: exit code, output, and whether it was ended by the timeout.
 *
 * @param stdout      the standard output as text: UTF-8, trailing newlines removed (what reports show)
 * @param stderr      the standard error as text, likewise; a transport may add a note (killed by signal)
 * @param stdoutBytes the standard output exactly as the command wrote it (a fetched file, binary data)
 * @param stderrBytes the standard error exactly as the command wrote it
 */
public record ExecResult(int rc, String stdout, String stderr, boolean timedOut, byte[] stdoutBytes,
                         byte[] stderrBytes) {

    public ExecResult {
        stdoutBytes = stdoutBytes.clone();
        stderrBytes = stderrBytes.clone();
    }

    /** A result whose bytes are its text in UTF-8 (fakes, and notes made by herd itself). */
    public ExecResult(int rc, String stdout, String stderr, boolean timedOut) {
        this(rc, stdout, stderr, timedOut, stdout.getBytes(StandardCharsets.UTF_8),
                stderr.getBytes(StandardCharsets.UTF_8));
    }

    /** The result of a command whose output the two drains hold. */
    public static ExecResult of(int rc, Output stdout, Output stderr, boolean timedOut) {
        return new ExecResult(rc, stdout.text(), stderr.text(), timedOut, stdout.bytes(), stderr.bytes());
    }

    @Override
    public byte[] stdoutBytes() {
        return stdoutBytes.clone();
    }

    @Override
    public byte[] stderrBytes() {
        return stderrBytes.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ExecResult r && rc == r.rc && timedOut == r.timedOut && stdout.equals(r.stdout)
                && stderr.equals(r.stderr) && Arrays.equals(stdoutBytes, r.stdoutBytes)
                && Arrays.equals(stderrBytes, r.stderrBytes);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * (31 * rc + stdout.hashCode()) + stderr.hashCode()) + Boolean.hashCode(timedOut);
    }

    @Override
    public String toString() {
        return "ExecResult[rc=" + rc + ", stdout=" + stdout + ", stderr=" + stderr + ", timedOut=" + timedOut
                + ", " + stdoutBytes.length + "+" + stderrBytes.length + " bytes]";
    }
}
