package herd.engine.module.builtin;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import herd.engine.event.Status;
import herd.engine.module.Arg;
import herd.engine.module.ModuleCall;
import herd.engine.module.ModuleSpec;
import herd.engine.module.Outcome;
import herd.engine.module.Trait;
import herd.engine.module.builtin.files.FileError;
import herd.engine.module.builtin.files.PathState;
import herd.engine.module.builtin.files.Probe;
import herd.engine.module.builtin.files.RemoteFile;
import herd.engine.transport.FileTransferException;
import herd.engine.transport.UnreachableException;

/**
 * ansible.builtin.fetch: a file from the host lands on the controller, in
 * {@code DEST/INVENTORY_HOSTNAME/SRC}, or at {@code dest} itself with {@code flat} (a {@code dest}
 * ending in {@code /} gets the source's name); a relative dest is the playbook's folder's. As
 * Ansible's action: without become the host's SHA-1 is compared first and an unchanged file is not
 * copied; with become the file is read (as slurp reads it) and compared here. In check mode the
 * step is skipped with the words of Ansible 2.14's fetch action.
 */
public final class Fetch extends Builtin {
    private static final ModuleSpec SPEC = ModuleSpec.of("fetch", "ansible.builtin",
            Arg.str("src").mandatory(), Arg.str("dest").mandatory(), Arg.of("flat", Arg.Type.BOOL).withDefault(false),
            Arg.of("fail_on_missing", Arg.Type.BOOL).withDefault(true),
            Arg.of("validate_checksum", Arg.Type.BOOL).withDefault(true));

    /** Fetch's action answers check mode itself, with its own words, rather than the runner's. */
    public Fetch() {
        super(SPEC, Trait.CHECK_MODE);
    }

    @Override
    public Outcome run(ModuleCall call) throws UnreachableException {
        if (call.checkMode()) {
            return Outcome.of(Status.SKIPPED, "check mode not (yet) supported for this module");
        }
        String source;
        try {
            source = RemoteFile.expandUser(call.target(), call.string("src", ""));
        } catch (FileError e) {
            return e.outcome();
        }
        boolean failOnMissing = flag(call, "fail_on_missing", true);
        Map<String, Object> result = new TreeMap<>();
        String remoteChecksum = null;
        if (call.target().becomeUser().isEmpty()) {
            PathState state;
            try {
                state = RemoteFile.probe(call.target(), source, Probe.PLAIN.withChecksum());
            } catch (FileError e) {
                result.put("changed", false);
                result.put("file", source);
                result.put("failed", failOnMissing);
                result.put("msg", failOnMissing ? e.getMessage() : e.getMessage() + ", ignored");
                return Outcome.fromResult(result);
            }
            if (state.isDirectory(true)) {
                result.put("msg", "remote file is a directory, fetch cannot work on directories"
                        + (failOnMissing ? "" : ", not transferring, ignored"));
                result.put("failed", failOnMissing);
                result.put("changed", false);
                return Outcome.fromResult(result);
            }
            remoteChecksum = state.exists() ? state.checksum().orElse(null) : null;
        }
        byte[] remoteData = null;
        if (remoteChecksum == null) {
            try {
                remoteData = call.target().fetch(source);
            } catch (FileTransferException e) {
                String msg = Slurp.failure(source, e.reason());
                if (!failOnMissing) {
                    result.put("file", source);
                }
                result.put("changed", false);
                result.put("failed", failOnMissing);
                if (msg.contains("not found")) {
                    msg = "the remote file does not exist, not transferring, ignored";
                } else if (msg.startsWith("source is a directory")) {
                    msg = "remote file is a directory, fetch cannot work on directories";
                }
                result.put("msg", msg);
                return Outcome.fromResult(result);
            }
            remoteChecksum = hash("SHA-1", remoteData);
        }
        Path dest;
        try {
            dest = destination(call, source);
        } catch (IllegalArgumentException e) {
            return Outcome.failed(e.getMessage());
        }
        try {
            Optional<String> local = Files.isRegularFile(dest) ? Optional.of(hash("SHA-1", Files.readAllBytes(dest)))
                    : Optional.empty();
            result.put("dest", dest.toString());
            result.put("failed", false);
            if (local.isPresent() && local.get().equals(remoteChecksum)) {
                result.put("changed", false);
                result.put("checksum", local.get());
                result.put("file", source);
                result.put("md5sum", hash("MD5", Files.readAllBytes(dest)));
                return Outcome.fromResult(result);
            }
            if (remoteData == null) {
                remoteData = call.target().fetch(source);
            }
            if (dest.getParent() != null) {
                Files.createDirectories(dest.getParent());
            }
            Files.write(dest, remoteData);
            byte[] written = Files.readAllBytes(dest);
            String checksum = hash("SHA-1", written);
            result.put("checksum", checksum);
            result.put("md5sum", hash("MD5", written));
            result.put("remote_checksum", remoteChecksum);
            result.put("remote_md5sum", null);
            if (flag(call, "validate_checksum", true) && !checksum.equals(remoteChecksum)) {
                result.put("failed", true);
                result.put("file", source);
                result.put("msg", "checksum mismatch");
            } else {
                result.put("changed", true);
            }
            return Outcome.fromResult(result);
        } catch (FileTransferException e) {
            return Outcome.failed("Failed to fetch the file: " + e.getMessage());
        } catch (IOException e) {
            return Outcome.failed("Failed to fetch the file: " + e);
        }
    }

    /** Where the file goes on the controller, as Ansible's fetch action computes it. */
    static Path destination(ModuleCall call, String source) {
        String dest = call.string("dest", "");
        if (flag(call, "flat", false)) {
            if (Files.isDirectory(dwim(call, dest)) && !dest.endsWith("/")) {
                throw new IllegalArgumentException(
                        "dest is an existing directory, use a trailing slash if you want to fetch src into that directory");
            }
            if (dest.endsWith("/")) {
                dest = dest + Path.of(source).getFileName();
            }
            return dwim(call, dest).normalize();
        }
        Object host = call.vars().get("inventory_hostname");
        return Path.of(dwim(call, dest) + "/" + host + "/" + source).normalize();
    }

    /** A relative path is the playbook folder's; {@code ~} is the controller user's home. */
    private static Path dwim(ModuleCall call, String path) {
        String expanded = expandHome(path);
        if (expanded.startsWith("/")) {
            return Path.of(expanded);
        }
        Object base = call.vars().get("playbook_dir");
        return base == null ? Path.of(expanded).toAbsolutePath() : Path.of(base.toString()).resolve(expanded);
    }

    private static String expandHome(String path) {
        if (path.equals("~") || path.startsWith("~/")) {
            return System.getProperty("user.home") + path.substring(1);
        }
        return path;
    }

    private static boolean flag(ModuleCall call, String name, boolean fallback) {
        Object value = call.args().get(name);
        return value == null ? fallback : herd.engine.load.Booleans.parse(value.toString().trim()).orElse(fallback);
    }

    static String hash(String algorithm, byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is part of every Java runtime", e);
        }
    }
}
