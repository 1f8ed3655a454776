package herd.engine.module.builtin;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import herd.engine.module.Arg;
import herd.engine.module.ModuleCall;
import herd.engine.module.ModuleSpec;
import herd.engine.module.Outcome;
import herd.engine.module.Trait;
import herd.engine.module.builtin.files.FileAttributes;
import herd.engine.module.builtin.files.FileError;
import herd.engine.module.builtin.files.PathState;
import herd.engine.module.builtin.files.Probe;
import herd.engine.module.builtin.files.RemoteFile;
import herd.engine.shell.ShellWords;
import herd.engine.template.ControllerFiles;
import herd.engine.transport.ExecResult;
import herd.engine.transport.UnreachableException;

/**
 * ansible.builtin.copy, its action plugin and its module in one: {@code content} or a controller
 * file ({@code src}, found as Ansible finds it; a folder is copied with what it holds, or only what
 * it holds when written with a trailing slash) written to {@code dest} when its SHA-1 differs,
 * with backup, validate, owner, group and mode; only the attributes set when the content is the
 * same. {@code remote_src} copies a file that is on the host already.
 */
public final class Copy extends Builtin {
    private static final long MAX_DIFF = 104448;
    private static final ModuleSpec SPEC = ModuleSpec.of("copy", "ansible.builtin",
            Arg.str("src"),
            Arg.of("content", Arg.Type.RAW),
            Arg.str("dest").mandatory(),
            Arg.of("backup", Arg.Type.BOOL),
            Arg.of("force", Arg.Type.BOOL).aliases("thirsty"),
            Arg.str("validate"),
            Arg.of("directory_mode", Arg.Type.RAW),
            Arg.of("remote_src", Arg.Type.BOOL),
            Arg.of("local_follow", Arg.Type.BOOL),
            Arg.str("checksum"),
            Arg.of("follow", Arg.Type.BOOL),
            Arg.of("decrypt", Arg.Type.BOOL),
            Arg.of("mode", Arg.Type.RAW),
            Arg.str("owner"),
            Arg.str("group"),
            Arg.str("attributes").aliases("attr"),
            Arg.str("seuser"), Arg.str("serole"), Arg.str("setype"), Arg.str("selevel"),
            Arg.of("unsafe_writes", Arg.Type.BOOL));

    public Copy() {
        super(SPEC, Trait.CHECK_MODE);
    }

    /**
     * One file to send: its bytes, where it comes from on the controller (for diff's
     * {@code after_header} and {@code src}), its name below {@code dest}, its mode there (for
     * {@code mode: preserve}).
     */
    record Source(byte[] content, String origin, String relative, int localMode) {
    }

    @Override
    public Outcome run(ModuleCall call) throws UnreachableException {
        Object content = call.args().get("content");
        String src = call.args().get("src") == null ? null : call.args().get("src").toString();
        String dest = call.string("dest", "");
        if (src == null && content == null) {
            return Outcome.failed("src (or content) is required");
        }
        if (src != null && content != null) {
            return Outcome.failed("src and content are mutually exclusive");
        }
        if (content != null && dest.endsWith("/")) {
            return Outcome.failed("can not use content with a dir as dest");
        }
        try {
            dest = RemoteFile.expandUser(call.target(), dest);
            if (content != null) {
                byte[] bytes = content instanceof String s ? s.getBytes(StandardCharsets.UTF_8) : json(content);
                Map<String, Object> r = copyFile(call, new Source(bytes, "/tmp/herd-content", "herd-content", 0600),
                        dest, Flags.bool(call, "follow", false), true);
                return Outcome.fromResult(finish(call, r, dest, "/tmp/herd-content"));
            }
            if (Flags.bool(call, "remote_src", false)) {
                return remoteSource(call, src, dest);
            }
            boolean slash = src.endsWith("/");
            Optional<Path> found = ControllerFiles.find(call.vars(), "files", src);
            if (found.isEmpty()) {
                return Outcome.failed("Could not find or access '" + src + "'\nSearched in:\n\t"
                        + String.join("\n\t", ControllerFiles.candidates(call.vars(), "files", src).stream()
                                .map(Path::toString).toList())
                        + " on the Ansible Controller.\nIf you are using a module and expect the file to exist on the"
                        + " remote, see the remote_src option");
            }
            Path source = found.get();
            if (Files.isDirectory(source)) {
                return folder(call, source, slash, dest.endsWith("/") ? dest : dest + "/");
            }
            Source one = read(source, source.getFileName().toString());
            Map<String, Object> r = copyFile(call, one, dest, Flags.bool(call, "follow", false), false);
            return Outcome.fromResult(finish(call, r, dest, source.toString()));
        } catch (FileError e) {
            return e.outcome();
        } catch (IOException e) {
            return Outcome.failed("could not read src=" + src + ": " + e.getMessage());
        }
    }

