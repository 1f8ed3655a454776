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
import herd.engine.module.Trait;
import herd.engine.module.builtin.files.FileError;
import herd.engine.module.builtin.files.Inode;
import herd.engine.module.builtin.files.PathState;
import herd.engine.module.builtin.files.Probe;
import herd.engine.module.builtin.files.RemoteFile;
import herd.engine.transport.UnreachableException;

/**
 * ansible.builtin.stat: what a path is, as the {@code stat} dict Ansible's module returns, learned
 * in one command; never changes anything.
 */
public final class Stat extends Builtin {
    private static final ModuleSpec SPEC = ModuleSpec.of("stat", "ansible.builtin",
            Arg.str("path").mandatory().aliases("dest", "name"),
            Arg.of("follow", Arg.Type.BOOL),
            Arg.of("get_md5", Arg.Type.BOOL),
            Arg.of("get_checksum", Arg.Type.BOOL),
            Arg.of("get_mime", Arg.Type.BOOL).aliases("mime", "mime_type", "mime-type"),
            Arg.of("get_attributes", Arg.Type.BOOL).aliases("attr", "attributes"),
            Arg.str("checksum_algorithm").choices("md5", "sha1", "sha224", "sha256", "sha384", "sha512")
                    .aliases("checksum", "checksum_algo"));

    private static final Map<Character, String> ATTRIBUTES = attributes();

    public Stat() {
        super(SPEC, Trait.CHECK_MODE);
    }

    @Override
    public Outcome run(ModuleCall call) throws UnreachableException {
        String written = call.string("path", "");
        boolean follow = Flags.bool(call, "follow", false);
        boolean mime = Flags.bool(call, "get_mime", true);
        boolean attributes = Flags.bool(call, "get_attributes", true);
        boolean checksum = Flags.bool(call, "get_checksum", true);
        boolean md5 = Flags.bool(call, "get_md5", false);
        Probe probe = Probe.PLAIN;
        if (checksum) {
            probe = probe.withChecksum(call.string("checksum_algorithm", "sha1"));
        }
        if (mime) {
            probe = probe.withMime();
        }
        if (attributes) {
            probe = probe.withAttributes();
        }
        try {
            String path = RemoteFile.expandUser(call.target(), written);
            PathState state = RemoteFile.probe(call.target(), path, probe);
            Optional<String> md5sum = Optional.empty();
            if (md5 && state.isFile(follow) && state.access().contains("r")) {
                md5sum = RemoteFile.probe(call.target(), path, Probe.PLAIN.withChecksum("md5")).checksum();
            }
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("changed", false);
            result.put("stat", stat(path, state, follow, checksum, md5sum, mime, attributes));
            return Outcome.fromResult(result);
        } catch (FileError e) {
            return e.outcome();
        }
    }

