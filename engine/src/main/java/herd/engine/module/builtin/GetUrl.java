package herd.engine.module.builtin;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import herd.engine.module.Arg;
import herd.engine.module.ModuleCall;
import herd.engine.module.ModuleSpec;
import herd.engine.module.Outcome;
import herd.engine.module.Trait;
import herd.engine.module.builtin.files.FileAttributes;
import herd.engine.module.builtin.files.FileError;
import herd.engine.module.builtin.files.Inode;
import herd.engine.module.builtin.files.PathState;
import herd.engine.module.builtin.files.Probe;
import herd.engine.module.builtin.files.RemoteFile;
import herd.engine.transport.UnreachableException;

/**
 * ansible.builtin.get_url: downloads on the host, as Ansible's module does, with a small Python
 * program there ({@link RemoteProgram}; its arguments, the password too, on standard input): the
 * checksum (given or from a URL) spares a download, an existing file is asked for with
 * If-Modified-Since, the file is replaced atomically (backup first) only when its content differs.
 * Owner, group and mode are then set as the file modules set them ({@link FileAttributes}), and the
 * file's attributes are returned as Ansible's path info.
 */
public final class GetUrl extends Builtin {
    private static final ModuleSpec SPEC = ModuleSpec.of("get_url", "ansible.builtin",
            Arg.str("url").mandatory(), Arg.str("dest").mandatory(), Arg.of("backup", Arg.Type.BOOL).withDefault(false),
            Arg.str("checksum").withDefault(""), Arg.of("timeout", Arg.Type.INT).withDefault(10),
            Arg.of("headers", Arg.Type.DICT), Arg.str("tmp_dest"), Arg.of("force", Arg.Type.BOOL).withDefault(false),
            Arg.str("url_username").aliases("username"), Arg.str("url_password").aliases("password").secret(),
            Arg.of("force_basic_auth", Arg.Type.BOOL).withDefault(false),
            Arg.of("validate_certs", Arg.Type.BOOL).withDefault(true), Arg.of("use_proxy", Arg.Type.BOOL).withDefault(true),
            Arg.str("http_agent"), Arg.str("owner"), Arg.str("group"), Arg.of("mode", Arg.Type.RAW));

    public GetUrl() {
        super(SPEC, Trait.CHECK_MODE);
    }

    @Override
    public Outcome run(ModuleCall call) throws UnreachableException {
        Map<String, Object> sent = new LinkedHashMap<>(call.args());
        sent.remove("owner");
        sent.remove("group");
        sent.remove("mode");
        sent.put("_check_mode", call.checkMode());
        Outcome downloaded = RemoteProgram.run("get_url", new ModuleCall(sent, call.vars(), call.templates(),
                call.target(), call.checkMode(), call.diff()));
        Map<String, Object> result = new LinkedHashMap<>(downloaded.result());
        Object path = result.remove("_herd_path");
        boolean exists = Boolean.TRUE.equals(result.remove("_herd_exists"));
        boolean keep = Boolean.TRUE.equals(result.remove("_herd_keep_attributes"));
        if (downloaded.failed() || path == null) {
            return Outcome.fromResult(result);
        }
        FileAttributes attrs = FileAttributes.of(call.args());
        try {
            PathState state = RemoteFile.probe(call.target(), path.toString(), attrs.names(Probe.PLAIN));
            if (!attrs.isEmpty() && !keep && state.exists()) {
                FileAttributes.Applied applied = attrs.apply(call.target(), path.toString(), state, true, call.checkMode());
                if (applied.changed()) {
                    result.put("changed", true);
                    if (exists) {
                        result.put("msg", "file already exists but file attributes changed");
                    }
                    if (!call.checkMode()) {
                        state = RemoteFile.probe(call.target(), path.toString());
                    }
                }
            }
            pathInfo(state, result);
        } catch (FileError e) {
            Map<String, Object> failed = new LinkedHashMap<>(result);
            failed.putAll(e.fields());
            failed.put("failed", true);
            failed.put("msg", e.getMessage());
            return Outcome.fromResult(failed);
        }
        return Outcome.fromResult(result);
    }

    /** What Ansible adds for a result with a dest: uid, gid, owner, group, mode, state (of the path itself, as lstat), size; state absent when there is none. */
    private static void pathInfo(PathState state, Map<String, Object> result) {
        Optional<Inode> inode = state.inode(false);
        if (inode.isEmpty()) {
            result.put("state", "absent");
            return;
        }
        Inode i = inode.get();
        result.put("uid", i.uid());
        result.put("gid", i.gid());
        result.put("owner", i.owner());
        result.put("group", i.group());
        result.put("mode", i.mode());
        result.put("state", switch (i.kind()) {
            case DIRECTORY -> "directory";
            case LINK -> "link";
            default -> i.nlink() > 1 ? "hard" : "file";
        });
        result.put("size", i.size());
    }
}
