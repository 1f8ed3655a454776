package herd.engine.module.builtin;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import herd.engine.module.Arg;
import herd.engine.module.ModuleCall;
import herd.engine.module.ModuleSpec;
import herd.engine.module.Outcome;
import herd.engine.module.Target;
import herd.engine.module.Trait;
import herd.engine.module.builtin.files.FileAttributes;
import herd.engine.module.builtin.files.FileError;
import herd.engine.module.builtin.files.Inode;
import herd.engine.module.builtin.files.Modes;
import herd.engine.module.builtin.files.PathState;
import herd.engine.module.builtin.files.Probe;
import herd.engine.module.builtin.files.RemoteFile;
import herd.engine.shell.ShellWords;
import herd.engine.transport.ExecResult;
import herd.engine.transport.UnreachableException;

/**
 * ansible.builtin.file: a path made a file (attributes only), a folder (with its parents), a
 * symbolic or hard link, touched, or removed; owner, group and mode set where they differ; the
 * result and {@code diff} as Ansible's module gives them.
 */
public final class File extends Builtin {
    static final ModuleSpec SPEC = ModuleSpec.of("file", "ansible.builtin",
            Arg.str("path").mandatory().aliases("dest", "name"),
            Arg.str("state").choices("absent", "directory", "file", "hard", "link", "touch"),
            Arg.of("recurse", Arg.Type.BOOL),
            Arg.of("force", Arg.Type.BOOL),
            Arg.of("follow", Arg.Type.BOOL),
            Arg.str("src"),
            Arg.str("modification_time"),
            Arg.str("modification_time_format"),
            Arg.str("access_time"),
            Arg.str("access_time_format"),
            Arg.of("mode", Arg.Type.RAW),
            Arg.str("owner"),
            Arg.str("group"),
            Arg.str("attributes").aliases("attr"),
            Arg.str("seuser"), Arg.str("serole"), Arg.str("setype"), Arg.str("selevel"),
            Arg.of("unsafe_writes", Arg.Type.BOOL));

    public File() {
        super(SPEC, Trait.CHECK_MODE);
    }

    /** One run of the module: its arguments and what it found, so each state reads as Ansible's function does. */
    private record Run(ModuleCall call, Target target, FileAttributes attrs, boolean follow, boolean force,
                       Optional<String> src, Timestamps times) {
        boolean check() {
            return call.checkMode();
        }

        PathState probe(String path) throws UnreachableException, FileError {
            return RemoteFile.probe(target, path, attrs.names(Probe.PLAIN));
        }
    }

    @Override
    public Outcome run(ModuleCall call) throws UnreachableException {
        String path = call.string("path", "");
        Optional<String> src = Optional.ofNullable(call.args().get("src")).map(Object::toString);
        boolean recurse = Flags.bool(call, "recurse", false);
        Optional<String> state = Optional.ofNullable(call.args().get("state")).map(Object::toString);
        Run run = new Run(call, call.target(), FileAttributes.of(call.args()), Flags.bool(call, "follow", true),
                Flags.bool(call, "force", false), src, Timestamps.of(call));
        try {
            path = RemoteFile.expandUser(call.target(), path);
            PathState before = run.probe(path);
            if (!state.equals(Optional.of("link")) && !state.equals(Optional.of("absent")) && before.isDirectory(true)
                    && src.isPresent()) {
                path = path + (path.endsWith("/") ? "" : "/") + basename(src.get());
                before = run.probe(path);
            }
            String prev = before.state();
            String wanted = state.orElse(!prev.equals("absent") ? prev : recurse ? "directory" : "file");
            if (recurse && !wanted.equals("directory")) {
                return new FileError("recurse option requires state to be 'directory'", Map.of("path", path)).outcome();
            }
            if (src.isPresent() && !wanted.equals("link") && !wanted.equals("hard")) {
                return new FileError("src option requires state to be 'link' or 'hard'", Map.of("path", path)).outcome();
            }
            Map<String, Object> result = switch (wanted) {
                case "absent" -> absent(run, path, before);
                case "file" -> file(run, path, before);
                case "directory" -> directory(run, path, before, recurse);
                case "link" -> link(run, path, before);
                case "hard" -> hard(run, path, before);
                default -> touch(run, path, before);
            };
            if (!call.diff()) {
                result.remove("diff");
            }
            return Outcome.fromResult(result);
        } catch (FileError e) {
            return e.outcome();
        }
    }

