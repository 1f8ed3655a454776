package herd.engine.module.bridge;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import herd.engine.event.Status;
import herd.engine.load.Booleans;
import herd.engine.module.Module;
import herd.engine.module.ModuleCall;
import herd.engine.module.ModuleSpec;
import herd.engine.module.Outcome;
import herd.engine.module.Trait;
import herd.engine.shell.ShellWords;
import herd.engine.template.ControllerFiles;
import herd.engine.transport.ExecResult;
import herd.engine.transport.FileTransferException;
import herd.engine.transport.UnreachableException;

/**
 * {@code unarchive}, as ansible-core's action plugin runs it: {@code creates} checked first, the
 * destination must be a folder, an archive on the controller (found in the role's and playbook's
 * {@code files/}) is copied into a private temporary folder on the host, then ansible-core's
 * unarchive module runs through the bridge on it; the folder is removed in every case.
 */
final class UnarchiveModule implements Module {
    private final BridgedModule module;

    UnarchiveModule(BridgedModule module) {
        this.module = module;
    }

    @Override
    public ModuleSpec spec() {
        return module.spec();
    }

    @Override
    public Set<Trait> traits() {
        return module.traits();
    }

    @Override
    public Outcome run(ModuleCall call) throws UnreachableException {
        Map<String, Object> args = new LinkedHashMap<>(call.args());
        boolean remote = bool(args.get("remote_src"), false);
        if (args.containsKey("copy")) {
            if (args.containsKey("remote_src")) {
                return Outcome.failed("parameters are mutually exclusive: ('copy', 'remote_src')");
            }
            remote = !bool(args.remove("copy"), true);
            args.put("remote_src", remote);
        }
        args.remove("decrypt");
        Object src = args.get("src");
        Object dest = args.get("dest");
        if (src == null || dest == null) {
            return Outcome.failed("src (or content) and dest are required");
        }
        Object creates = args.get("creates");
        if (creates != null && call.target().sh("test -e " + ShellWords.quote(creates.toString())).rc() == 0) {
            return Outcome.of(Status.SKIPPED, "skipped, since " + creates + " exists");
        }
        if (call.target().sh("test -d " + ShellWords.quote(dest.toString())).rc() != 0) {
            return Outcome.failed("dest '" + dest + "' must be an existing dir");
        }
        if (remote) {
            return module.run(call(call, args));
        }
        Optional<Path> local = ControllerFiles.find(call.vars(), "files", src.toString());
        if (local.isEmpty()) {
            return Outcome.failed("Could not find or access '" + src + "' on the Ansible Controller.");
        }
        ExecResult made = call.target().sh("umask 077 && mktemp -d \"${TMPDIR:-/tmp}/herd-module.XXXXXXXXXX\"");
        String dir = made.stdout().strip();
        if (made.rc() != 0 || !dir.startsWith("/")) {
            return Outcome.failed("herd could not make a temporary folder on the host: " + made.stderr().strip());
        }
        try {
            call.target().put(dir + "/source", Files.readAllBytes(local.get()), 0600);
            args.put("src", dir + "/source");
            return module.run(call(call, args));
        } catch (IOException e) {
            return Outcome.failed("herd could not read " + local.get() + ": " + e.getMessage());
        } catch (FileTransferException e) {
            return Outcome.failed("herd could not copy " + local.get() + " to the host: " + e.getMessage());
        } finally {
            call.target().sh("rm -rf -- " + ShellWords.quote(dir));
        }
    }

    private static ModuleCall call(ModuleCall call, Map<String, Object> args) {
        return new ModuleCall(args, call.vars(), call.templates(), call.target(), call.checkMode(), call.diff(),
                call.noLog());
    }

    private static boolean bool(Object value, boolean fallback) {
        return value == null ? fallback : value instanceof Boolean b ? b : Booleans.parse(value.toString()).orElse(fallback);
    }
}