    /** A single file's result as the action plugin gives it: the module's, with dest; or dest and src when nothing ran. */
    private static Map<String, Object> finish(ModuleCall call, Map<String, Object> r, String dest, String origin) {
        if (r == null) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("dest", dest);
            out.put("src", origin);
            out.put("changed", false);
            return out;
        }
        if (r.containsKey("path") && !r.containsKey("dest")) {
            r.put("dest", r.get("path"));
        }
        if (!call.diff()) {
            r.remove("diff");
        }
        return r;
    }

    private static byte[] json(Object content) {
        return PythonJson.dumps(content).getBytes(StandardCharsets.UTF_8);
    }

    static Source read(Path file, String relative) throws IOException {
        int mode = 0;
        for (PosixFilePermission p : Files.getPosixFilePermissions(file)) {
            mode |= 1 << (8 - p.ordinal());
        }
        try {
            return new Source(herd.engine.vault.Vault.read(file), file.toString(), relative, mode);
        } catch (herd.engine.vault.VaultException e) {
            throw new IOException("cannot decrypt the vault file " + file + ": " + e.getMessage());
        }
    }

    /**
     * Copies one file as the action plugin's {@code _copy_file} and the module do; null when it
     * exists and {@code force} is off.
     */
    static Map<String, Object> copyFile(ModuleCall call, Source source, String dest, boolean follow, boolean isContent)
            throws UnreachableException, FileError {
        boolean force = Flags.bool(call, "force", true);
        FileAttributes attrs = attributes(call, source);
        String destFile = dest.endsWith("/") ? dest + source.relative() : dest;
        Probe probe = attrs.names(force ? Probe.PLAIN.withChecksum() : Probe.PLAIN);
        PathState state = RemoteFile.probe(call.target(), destFile, probe);
        if (state.denied()) {
            // as Ansible's copy action, whose stat of the destination fails first
            throw new FileError("Failed to get information on remote file (" + destFile + "): Permission denied");
        }
        if (state.isDirectory(follow)) {
            if (isContent) {
                throw new FileError("can not use content with a dir as dest");
            }
            destFile = join(dest, source.relative());
            state = RemoteFile.probe(call.target(), destFile, probe);
        }
        if (state.exists() && !force) {
            return null;
        }
        String local = hex("SHA-1", source.content());
        if (!state.checksum().equals(Optional.of(local)) || !state.isFile(follow)) {
            Map<String, Object> result = new LinkedHashMap<>();
            if (call.diff()) {
                result.put("diff", List.of(diff(call, destFile, state, source)));
            }
            if (call.checkMode()) {
                result.put("changed", true);
                return result;
            }
            result.putAll(write(call, source, dest, destFile, state, attrs, follow));
            return result;
        }
        String where = destFile;
        if (follow && state.isLink()) {
            where = state.realPath().orElse(destFile);
            state = RemoteFile.probe(call.target(), where, attrs.names(Probe.PLAIN));
        }
        FileAttributes.Applied applied = attrs.apply(call.target(), where, state, true, call.checkMode());
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("changed", applied.changed());
        Map<String, Object> before = new LinkedHashMap<>();
        before.put("path", where);
        before.putAll(applied.before());
        Map<String, Object> after = new LinkedHashMap<>();
        after.put("path", where);
        after.putAll(applied.after());
        result.put("diff", Map.of("before", before, "after", after));
        result.put("path", where);
        PathState now = applied.changed() && !call.checkMode() ? RemoteFile.probe(call.target(), where) : state;
        result.putAll(now.info());
        result.put("checksum", local);
        return result;
    }

    private static FileAttributes attributes(ModuleCall call, Source source) {
        FileAttributes attrs = FileAttributes.of(call.args());
        if ("preserve".equals(String.valueOf(call.args().get("mode")))) {
            attrs = attrs.withMode(Optional.of(String.format("0%03o", source.localMode())));
        }
        return attrs;
    }

    /** The copy module's part: parent folders for a dest ending in /, backup, validate, the write, the attributes. */
    private static Map<String, Object> write(ModuleCall call, Source source, String dest, String destFile,
                                             PathState state, FileAttributes attrs, boolean follow)
            throws UnreachableException, FileError {
        Object expected = call.args().get("checksum");
        String sha1 = hex("SHA-1", source.content());
        if (expected != null && !expected.toString().equals(sha1)) {
            throw new FileError("Copied file does not match the expected checksum. Transfer failed.",
                    Map.of("checksum", sha1, "expected_checksum", expected.toString()));
        }
        String target = destFile;
        if (dest.endsWith("/") && !RemoteFile.probe(call.target(), parent(destFile)).exists()) {
            makeParents(call, parent(destFile));
        }
        if (follow && state.isLink()) {
            target = state.realPath().orElse(destFile);
            state = RemoteFile.probe(call.target(), target, attrs.names(Probe.PLAIN));
        }
        PathState folder = RemoteFile.probe(call.target(), parent(target));
        if (!state.exists() && !folder.isDirectory(true)) {
            throw new FileError("Destination directory " + parent(target) + " does not exist");
        }
        if (!folder.access().contains("w") && !Flags.bool(call, "unsafe_writes", false)) {
            throw new FileError("Destination " + parent(target) + " not writable");
        }
        Optional<String> validate = Optional.ofNullable(call.args().get("validate")).map(Object::toString);
        RemoteFile.Written written = RemoteFile.write(call.target(), target, state,
                new RemoteFile.Write(source.content(), attrs, Flags.bool(call, "backup", false), validate));
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("dest", target);
        r.put("src", source.origin());
        r.put("md5sum", hex("MD5", source.content()));
        r.put("checksum", hex("SHA-1", source.content()));
        r.put("changed", true);
        written.backupFile().ifPresent(b -> r.put("backup_file", b));
        r.putAll(RemoteFile.probe(call.target(), target).info());
        return r;
    }

    /** The folders a dest ending in / needs, made with directory_mode, owner and group, as the copy module makes them. */
    private static void makeParents(ModuleCall call, String folder) throws UnreachableException, FileError {
        Map<String, Object> args = new LinkedHashMap<>();
        args.put("path", folder);
        args.put("state", "directory");
        copyArg(call, args, "owner");
        copyArg(call, args, "group");
        if (call.args().get("directory_mode") != null) {
            args.put("mode", call.args().get("directory_mode"));
        }
        ModuleCall dir = new ModuleCall(args, call.vars(), call.templates(), call.target(), call.checkMode(), false);
        Outcome o = new File().run(dir);
        if (o.failed()) {
            throw new FileError(o.message().orElse("could not make " + folder));
        }
    }

    private static void copyArg(ModuleCall call, Map<String, Object> args, String name) {
        if (call.args().get(name) != null) {
            args.put(name, call.args().get(name));
        }
    }

    /** Ansible's content diff: before from the host (empty when absent), after the new content, with headers. */
    static Map<String, Object> diff(ModuleCall call, String destFile, PathState state, Source source)
            throws UnreachableException, FileError {
        Map<String, Object> d = new LinkedHashMap<>();
        if (!state.exists() || state.followed().isEmpty()) {
            d.put("before", "");
        } else {
            byte[] old = state.isFile(true) ? RemoteFile.read(call.target(), destFile) : new byte[0];
            if (contains0(old)) {
                d.put("dst_binary", 1);
            } else if (old.length > MAX_DIFF) {
                d.put("dst_larger", MAX_DIFF);
            } else {
                d.put("before_header", destFile);
                d.put("before", new String(old, StandardCharsets.UTF_8));
            }
        }
        if (source.content().length > MAX_DIFF) {
            d.put("src_larger", MAX_DIFF);
        } else if (contains0(source.content())) {
            d.put("src_binary", 1);
        } else {
            d.put("after_header", source.origin());
            d.put("after", new String(source.content(), StandardCharsets.UTF_8));
        }
        return d;
    }

    private static boolean contains0(byte[] bytes) {
        for (int i = 0; i < Math.min(bytes.length, 8192); i++) {
            if (bytes[i] == 0) {
                return true;
            }
        }
        return false;
    }

    /** A folder from the controller: its files, then its folders (directory_mode), then its links. */
    private Outcome folder(ModuleCall call, Path source, boolean slash, String dest)
            throws UnreachableException, FileError, IOException {
        boolean localFollow = Flags.bool(call, "local_follow", true);
        Path base = slash ? source : source.getParent();
        List<Path> files = new ArrayList<>();
        List<Path> dirs = new ArrayList<>();
        List<Path> links = new ArrayList<>();
        FileVisitOption[] options = localFollow ? new FileVisitOption[] {FileVisitOption.FOLLOW_LINKS} : new FileVisitOption[0];
        try (Stream<Path> walk = Files.walk(source, options)) {
            for (Path p : walk.sorted().toList()) {
                if (p.equals(source)) {
                    continue;
                }
                if (!localFollow && Files.isSymbolicLink(p)) {
                    links.add(p);
                } else if (Files.isDirectory(p)) {
                    dirs.add(p);
                } else if (Files.isRegularFile(p)) {
                    files.add(p);
                }
            }
        }
        boolean changed = false;
        Map<String, Object> last = null;
        for (Path f : files) {
            Source one = read(f, base.relativize(f).toString());
            Map<String, Object> r = copyFile(call, one, dest, false, false);
            if (r == null) {
                continue;
            }
            last = r;
            changed |= Boolean.TRUE.equals(r.get("changed"));
        }
        for (Path d : dirs) {
            Map<String, Object> args = new LinkedHashMap<>();
            args.put("path", join(dest, base.relativize(d).toString()));
            args.put("state", "directory");
            copyArg(call, args, "owner");
            copyArg(call, args, "group");
            if (call.args().get("directory_mode") != null) {
                args.put("mode", call.args().get("directory_mode"));
            }
            Outcome o = new File().run(new ModuleCall(args, call.vars(), call.templates(), call.target(),
                    call.checkMode(), false));
            if (o.failed()) {
                return o;
            }
            changed |= o.status() == herd.engine.event.Status.CHANGED;
        }
        for (Path l : links) {
            Map<String, Object> args = new LinkedHashMap<>();
            args.put("path", join(dest, base.relativize(l).toString()));
            args.put("src", Files.readSymbolicLink(l).toString());
            args.put("state", "link");
            args.put("force", true);
            args.put("follow", false);
            copyArg(call, args, "owner");
            copyArg(call, args, "group");
            Outcome o = new File().run(new ModuleCall(args, call.vars(), call.templates(), call.target(),
                    call.checkMode(), false));
            if (o.failed()) {
                return o;
            }
            changed |= o.status() == herd.engine.event.Status.CHANGED;
        }
        if (files.size() == 1 && last != null) {
            return Outcome.fromResult(finish(call, last, dest, source.toString()));
        }
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("dest", dest);
        r.put("src", source + (slash ? "/" : ""));
        r.put("changed", changed);
        return Outcome.fromResult(r);
    }

    /** remote_src: a file on the host copied to dest, as the copy module does it there. */
    private static Outcome remoteSource(ModuleCall call, String src, String dest) throws UnreachableException, FileError {
        FileAttributes attrs = FileAttributes.of(call.args());
        PathState source = RemoteFile.probe(call.target(), src, Probe.PLAIN.withChecksum());
        if (!source.exists()) {
            return Outcome.failed("Source " + src + " not found");
        }
        if (!source.access().contains("r")) {
            return Outcome.failed("Source " + src + " not readable");
        }
        if (source.isDirectory(true)) {
            String q = ShellWords.quote(src.endsWith("/") ? src + "." : src);
            String d = ShellWords.quote(dest);
            PathState before = RemoteFile.probe(call.target(), dest);
            if (call.checkMode()) {
                return Outcome.fromResult(Map.of("changed", true, "dest", dest, "src", src));
            }
            ExecResult r = RemoteFile.run(call.target(), "mkdir -p -- " + d + " && cp -a -- " + q + " " + d, dest);
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("dest", dest);
            out.put("src", src);
            out.put("changed", !before.exists() || r.rc() == 0);
            return Outcome.fromResult(out);
        }
        if (!source.isFile(true)) {
            return Outcome.failed("Cannot copy invalid source '" + src + "': not a file");
        }
        if ("preserve".equals(String.valueOf(call.args().get("mode")))) {
            attrs = attrs.withMode(Optional.of(String.format("0%03o", source.followed().get().permissions())));
        }
        String destFile = dest;
        PathState state = RemoteFile.probe(call.target(), destFile, attrs.names(Probe.PLAIN.withChecksum()));
        if (state.isDirectory(true)) {
            destFile = join(dest, basename(src));
            state = RemoteFile.probe(call.target(), destFile, attrs.names(Probe.PLAIN.withChecksum()));
        }
        boolean follow = Flags.bool(call, "follow", false);
        if (state.exists() && !Flags.bool(call, "force", true)) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("msg", "file already exists");
            r.put("src", src);
            r.put("dest", destFile);
            r.put("changed", false);
            return Outcome.fromResult(r);
        }
        boolean differs = !state.checksum().equals(source.checksum()) || state.isLink();
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("dest", destFile);
        r.put("src", src);
        r.put("checksum", source.checksum().orElse(null));
        r.put("changed", differs);
        if (differs && !call.checkMode()) {
            byte[] bytes = RemoteFile.read(call.target(), src);
            r.put("md5sum", hex("MD5", bytes));
            String target = follow && state.isLink() ? state.realPath().orElse(destFile) : destFile;
            RemoteFile.Written w = RemoteFile.write(call.target(), target, state,
                    new RemoteFile.Write(bytes, attrs, Flags.bool(call, "backup", false),
                            Optional.ofNullable(call.args().get("validate")).map(Object::toString)));
            w.backupFile().ifPresent(b -> r.put("backup_file", b));
        } else if (!differs) {
            r.put("changed", attrs.apply(call.target(), destFile, state, true, call.checkMode()).changed());
        }
        if (!call.checkMode()) {
            r.putAll(RemoteFile.probe(call.target(), destFile).info());
        }
        return Outcome.fromResult(r);
    }

    static String hex(String algorithm, byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String join(String folder, String name) {
        return folder.endsWith("/") ? folder + name : folder + "/" + name;
    }

    static String parent(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? "." : slash == 0 ? "/" : path.substring(0, slash);
    }

    private static String basename(String path) {
        String p = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        return p.substring(p.lastIndexOf('/') + 1);
    }
}
