package herd.engine.run;

import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

import herd.engine.module.Target;
import herd.engine.shell.ShellWords;
import herd.engine.transport.ExecRequest;
import herd.engine.transport.ExecResult;
import herd.engine.transport.FileTransferException;
import herd.engine.transport.UnreachableException;

/**
 * The {@link Target} a module call sees: the step's host, its become user and password, its timeout.
 *
 * <p>Files, as the become user: without a password sudo reads nothing from standard input, so the
 * bytes go there, straight into a {@code cat} run as the become user (one command, nothing on disk
 * outside the destination folder). With a password they cannot: when sudo needs none (NOPASSWD, a
 * cached ticket) the password line stays on standard input and would land in the file. Then, as
 * Ansible does, the login user stages the bytes in a fresh private folder (0700), lets the become user
 * read them (an ACL, or nothing when it is root), and the become user copies them into place; the
 * folder is removed in every case. Where no ACL can be set, the put is refused rather than staged
 * readable by every user.
 */
record StepTarget(HostExec host, Optional<Sudo> sudo, Optional<Duration> timeout, Stop stop,
                  java.util.Map<String, String> env) implements Target {

    StepTarget(HostExec host, Optional<Sudo> sudo, Optional<Duration> timeout, Stop stop) {
        this(host, sudo, timeout, stop, java.util.Map.of());
    }

    /** Under /tmp, not $TMPDIR: a folder under the login user's home may be closed to the become user. */
    static final String STAGE = "mktemp -d /tmp/herd.XXXXXXXXXX && id -un";

    @Override
    public ExecResult sh(String script) throws UnreachableException {
        if (!env.isEmpty()) {
            return Sudo.exec(host, Sudo.lineWithEnvironment(script, sudo), Optional.of(Environment.block(env)), timeout,
                    sudo.flatMap(Sudo::password));
        }
        return Sudo.exec(host, Sudo.line(script, sudo), Optional.empty(), timeout, sudo.flatMap(Sudo::password));
    }

    @Override
    public ExecResult program(String command, byte[] input) throws UnreachableException {
        if (!env.isEmpty()) {
            // the program reads the last line of its input; the environment block comes before it
            byte[] block = Environment.block(env);
            byte[] all = new byte[block.length + input.length];
            System.arraycopy(block, 0, all, 0, block.length);
            System.arraycopy(input, 0, all, block.length, input.length);
            return Sudo.exec(host, Sudo.lineReadingStdin(Environment.READER + command, sudo), Optional.of(all), timeout,
                    sudo.flatMap(Sudo::password));
        }
        return Sudo.exec(host, Sudo.lineReadingStdin(command, sudo), Optional.of(input), timeout,
                sudo.flatMap(Sudo::password));
    }

    @Override
    public void put(String path, byte[] content, int mode) throws UnreachableException, FileTransferException {
        String octal = octal(mode);
        if (sudo.isEmpty()) {
            host.put(path, content, mode);
        } else if (sudo.get().password().isEmpty()) {
            Sudo.Line line = Sudo.line(place(path, "cat", octal), sudo);
            ExecResult placed = host.exec(new ExecRequest(line.command(), Optional.of(content), timeout, line.session()));
            check(true, path, placed);
        } else {
            staged(sudo.get(), path, content, octal);
        }
    }

    @Override
    public byte[] fetch(String path) throws UnreachableException, FileTransferException {
        if (sudo.isEmpty()) {
            return host.fetch(path);
        }
        ExecResult read = Sudo.exec(host, Sudo.line("cat -- " + ShellWords.quote(path), sudo), Optional.empty(),
                timeout, sudo.get().password());
        check(false, path, read);
        return read.stdoutBytes();
    }

    @Override
    public Optional<String> becomeUser() {
        return sudo.map(Sudo::user);
    }

    @Override
    public boolean sleep(Duration duration) {
        return stop.sleep(duration);
    }

    private void staged(Sudo as, String path, byte[] content, String octal)
            throws UnreachableException, FileTransferException {
        ExecResult made = host.exec(new ExecRequest(STAGE, Optional.empty(), timeout));
        check(true, path, made);
        String[] lines = made.stdout().split("\n");
        if (lines.length != 2 || !lines[0].startsWith("/tmp/herd.")) {
            throw new FileTransferException(true, path, "mktemp -d gave no private folder: " + made.stdout());
        }
        String folder = lines[0];
        String login = lines[1].strip();
        String file = folder + "/content";
        try {
            try {
                host.put(file, content, 0600);
            } catch (FileTransferException e) {
                throw new FileTransferException(true, path, "staging it in " + folder + ": " + e.reason());
            }
            grant(as.user(), login, folder, file, path);
            ExecResult placed = Sudo.exec(host, Sudo.line(place(path, "cat -- " + ShellWords.quote(file), octal), sudo),
                    Optional.empty(), timeout, as.password());
            check(true, path, placed);
        } finally {
            remove(folder);
        }
    }

    /** Lets the become user read the staged file and enter its folder, and nobody else. */
    private void grant(String user, String login, String folder, String file, String path)
            throws UnreachableException, FileTransferException {
        if (user.equals(login) || user.equals("root")) {
            return;
        }
        ExecResult r = host.exec(new ExecRequest(grantCommand(user, login, folder, file), Optional.empty(), timeout));
        if (r.rc() != 0 || r.timedOut()) {
            throw new FileTransferException(true, path, "the login user " + login + " cannot let the become user "
                    + user + " read the file it stages (" + words(r) + "); herd will not make it readable to every"
                    + " user: install setfacl (package acl) on the host, or let " + login + " become " + user
                    + " without a password");
        }
    }

    static String grantCommand(String user, String login, String folder, String file) {
        String d = ShellWords.quote(folder);
        String f = ShellWords.quote(file);
        if (login.equals("root")) {
            return "chown -- " + ShellWords.quote(user) + " " + d + " " + f;
        }
        return "setfacl -m " + ShellWords.quote("u:" + user + ":r-x") + " -- " + d + " && setfacl -m "
                + ShellWords.quote("u:" + user + ":r--") + " -- " + f;
    }

    /** Removes the staging folder; a host gone by now leaves it behind, private to the login user. */
    private void remove(String folder) {
        try {
            host.exec(new ExecRequest("rm -rf -- " + ShellWords.quote(folder), Optional.empty(), timeout));
        } catch (UnreachableException ignored) {
            // the failure that matters is already on its way
        }
    }

    /**
     * Writes what {@code source} prints to a fresh temporary file beside {@code path} (private while
     * written: umask 077, noclobber), sets the mode, renames it over {@code path}; removes it on any
     * failure. A missing or unwritable folder is named before anything is written.
     */
    static String place(String path, String source, String octal) {
        String folder = folder(path);
        String p = ShellWords.quote(path);
        String t = ShellWords.quote(temporary(path));
        String d = ShellWords.quote(folder);
        return "if [ -d " + p + " ]; then " + error("Is a directory") + "fi; "
                + "if [ ! -d " + d + " ]; then if [ -e " + d + " ]; then " + error(folder + ": Not a directory")
                + "else " + error(folder + ": No such file or directory") + "fi; fi; "
                + "if [ ! -w " + d + " ]; then " + error(folder + ": Permission denied") + "fi; "
                + "umask 077 && set -C && " + source + " > " + t + " && chmod " + octal + " " + t
                + " && mv -f -- " + t + " " + p + " || { rc=$?; rm -f -- " + t + "; exit $rc; }";
    }

    private static String error(String text) {
        return "printf '%s\\n' " + ShellWords.quote(text) + " >&2; exit 1; ";
    }

    /** A name in the destination folder, so that the rename is atomic. */
    private static String temporary(String path) {
        int slash = path.lastIndexOf('/');
        String random = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
        return path.substring(0, slash + 1) + "." + path.substring(slash + 1) + ".herd-" + random;
    }

    private static String folder(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? "." : slash == 0 ? "/" : path.substring(0, slash);
    }

    private static String octal(int mode) {
        if (mode < 0 || mode > 07777) {
            throw new IllegalArgumentException("file mode " + Integer.toOctalString(mode) + " is not between 0 and 7777");
        }
        return "0" + Integer.toOctalString(mode);
    }

    private static void check(boolean writing, String path, ExecResult r) throws FileTransferException {
        if (r.timedOut()) {
            throw new FileTransferException(writing, path, "timed out");
        }
        if (r.rc() != 0) {
            String reason = words(r);
            String cat = "cat: " + path + ": ";
            throw new FileTransferException(writing, path,
                    reason.startsWith(cat) && reason.indexOf('\n') < 0 ? reason.substring(cat.length()) : reason);
        }
    }

    /** The host's words: its error output, else its output, else the exit code. */
    private static String words(ExecResult r) {
        String err = r.stderr().strip();
        if (!err.isEmpty()) {
            return err;
        }
        return r.stdout().isBlank() ? "exit code " + r.rc() : r.stdout().strip();
    }
}
