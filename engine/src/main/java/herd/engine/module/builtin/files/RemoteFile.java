package herd.engine.module.builtin.files;

import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

import herd.engine.module.Target;
import herd.engine.shell.ShellWords;
import herd.engine.transport.ExecResult;
import herd.engine.transport.FileTransferException;
import herd.engine.transport.UnreachableException;

/**
 * The file operations the file modules share (copy, template, file, stat, lineinfile, blockinfile,
 * replace), each as few commands as it can be, all through the call's {@link Target} (so as the
 * become user):
 *
 * <ul>
 *   <li>{@link #probe}: what a path is ({@link PathState}: stat of the path and of where a link
 *       leads, umask, link target, access, optionally a checksum, uids and gids of names, MIME type,
 *       attributes), in <em>one</em> command;</li>
 *   <li>{@link #write}: new content for a file, as Ansible's modules write it: staged beside the
 *       file, validated ({@code validate} with {@code %s}), the old file backed up
 *       ({@code NAME.PID.YYYY-MM-DD@HH:MM:SS~}), the old file's owner, group and mode kept (a new
 *       file gets {@code 0666 & ~umask}), the requested ones set, then renamed over the file
 *       (atomic: a reader sees the old file or the new one);</li>
 *   <li>{@link #read}: a file's bytes (for {@code diff}'s before);</li>
 *   <li>owner, group and mode of an existing path: {@link FileAttributes#apply}.</li>
 * </ul>
 *
 * <p>A typical module that rewrites a file (lineinfile):
 * <pre>{@code
 * FileAttributes attrs = FileAttributes.of(call.args());
 * PathState before = RemoteFile.probe(target, path, attrs.names(Probe.PLAIN));
 * byte[] old = before.isFile(true) ? RemoteFile.read(target, path) : new byte[0];
 * byte[] updated = ...;
 * if (!Arrays.equals(old, updated) && !call.checkMode()) {
 *     RemoteFile.write(target, path, before, new RemoteFile.Write(updated, attrs, backup, validate));
 * } else {
 *     FileAttributes.Applied a = attrs.apply(target, path, before, true, call.checkMode());
 * }
 * }</pre>
 * Every failure is a {@link FileError} in Ansible's words; a module returns {@link FileError#outcome()}.
 */
public final class RemoteFile {
    private RemoteFile() {
    }

    /** What a path is now; see {@link PathState}. */
    public static PathState probe(Target target, String path) throws UnreachableException, FileError {
        return probe(target, path, Probe.PLAIN);
    }

    /** What a path is now, with what {@code what} asks for besides; one command. */
    public static PathState probe(Target target, String path, Probe what) throws UnreachableException, FileError {
        ExecResult r = target.sh(probeScript(path, what));
        if (r.rc() != 0 || !r.stdout().startsWith("umask ")) {
            throw new FileError("could not learn what " + path + " is: " + words(r));
        }
        return parse(path, r.stdout());
    }

    static String probeScript(String path, Probe what) {
        String fmt = ShellWords.quote(Inode.FORMAT);
        StringBuilder s = new StringBuilder("p=").append(ShellWords.quote(path)).append("; ");
        s.append("printf 'umask %s\\n' \"$(umask)\"; ");
        s.append("if [ -e \"$p\" ] || [ -L \"$p\" ]; then ");
        s.append("printf 'lstat %s\\n' \"$(stat -c ").append(fmt).append(" -- \"$p\")\"; ");
        s.append("if [ -L \"$p\" ]; then printf 'target %s\\n' \"$(readlink -- \"$p\")\"; ");
        s.append("printf 'real %s\\n' \"$(readlink -m -- \"$p\")\"; ");
        s.append("if [ -e \"$p\" ]; then printf 'stat %s\\n' \"$(stat -L -c ").append(fmt).append(" -- \"$p\")\"; fi; fi; ");
        s.append("a=; [ -r \"$p\" ] && a=${a}r; [ -w \"$p\" ] && a=${a}w; [ -x \"$p\" ] && a=${a}x; ");
        s.append("printf 'access %s\\n' \"$a\"; ");
        what.checksum().ifPresent(alg -> s.append("if [ -f \"$p\" ] && [ -r \"$p\" ]; then c=$(")
                .append(ShellWords.quote(algorithm(alg) + "sum")).append(" < \"$p\") && printf 'checksum %s\\n' \"${c%% *}\"; fi; "));
        if (what.mime()) {
            s.append("if command -v file >/dev/null 2>&1; then printf 'mime %s\\n' \"$(file --mime-type --mime-encoding -- \"$p\")\"; fi; ");
        }
        if (what.attributes()) {
            s.append("if command -v lsattr >/dev/null 2>&1; then printf 'lsattr %s\\n' \"$(lsattr -vd -- \"$p\" 2>/dev/null)\"; fi; ");
        }
        // nothing there, or a folder on the way the user may not search (Ansible's stat fails then)
        s.append("else case \"$(LC_ALL=C stat -c %i -- \"$p\" 2>&1)\" in *'Permission denied'*) printf 'denied\\n';; esac; ");
        s.append("fi");
        for (String user : what.users()) {
            if (!user.matches("\\d+")) {
                s.append("; printf 'user:%s %s\\n' ").append(ShellWords.quote(user)).append(" \"$(id -u -- ")
                        .append(ShellWords.quote(user)).append(" 2>/dev/null)\"");
            }
        }
        for (String group : what.groups()) {
            if (!group.matches("\\d+")) {
                s.append("; printf 'group:%s %s\\n' ").append(ShellWords.quote(group)).append(" \"$(getent group -- ")
                        .append(ShellWords.quote(group)).append(" | cut -d: -f3)\"");
            }
        }
        return s.toString();
    }