    static Map<String, Object> stat(String path, PathState state, boolean follow, boolean checksum,
                                    Optional<String> md5, boolean mime, boolean attributes) {
        Map<String, Object> out = new LinkedHashMap<>();
        Optional<Inode> found = state.inode(follow);
        if (found.isEmpty()) {
            out.put("exists", false);
            return out;
        }
        Inode st = found.get();
        int mode = st.rawMode();
        out.put("exists", true);
        out.put("path", path);
        out.put("mode", String.format("%04o", st.permissions()));
        out.put("isdir", st.kind() == Inode.Kind.DIRECTORY);
        out.put("ischr", st.kind() == Inode.Kind.CHAR);
        out.put("isblk", st.kind() == Inode.Kind.BLOCK);
        out.put("isreg", st.kind() == Inode.Kind.FILE);
        out.put("isfifo", st.kind() == Inode.Kind.FIFO);
        out.put("islnk", st.kind() == Inode.Kind.LINK);
        out.put("issock", st.kind() == Inode.Kind.SOCKET);
        out.put("uid", st.uid());
        out.put("gid", st.gid());
        out.put("size", st.size());
        out.put("inode", st.inode());
        out.put("dev", st.dev());
        out.put("nlink", st.nlink());
        out.put("atime", st.atime());
        out.put("mtime", st.mtime());
        out.put("ctime", st.ctime());
        String[] bits = {"wusr", "rusr", "xusr", "wgrp", "rgrp", "xgrp", "woth", "roth", "xoth"};
        int[] masks = {0200, 0400, 0100, 020, 040, 010, 02, 04, 01};
        for (int i = 0; i < bits.length; i++) {
            out.put(bits[i], (mode & masks[i]) != 0);
        }
        out.put("isuid", (mode & 04000) != 0);
        out.put("isgid", (mode & 02000) != 0);
        out.put("blocks", st.blocks());
        out.put("block_size", st.blockSize());
        out.put("device_type", st.rdev());
        out.put("readable", state.access().contains("r"));
        out.put("writeable", state.access().contains("w"));
        out.put("executable", state.access().contains("x"));
        if (st.kind() == Inode.Kind.LINK) {
            out.put("lnk_source", state.realPath().orElse(path));
            out.put("lnk_target", state.linkTarget().orElse(""));
        }
        if (!st.owner().equals(Long.toString(st.uid()))) {
            out.put("pw_name", st.owner());
        }
        if (!st.group().equals(Long.toString(st.gid()))) {
            out.put("gr_name", st.group());
        }
        if (st.kind() == Inode.Kind.FILE && state.access().contains("r")) {
            md5.ifPresent(m -> out.put("md5", m));
            if (checksum) {
                state.checksum().ifPresent(c -> out.put("checksum", c));
            }
        }
        if (mime) {
            String[] parsed = mime(state.extra().getOrDefault("mime", ""));
            out.put("mimetype", parsed[0]);
            out.put("charset", parsed[1]);
        }
        if (attributes) {
            out.put("version", null);
            out.put("attributes", List.of());
            out.put("attr_flags", "");
            String[] words = state.extra().getOrDefault("lsattr", "").strip().split("\\s+");
            if (words.length >= 3) {
                String flags = words[1].replace("-", "");
                List<String> names = new ArrayList<>();
                for (char c : flags.toCharArray()) {
                    if (ATTRIBUTES.containsKey(c)) {
                        names.add(ATTRIBUTES.get(c));
                    }
                }
                out.put("version", words[0]);
                out.put("attr_flags", flags);
                out.put("attributes", names);
            }
        }
        return out;
    }

    /** {@code file --mime-type --mime-encoding}'s answer, {@code PATH: TYPE; charset=CHARSET}; unknown without one. */
    private static String[] mime(String answer) {
        int colon = answer.lastIndexOf(':');
        if (colon < 0 || !answer.contains(";") || !answer.contains("=")) {
            return new String[] {"unknown", "unknown"};
        }
        String[] parts = answer.substring(colon + 1).split(";");
        return new String[] {parts[0].strip(), parts[1].substring(parts[1].indexOf('=') + 1).strip()};
    }

    private static Map<Character, String> attributes() {
        Map<Character, String> m = new LinkedHashMap<>();
        String[][] pairs = {{"A", "noatime"}, {"a", "append"}, {"c", "compressed"}, {"C", "nocow"}, {"d", "nodump"},
            {"D", "dirsync"}, {"e", "extents"}, {"E", "encrypted"}, {"h", "blocksize"}, {"i", "immutable"},
            {"I", "indexed"}, {"j", "journalled"}, {"N", "inline"}, {"s", "zero"}, {"S", "synchronous"},
            {"t", "notail"}, {"T", "blockroot"}, {"u", "undelete"}, {"X", "compressedraw"}, {"Z", "compresseddirty"}};
        for (String[] p : pairs) {
            m.put(p[0].charAt(0), p[1]);
        }
        return m;
    }
}