    private static Map<String, Object> diff(String path, String state, String prev) {
        Map<String, Object> before = new LinkedHashMap<>();
        Map<String, Object> after = new LinkedHashMap<>();
        before.put("path", path);
        after.put("path", path);
        if (!prev.equals(state)) {
            before.put("state", prev);
            after.put("state", state);
        }
        Map<String, Object> diff = new LinkedHashMap<>();
        diff.put("before", before);
        diff.put("after", after);
        return diff;
    }

    @SuppressWarnings("unchecked")
    private static void merge(Map<String, Object> diff, FileAttributes.Applied applied) {
        ((Map<String, Object>) diff.get("before")).putAll(applied.before());
        ((Map<String, Object>) diff.get("after")).putAll(applied.after());
    }

    private static Map<String, Object> result(String key, String path, boolean changed, Map<String, Object> diff) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put(key, path);
        r.put("changed", changed);
        if (diff != null) {
            r.put("diff", diff);
        }
        return r;
    }

    /** The result with the path's fields as it is now (probed again only when something changed). */
    private static Map<String, Object> withInfo(Run run, Map<String, Object> r, String path, PathState before,
                                                boolean changed) throws UnreachableException, FileError {
        PathState now = changed && !run.check() ? RemoteFile.probe(run.target(), path) : before;
        r.putAll(now.info());
        return r;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> absent(Run run, String path, PathState before)
            throws UnreachableException, FileError {
        String prev = before.state();
        if (prev.equals("absent")) {
            Map<String, Object> r = result("path", path, false, null);
            r.put("state", "absent");
            return r;
        }
        Map<String, Object> diff = diff(path, "absent", prev);
        if (prev.equals("directory") && run.call().diff()) {
            ((Map<String, Object>) diff.get("before")).put("path_content", walk(run.target(), path));
        }
        if (!run.check()) {
            String q = ShellWords.quote(path);
            ExecResult r = run.target().sh(prev.equals("directory") ? "rm -rf -- " + q : "rm -f -- " + q);
            if (r.rc() != 0) {
                throw new FileError((prev.equals("directory") ? "rmtree failed: " : "unlinking failed: ")
                        + r.stderr().strip(), Map.of("path", path));
            }
        }
        Map<String, Object> r = result("path", path, true, diff);
        r.put("state", "absent");
        return r;
    }

    /** The folders and files below a folder, as Ansible's diff lists what removing it removes. */
    private static Map<String, Object> walk(Target target, String path) throws UnreachableException {
        ExecResult r = target.sh("find " + ShellWords.quote(path) + " -mindepth 1 \\( -type d -printf 'd %p\\n' \\)"
                + " -o -printf 'f %p\\n'");
        List<String> dirs = new ArrayList<>();
        List<String> files = new ArrayList<>();
        for (String line : r.stdout().split("\n")) {
            if (line.startsWith("d ")) {
                dirs.add(line.substring(2));
            } else if (line.startsWith("f ")) {
                files.add(line.substring(2));
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("directories", dirs);
        out.put("files", files);
        return out;
    }

    private static Map<String, Object> file(Run run, String path, PathState before)
            throws UnreachableException, FileError {
        String prev = before.state();
        String where = path;
        PathState state = before;
        if (!prev.equals("file") && run.follow() && prev.equals("link")) {
            where = before.realPath().orElse(path);
            state = run.probe(where);
            prev = state.state();
        }
        if (!prev.equals("file") && !prev.equals("hard")) {
            throw new FileError("file (" + where + ") is " + prev + ", cannot continue", Map.of("path", where, "state", prev));
        }
        Map<String, Object> diff = diff(where, "file", prev);
        FileAttributes.Applied applied = run.attrs().apply(run.target(), where, state, false, run.check());
        merge(diff, applied);
        boolean changed = applied.changed() | run.times().apply(run, where, diff);
        return withInfo(run, result("path", where, changed, diff), where, state, changed);
    }

    private static Map<String, Object> directory(Run run, String path, PathState before, boolean recurse)
            throws UnreachableException, FileError {
        String prev = before.state();
        String where = path;
        PathState state = before;
        if (run.follow() && prev.equals("link")) {
            where = before.realPath().orElse(path);
            state = run.probe(where);
            prev = state.state();
        }
        Map<String, Object> diff = diff(where, "directory", prev);
        if (prev.equals("absent")) {
            if (run.check()) {
                return result("path", where, true, diff);
            }
            makeFolders(run, where, state, diff);
            return withInfo(run, result("path", where, true, diff), where, state, true);
        }
        if (!prev.equals("directory")) {
            throw new FileError(where + " already exists as a " + prev, Map.of("path", where));
        }
        FileAttributes.Applied applied = run.attrs().apply(run.target(), where, state, false, run.check());
        merge(diff, applied);
        boolean changed = applied.changed() | run.times().apply(run, where, diff);
        if (recurse) {
            changed |= recurse(run, where);
        }
        return withInfo(run, result("path", where, changed, diff), where, state, changed);
    }

    /** mkdir -p, with the owner, group and mode asked for set on every folder it made, as Ansible does. */
    private static void makeFolders(Run run, String path, PathState state, Map<String, Object> diff)
            throws UnreachableException, FileError {
        int base = 0777 & ~state.umask();
        FileAttributes attrs = run.attrs();
        StringBuilder s = new StringBuilder();
        String spec = chownSpec(attrs, state, path);
        String mode = attrs.mode().isPresent() ? Modes.octal(attrs.resolveMode(base, true, state.umask(), path)) : "";
        if (attrs.mode().isPresent() && !mode.equals(Modes.octal(base))) {
            merge(diff, new FileAttributes.Applied(true, Map.of("mode", Modes.octal(base)), Map.of("mode", mode)));
        }
        List<String> parts = new ArrayList<>();
        String cur = "";
        for (String part : path.replaceAll("^/+|/+$", "").split("/+")) {
            cur = path.startsWith("/") ? cur + "/" + part : cur.isEmpty() ? part : cur + "/" + part;
            parts.add(cur);
        }
        for (String dir : parts) {
            String d = ShellWords.quote(dir);
            s.append("if [ ! -e ").append(d).append(" ]; then mkdir -- ").append(d).append(" || exit 1; ");
            if (!spec.isEmpty()) {
                s.append("chown -- ").append(ShellWords.quote(spec)).append(' ').append(d).append(" || exit 1; ");
            }
            if (!mode.isEmpty()) {
                s.append("chmod ").append(mode).append(' ').append(d).append(" || exit 1; ");
            }
            s.append("fi; ");
        }
        s.append(':');
        ExecResult r = run.target().sh(s.toString());
        if (r.rc() != 0) {
            throw new FileError("There was an issue creating " + path + " as requested: " + r.stderr().strip(),
                    Map.of("path", path));
        }
    }

    private static String chownSpec(FileAttributes attrs, PathState state, String path) throws FileError {
        var uid = attrs.uid(state, path);
        var gid = attrs.gid(state, path);
        return (uid.isPresent() ? Long.toString(uid.getAsLong()) : "") + (gid.isPresent() ? ":" + gid.getAsLong() : "");
    }

    /** Owner, group and mode on everything below a folder; changed when chown or chmod reports a change. */
    private static boolean recurse(Run run, String path) throws UnreachableException, FileError {
        FileAttributes attrs = run.attrs();
        if (attrs.isEmpty()) {
            return false;
        }
        PathState state = run.probe(path);
        String spec = chownSpec(attrs, state, path);
        String q = ShellWords.quote(path);
        StringBuilder s = new StringBuilder();
        if (run.check()) {
            List<String> tests = new ArrayList<>();
            attrs.uid(state, path).ifPresent(u -> tests.add("! -uid " + u));
            attrs.gid(state, path).ifPresent(g -> tests.add("! -gid " + g));
            if (attrs.mode().isPresent() && !Modes.isSymbolic(attrs.mode().get())) {
                tests.add("! -perm " + Modes.octal(attrs.resolveMode(0, false, state.umask(), path)));
            }
            if (tests.isEmpty()) {
                return false;
            }
            s.append("find ").append(q).append(" -mindepth 1 \\( ").append(String.join(" -o ", tests)).append(" \\) -print -quit");
        } else {
            if (!spec.isEmpty()) {
                s.append("chown -R -h -c -- ").append(ShellWords.quote(spec)).append(' ').append(q).append(" || exit 1; ");
            }
            if (attrs.mode().isPresent()) {
                Object mode = attrs.mode().get();
                String m = Modes.isSymbolic(mode) ? mode.toString() : Modes.octal(attrs.resolveMode(0, false, state.umask(), path));
                s.append("find ").append(q).append(" -mindepth 1 ! -type l -exec chmod -c ").append(ShellWords.quote(m))
                        .append(" {} + || exit 1; ");
            }
            s.append(':');
        }
        ExecResult r = RemoteFile.run(run.target(), s.toString(), path);
        return !r.stdout().isBlank();
    }

    private static Map<String, Object> link(Run run, String path, PathState before)
            throws UnreachableException, FileError {
        String prev = before.state();
        Optional<String> src = run.src();
        if (src.isEmpty() && run.follow() && before.followed().isPresent() && before.isLink()) {
            src = before.linkTarget();
        }
        String relpath = !before.isLink() && before.isDirectory(true) ? path : parent(path);
        if (!run.force() && src.isPresent()) {
            String absrc = src.get().startsWith("/") ? src.get() : relpath + "/" + src.get();
            if (!RemoteFile.probe(run.target(), absrc).followed().isPresent()) {
                throw new FileError("src file does not exist, use \"force=yes\" if you really want to create the link: "
                        + absrc, Map.of("path", path, "src", src.get()));
            }
        }
        if (prev.equals("directory")) {
            if (!run.force()) {
                throw new FileError("refusing to convert from directory to symlink for " + path, Map.of("path", path));
            }
            ExecResult empty = run.target().sh("[ -z \"$(ls -A -- " + ShellWords.quote(path) + ")\" ]");
            if (empty.rc() != 0) {
                throw new FileError("the directory " + path + " is not empty, refusing to convert it", Map.of("path", path));
            }
        } else if ((prev.equals("file") || prev.equals("hard")) && !run.force()) {
            throw new FileError("refusing to convert from " + prev + " to symlink for " + path, Map.of("path", path));
        }
        Map<String, Object> diff = diff(path, "link", prev);
        boolean changed = false;
        if (!prev.equals("link")) {
            if (src.isEmpty()) {
                throw new FileError("src is required for creating new symlinks");
            }
            changed = true;
        } else if (src.isPresent() && !before.linkTarget().orElse("").equals(src.get())) {
            putDiff(diff, "src", before.linkTarget().orElse(""), src.get());
            changed = true;
        }
        if (changed && !run.check()) {
            replace(run, path, prev, "ln -s -- " + ShellWords.quote(src.get()));
        }
        Map<String, Object> r = result("dest", path, changed, diff);
        r.put("src", src.orElse(null));
        PathState now = changed && !run.check() ? run.probe(path) : before;
        if (run.check() && !now.exists()) {
            return r;
        }
        if (run.follow() && now.isLink() && now.followed().isEmpty()) {
            r.put("warnings", List.of("Cannot set fs attributes on a non-existent symlink target. follow should be"
                    + " set to False to avoid this."));
        } else if (now.exists()) {
            FileAttributes.Applied applied = run.attrs().apply(run.target(), path, now, run.follow(), run.check());
            merge(diff, applied);
            changed |= applied.changed();
            changed |= run.times().apply(run, run.follow() && now.isLink() ? now.realPath().orElse(path) : path, diff);
            r.put("changed", changed);
        }
        if (changed && !run.check()) {
            now = RemoteFile.probe(run.target(), path);
        }
        r.putAll(now.info());
        return r;
    }

    @SuppressWarnings("unchecked")
    private static void putDiff(Map<String, Object> diff, String key, Object before, Object after) {
        ((Map<String, Object>) diff.get("before")).put(key, before);
        ((Map<String, Object>) diff.get("after")).put(key, after);
    }

    /** Makes the link with {@code make} (given the new name): beside the path, then renamed over it (a folder removed first). */
    private static void replace(Run run, String path, String prev, String make) throws UnreachableException, FileError {
        String p = ShellWords.quote(path);
        if (prev.equals("absent")) {
            ExecResult r = run.target().sh(make + " " + p);
            if (r.rc() != 0) {
                throw new FileError("Error while linking: " + r.stderr().strip(), Map.of("path", path));
            }
            return;
        }
        String tmp = ShellWords.quote(parent(path) + "/.herd-" + Long.toHexString(System.nanoTime()) + ".tmp");
        String script = (prev.equals("directory") ? "rmdir -- " + p + " && " : "")
                + make + " " + tmp + " && mv -Tf -- " + tmp + " " + p + " || { rm -f -- " + tmp + "; exit 1; }";
        ExecResult r = run.target().sh(script);
        if (r.rc() != 0) {
            throw new FileError("Error while replacing: " + r.stderr().strip(), Map.of("path", path));
        }
    }

    private static Map<String, Object> hard(Run run, String path, PathState before)
            throws UnreachableException, FileError {
        String prev = before.state();
        Optional<String> src = run.src();
        if (!prev.equals("hard") && src.isEmpty()) {
            throw new FileError("src is required for creating new hardlinks");
        }
        PathState source = null;
        if (src.isPresent()) {
            source = RemoteFile.probe(run.target(), src.get());
            if (source.followed().isEmpty()) {
                throw new FileError("src does not exist", Map.of("dest", path, "src", src.get()));
            }
        }
        Map<String, Object> diff = diff(path, "hard", prev);
        boolean changed = false;
        switch (prev) {
            case "absent" -> changed = true;
            case "link" -> {
                if (!before.linkTarget().orElse("").equals(src.orElse(""))) {
                    putDiff(diff, "src", before.linkTarget().orElse(""), src.orElse(null));
                    changed = true;
                }
            }
            case "hard" -> {
                if (source != null && sameInode(before, source)) {
                    break;
                }
                if (source != null) {
                    changed = true;
                    if (!run.force()) {
                        throw new FileError("Cannot link, different hard link exists at destination",
                                Map.of("dest", path, "src", src.get()));
                    }
                }
            }
            case "file" -> {
                changed = true;
                if (!run.force()) {
                    throw new FileError("Cannot link, file exists at destination", Map.of("dest", path, "src", src.get()));
                }
            }
            default -> {
                changed = true;
                if (sameInode(before, source)) {
                    Map<String, Object> r = result("path", path, false, null);
                    return r;
                }
                if (!run.force()) {
                    throw new FileError("Cannot link: different hard link exists at destination",
                            Map.of("dest", path, "src", src.get()));
                }
            }
        }
        if (changed && !run.check()) {
            replace(run, path, prev.equals("directory") ? "file" : prev, "ln -- " + ShellWords.quote(src.get()));
        }
        Map<String, Object> r = result("dest", path, changed, diff);
        r.put("src", src.orElse(null));
        PathState now = changed && !run.check() ? run.probe(path) : before;
        if (run.check() && !now.exists()) {
            return r;
        }
        FileAttributes.Applied applied = run.attrs().apply(run.target(), path, now, run.follow(), run.check());
        merge(diff, applied);
        changed |= applied.changed() | run.times().apply(run, path, diff);
        r.put("changed", changed);
        if (applied.changed() && !run.check()) {
            now = RemoteFile.probe(run.target(), path);
        }
        r.putAll(now.info());
        return r;
    }

    private static boolean sameInode(PathState a, PathState b) {
        Optional<Inode> x = a.followed();
        Optional<Inode> y = b.followed();
        return x.isPresent() && y.isPresent() && x.get().inode() == y.get().inode() && x.get().dev() == y.get().dev();
    }

    private static Map<String, Object> touch(Run run, String path, PathState before)
            throws UnreachableException, FileError {
        String prev = before.state();
        boolean changed = false;
        PathState state = before;
        if (prev.equals("absent")) {
            if (run.check()) {
                return result("dest", path, true, null);
            }
            ExecResult r = run.target().sh(": > " + ShellWords.quote(path));
            if (r.rc() != 0) {
                throw new FileError("Error, could not touch target: " + r.stderr().strip(), Map.of("path", path));
            }
            changed = true;
            state = run.probe(path);
        }
        Map<String, Object> diff = diff(path, "touch", prev);
        try {
            FileAttributes.Applied applied = run.attrs().apply(run.target(), path, state, run.follow(), run.check());
            merge(diff, applied);
            changed |= applied.changed();
            changed |= run.times().apply(run, path, diff);
        } catch (FileError e) {
            if (prev.equals("absent")) {
                run.target().sh("rm -f -- " + ShellWords.quote(path));
            }
            throw e;
        }
        Map<String, Object> r = result("dest", path, changed, diff);
        return withInfo(run, r, path, state, changed);
    }

    private static String parent(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? "." : slash == 0 ? "/" : path.substring(0, slash);
    }

    private static String basename(String path) {
        String p = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        return p.substring(p.lastIndexOf('/') + 1);
    }

    /**
     * access_time and modification_time: {@code now}, {@code preserve} (the default, except for
     * touch, where it is now), or a time in the given strftime format (default {@code %Y%m%d%H%M.%S}),
     * in the host's time zone.
     */
    private record Timestamps(Optional<String> modification, String modificationFormat, Optional<String> access,
                              String accessFormat, boolean touch) {
        static Timestamps of(ModuleCall call) {
            boolean touch = "touch".equals(call.string("state", ""));
            return new Timestamps(Optional.ofNullable(call.args().get("modification_time")).map(Object::toString),
                    call.string("modification_time_format", "%Y%m%d%H%M.%S"),
                    Optional.ofNullable(call.args().get("access_time")).map(Object::toString),
                    call.string("access_time_format", "%Y%m%d%H%M.%S"), touch);
        }

        private String effective(Optional<String> given) {
            return given.orElse(touch ? "now" : "preserve");
        }

        /** Sets the times asked for where they differ; true when it changed (or would change) them. */
        boolean apply(Run run, String path, Map<String, Object> diff) throws UnreachableException, FileError {
            String m = effective(modification);
            String a = effective(access);
            if (m.equals("preserve") && a.equals("preserve")) {
                return false;
            }
            String p = ShellWords.quote(path);
            StringBuilder s = new StringBuilder("p=").append(p).append("; now=$(date +%s.%N); ");
            s.append("pm=$(stat -L -c %.9Y -- \"$p\") || exit 1; pa=$(stat -L -c %.9X -- \"$p\") || exit 1; ");
            s.append("m=").append(value(m, "pm", modificationFormat, path)).append("; ");
            s.append("a=").append(value(a, "pa", accessFormat, path)).append("; ");
            s.append("printf '%s %s %s %s\\n' \"$pm\" \"$m\" \"$pa\" \"$a\"; ");
            boolean both = m.equals("now") && a.equals("now");
            if (!run.check()) {
                s.append(both ? "touch -c -- \"$p\"" : "[ \"$pm\" = \"$m\" ] && [ \"$pa\" = \"$a\" ] || "
                        + "{ touch -c -m -d \"@$m\" -- \"$p\" && touch -c -a -d \"@$a\" -- \"$p\"; }");
            } else {
                s.append(':');
            }
            ExecResult r = RemoteFile.run(run.target(), s.toString(), path);
            String[] f = r.stdout().strip().split(" ");
            boolean mChanged = !f[0].equals(f[1]);
            boolean aChanged = !f[2].equals(f[3]);
            if (mChanged) {
                putDiff(diff, "mtime", Double.parseDouble(f[0]), Double.parseDouble(f[1]));
            }
            if (aChanged) {
                putDiff(diff, "atime", Double.parseDouble(f[2]), Double.parseDouble(f[3]));
            }
            return both || mChanged || aChanged;
        }

        /** The shell expression for one time: now, preserve (the previous one), or the given time as epoch seconds. */
        private static String value(String given, String previous, String format, String path) throws FileError {
            return switch (given) {
                case "now" -> "$now";
                case "preserve" -> "$" + previous;
                default -> "$(date -d " + ShellWords.quote(Strftime.toIso(given, format)
                        .orElseThrow(() -> new FileError("Error while obtaining timestamp for time " + given
                                + " using format " + format + ": time data '" + given + "' does not match format '"
                                + format + "'", Map.of("path", path)))) + " +%s.000000000)";
            };
        }
    }
}