    private static String algorithm(String name) {
        return switch (name) {
            case "md5", "sha1", "sha224", "sha256", "sha384", "sha512" -> name;
            default -> throw new IllegalArgumentException("unknown checksum algorithm " + name);
        };
    }

    static PathState parse(String path, String out) {
        int umask = 022;
        Optional<Inode> lstat = Optional.empty();
        Optional<Inode> stat = Optional.empty();
        Optional<String> target = Optional.empty();
        Optional<String> real = Optional.empty();
        Optional<String> checksum = Optional.empty();
        String access = "";
        Map<String, Long> ids = new LinkedHashMap<>();
        Map<String, String> extra = new LinkedHashMap<>();
        for (String line : out.split("\n")) {
            int space = line.indexOf(' ');
            String key = space < 0 ? line : line.substring(0, space);
            String value = space < 0 ? "" : line.substring(space + 1);
            switch (key) {
                case "umask" -> umask = Integer.parseInt(value.strip(), 8);
                case "lstat" -> lstat = Optional.of(Inode.parse(value));
                case "stat" -> stat = Optional.of(Inode.parse(value));
                case "target" -> target = Optional.of(value);
                case "real" -> real = Optional.of(value);
                case "checksum" -> checksum = Optional.of(value.strip());
                case "access" -> access = value.strip();
                case "mime", "lsattr" -> extra.put(key, value);
                case "denied" -> extra.put(key, "Permission denied");
                default -> {
                    if ((key.startsWith("user:") || key.startsWith("group:")) && value.strip().matches("\\d+")) {
                        ids.put(key, Long.parseLong(value.strip()));
                    }
                }
            }
        }
        boolean link = lstat.map(i -> i.kind() == Inode.Kind.LINK).orElse(false);
        Optional<Inode> followed = link ? stat : lstat;
        return new PathState(path, umask, lstat, followed, target, real, checksum, access, ids, extra);
    }

    /**
     * The path with a leading {@code ~} or {@code ~user} expanded on the host, as Ansible expands
     * its {@code path} arguments (for the user the call runs as); any other path as it is, without
     * a command.
     */
    public static String expandUser(Target target, String path) throws UnreachableException, FileError {
        if (!path.startsWith("~")) {
            return path;
        }
        int slash = path.indexOf('/');
        String head = slash < 0 ? path : path.substring(0, slash);
        if (!head.matches("~[A-Za-z0-9._-]*")) {
            return path;
        }
        ExecResult r = target.sh("printf '%s' " + head);
        if (r.rc() != 0 || r.stdout().isBlank() || r.stdout().startsWith("~")) {
            return path;
        }
        return r.stdout() + (slash < 0 ? "" : path.substring(slash));
    }

    /** A file's bytes, read as the user the call runs as. */
    public static byte[] read(Target target, String path) throws UnreachableException, FileError {
        try {
            return target.fetch(path);
        } catch (FileTransferException e) {
            throw new FileError("could not read " + path + ": " + e.reason());
        }
    }

    /**
     * New content for a file and how to write it.
     *
     * @param attributes the owner, group and mode asked for (empty ones keep the old file's, or the
     *                   new file's defaults)
     * @param backup     back the old file up first
     * @param validate   a command with {@code %s}, run on the staged file; the file is written only
     *                   when it exits 0
     */
    public record Write(byte[] content, FileAttributes attributes, boolean backup, Optional<String> validate) {
        public Write {
            content = content.clone();
        }

        @Override
        public byte[] content() {
            return content.clone();
        }
    }

    /** What {@link #write} did besides writing: the backup file, when it made one. */
    public record Written(Optional<String> backupFile) {
    }

