package herd.engine.transport;

import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

import herd.engine.shell.ShellWords;

/**
 * The shell commands that put and fetch files over an exec channel, the bytes on standard input or
 * output.
 *
 * <p>Why an exec channel and not SFTP: per file it costs one channel on the open connection and about
 * three round trips (open, exec, exit status), the bytes streaming in between. SFTP needs the sftp
 * subsystem (absent on some hardened hosts), a subsystem start and version handshake per channel, then
 * open, write, setstat, close and rename as separate requests: more round trips for every file, and a
 * second code path for reconnecting. The commands used (test, cat, chmod, mv) are POSIX.
 */
public final class ShellFiles {
    private ShellFiles() {
    }

    /**
     * {@link Transport#put} for a transport that runs commands: the bytes on the standard input of
     * {@link #put(String, int)}, run as the login user (in its command session, where there is one).
     */
    public static void put(Transport transport, String path, byte[] content, int mode)
            throws UnreachableException, FileTransferException {
        if (path.isEmpty() || path.endsWith("/")) {
            throw new FileTransferException(true, path, "names a folder, not a file");
        }
        ExecResult r = transport.exec(ExecRequest.login(put(path, mode), java.util.Optional.of(content),
                java.util.Optional.empty()));
        if (r.rc() != 0) {
            throw new FileTransferException(true, path, reason(r));
        }
    }

    /** {@link Transport#fetch} for a transport that runs commands: {@link #fetch(String)}'s output. */
    public static byte[] fetch(Transport transport, String path) throws UnreachableException, FileTransferException {
        ExecResult r = transport.exec(ExecRequest.login(fetch(path), java.util.Optional.empty(), java.util.Optional.empty()));
        if (r.rc() != 0) {
            throw new FileTransferException(false, path, fetchReason(path, reason(r)));
        }
        return r.stdoutBytes();
    }

    /** The host's error text; the exit code when it gave none. */
    private static String reason(ExecResult r) {
        return r.stderr().isBlank() ? "exit code " + r.rc() : r.stderr().strip();
    }

    /**
     * Writes standard input to a fresh temporary file beside {@code path} (private while it is being
     * written: umask 077, noclobber), sets {@code mode}, then renames it over {@code path}; on any
     * failure the temporary file is removed and the exit code is not 0. A missing or unwritable folder
     * is named on standard error before anything is written, so the error speaks of the folder and not
     * of a temporary name the user never gave.
     */
    static String put(String path, int mode) {
        String tmp = temporary(path);
        String folder = folder(path);
        String p = ShellWords.quote(path);
        String t = ShellWords.quote(tmp);
        String d = ShellWords.quote(folder);
        return "if [ -d " + p + " ]; then " + error("Is a directory") + "fi; "
                + "if [ ! -d " + d + " ]; then if [ -e " + d + " ]; then " + error(folder + ": Not a directory")
                + "else " + error(folder + ": No such file or directory") + "fi; fi; "
                + "if [ ! -w " + d + " ]; then " + error(folder + ": Permission denied") + "fi; "
                + "umask 077 && set -C && cat > " + t + " && chmod " + octal(mode) + " " + t
                + " && mv -f -- " + t + " " + p + " || { rc=$?; rm -f -- " + t + "; exit $rc; }";
    }

    private static String error(String text) {
        return "printf '%s\\n' " + ShellWords.quote(text) + " >&2; exit 1; ";
    }

    /** Writes the file to standard output, byte for byte. */
    static String fetch(String path) {
        return "cat -- " + ShellWords.quote(path);
    }

    /** cat's error without its "cat: path: " prefix, which the caller's message already says. */
    static String fetchReason(String path, String stderr) {
        String prefix = "cat: " + path + ": ";
        return stderr.startsWith(prefix) && stderr.indexOf('\n') < 0 ? stderr.substring(prefix.length()) : stderr;
    }

    /** A name in the same folder, so that the rename is atomic: {@code dir/.name.herd-<random>}. */
    static String temporary(String path) {
        int slash = path.lastIndexOf('/');
        String random = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
        return path.substring(0, slash + 1) + "." + path.substring(slash + 1) + ".herd-" + random;
    }

    /** The folder the file is in: {@code .} for a bare name, {@code /} for one at the root. */
    static String folder(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? "." : slash == 0 ? "/" : path.substring(0, slash);
    }

    /** The mode as chmod's octal operand. */
    static String octal(int mode) {
        if (mode < 0 || mode > 07777) {
            throw new IllegalArgumentException("file mode " + Integer.toOctalString(mode) + " is not between 0 and 7777");
        }
        return "0" + Integer.toOctalString(mode);
    }
}