    /**
     * Writes {@code write}'s content to {@code path} (see the class comment). {@code before} is the
     * path's state now, from {@link #probe} with {@link FileAttributes#names} (for the ids of the
     * owner and group asked for). {@code path} is the file to write: give a link's
     * {@link PathState#realPath()} to write through it, else the link is replaced by the file.
     */
    public static Written write(Target target, String path, PathState before, Write write)
            throws UnreachableException, FileError {
        if (write.validate().isPresent() && !write.validate().get().contains("%s")) {
            throw new FileError("validate must contain %s: " + write.validate().get());
        }
        boolean existing = before.isFile(false);
        int base = existing ? before.lstat().get().permissions() : 0666 & ~before.umask();
        int mode = write.attributes().mode().isPresent()
                ? write.attributes().resolveMode(base, false, before.umask(), path) : base;
        String staged = staged(path);
        try {
            target.put(staged, write.content(), 0600);
        } catch (FileTransferException e) {
            throw new FileError("Could not write " + path + ": " + e.reason(), Map.of("path", path));
        }
        String t = ShellWords.quote(staged);
        String p = ShellWords.quote(path);
        if (write.validate().isPresent()) {
            ExecResult v = target.sh(write.validate().get().replace("%s", t));
            if (v.rc() != 0) {
                target.sh("rm -f -- " + t);
                Map<String, Object> fields = new LinkedHashMap<>();
                fields.put("exit_status", v.rc());
                fields.put("stdout", v.stdout());
                fields.put("stderr", v.stderr());
                throw new FileError("failed to validate", fields);
            }
        }
        StringBuilder s = new StringBuilder("t=").append(t).append("; p=").append(p).append("; ");
        s.append("fail() { rm -f -- \"$t\"; printf '%s\\n' \"$1\" >&2; exit 1; }; ");
        if (write.backup() && existing) {
            s.append("b=\"$p.$$.$(date +%Y-%m-%d@%H:%M:%S~)\"; cp -p -- \"$p\" \"$b\" 2>/dev/null || fail \"Could not make backup of $p to $b\"; ");
            s.append("printf 'backup %s\\n' \"$b\"; ");
        }
        s.append("chmod ").append(Modes.octal(base)).append(" \"$t\" || fail 'chmod failed'; ");
        if (existing) {
            Inode old = before.lstat().get();
            s.append("chown -- ").append(old.uid()).append(':').append(old.gid()).append(" \"$t\" 2>/dev/null; ");
        }
        // as Ansible's module: the file is moved into place, then owner, group and mode are set; a
        // refused chown leaves the new content in place
        s.append("placed() { mv -f -- \"$t\" \"$p\"; printf '%s\\n' \"$1\" >&2; exit 1; }; ");
        java.util.OptionalLong uid = write.attributes().uid(before, path);
        java.util.OptionalLong gid = write.attributes().gid(before, path);
        if (uid.isPresent()) {
            s.append("e=$(chown -- ").append(uid.getAsLong()).append(" \"$t\" 2>&1) || placed \"chown failed: $e\"; ");
        }
        if (gid.isPresent()) {
            s.append("chgrp -- ").append(gid.getAsLong()).append(" \"$t\" 2>/dev/null || placed 'chgrp failed'; ");
        }
        if (mode != base) {
            s.append("chmod ").append(Modes.octal(mode)).append(" \"$t\" || placed 'chmod failed'; ");
        }
        s.append("mv -f -- \"$t\" \"$p\" || fail \"Could not replace file: $p\"");
        ExecResult r = target.sh(s.toString());
        if (r.rc() != 0) {
            throw new FileError(denied(words(r), path), Map.of("path", path));
        }
        Optional<String> backup = Optional.empty();
        for (String line : r.stdout().split("\n")) {
            if (line.startsWith("backup ")) {
                backup = Optional.of(line.substring("backup ".length()));
            }
        }
        return new Written(backup);
    }

    /** A fresh name in the file's own folder, so that the rename is atomic. */
    static String staged(String path) {
        int slash = path.lastIndexOf('/');
        String random = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
        return path.substring(0, slash + 1) + "." + path.substring(slash + 1) + ".herd-" + random;
    }

    /** Runs a script that changes files; its failure, in the host's words, is a {@link FileError}. */
    public static ExecResult run(Target target, String script, String path) throws UnreachableException, FileError {
        ExecResult r = target.sh(script);
        if (r.rc() != 0) {
            throw new FileError(words(r), Map.of("path", path));
        }
        return r;
    }

    /** chown's refusal as Python's OSError says it, which Ansible's message quotes. */
    static String denied(String words, String path) {
        if (words.startsWith("chown failed: ") && words.contains("Operation not permitted")) {
            return "chown failed: [Errno 1] Operation not permitted: b'" + path + "'";
        }
        return words;
    }

    /** The host's words: its error output, else its output, else the exit code. */
    static String words(ExecResult r) {
        String err = r.stderr().strip();
        if (!err.isEmpty()) {
            return err;
        }
        return r.stdout().isBlank() ? "exit code " + r.rc() : r.stdout().strip();
    }
}
