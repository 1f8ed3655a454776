package herd.engine.module.builtin;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

import herd.engine.event.Status;
import herd.engine.module.Arg;
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
 * ansible.builtin.script: a script of the controller's (found as Ansible finds files: the role's
 * files/, then the playbook's) copied to a private temporary folder on the host, run there with its
 * arguments as written (through {@code executable} when given, in {@code chdir}), and removed. Its
 * content travels as a file, never on a command line. creates/removes skip it; in check mode it runs
 * only as far as they decide, as Ansible's action plugin does.
 */
public final class Script extends Builtin {
    private static final String FREE_FORM = "free_form";
    private static final ModuleSpec SPEC = ModuleSpec.of("script", "ansible.builtin",
            Arg.str(FREE_FORM), Arg.str("cmd"), Arg.str("creates"), Arg.str("removes"), Arg.str("chdir"),
            Arg.str("executable"), Arg.of("decrypt", Arg.Type.BOOL).withDefault(true))
            .rawFreeForm(FREE_FORM).exclusive(FREE_FORM, "cmd");

    public Script() {
        super(SPEC, Trait.CHECK_MODE);
    }

    @Override
    public Outcome run(ModuleCall call) throws UnreachableException {
        Optional<String> creates = opt(call, "creates");
        if (creates.isPresent() && exists(call, creates.get())) {
            return skipped(creates.get() + " exists, matching creates option");
        }
        Optional<String> removes = opt(call, "removes");
        if (removes.isPresent() && !exists(call, removes.get())) {
            return skipped(removes.get() + " does not exist, matching removes option");
        }
        Optional<String> chdir = opt(call, "chdir");
        if (chdir.isPresent() && !chdir.get().startsWith("/")) {
            return Outcome.failed("chdir " + chdir.get() + " must be an absolute path for a Unix-aware remote node");
        }
        String line = opt(call, FREE_FORM).or(() -> opt(call, "cmd")).orElse("").strip();
        List<String> parts;
        try {
            parts = ShellWords.split(line);
        } catch (IllegalArgumentException e) {
            return Outcome.failed("the script's line cannot be split into words: " + e.getMessage());
        }
        if (parts.isEmpty()) {
            return Outcome.failed("script needs the script's name (and its arguments), as free form or as cmd");
        }
        String name = parts.getFirst();
        Optional<Path> source = ControllerFiles.find(call.vars(), "files", name);
        if (source.isEmpty() || !Files.isReadable(source.get())) {
            return Outcome.failed("Could not find or access '" + name + "'\nSearched in:\n\t"
                    + String.join("\n\t", ControllerFiles.candidates(call.vars(), "files", name).stream()
                    .map(Path::toString).toList())
                    + " on the Ansible Controller.\nIf you are using a module and expect the file to exist on the remote,"
                    + " see the remote_src option");
        }
        if (call.checkMode()) {
            if (creates.isPresent() || removes.isPresent()) {
                return Outcome.fromResult(Map.of("changed", true));
            }
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("changed", false);
            result.put("skipped", true);
            result.put("msg", "Check mode is not supported for this task.");
            return new Outcome(Status.SKIPPED, OptionalInt.empty(), "", "", Optional.of("Check mode is not supported for this task."),
                    result, Map.of());
        }
        byte[] content;
        try {
            content = herd.engine.vault.Vault.read(source.get());
        } catch (herd.engine.vault.VaultException e) {
            return Outcome.failed("Could not decrypt " + source.get() + ": " + e.getMessage());
        } catch (IOException e) {
            return Outcome.failed("Could not read " + source.get() + ": " + e.getMessage());
        }
        ExecResult made = call.target().sh("mktemp -d /tmp/herd-script.XXXXXXXXXX");
        String folder = made.stdout().strip();
        if (made.rc() != 0 || !folder.startsWith("/tmp/herd-script.")) {
            return Outcome.failed("could not make a temporary folder on the host for the script: " + made.stderr());
        }
        try {
            String remote = folder + "/" + source.get().getFileName();
            try {
                call.target().put(remote, content, 0700);
            } catch (FileTransferException e) {
                return Outcome.failed("could not copy the script to the host: " + e.getMessage());
            }
            String command = line.replace(name, ShellWords.quote(remote));
            Optional<String> executable = opt(call, "executable").filter(e -> !e.isEmpty());
            if (executable.isPresent()) {
                command = executable.get() + " " + command;
            }
            String cd = chdir.map(d -> "cd " + ShellWords.quote(d) + " || exit 1; ").orElse("");
            Outcome outcome = Raw.commandResult(call.target().sh(cd + command));
            return outcome;
        } finally {
            call.target().sh("rm -rf -- " + ShellWords.quote(folder));
        }
    }

    private static boolean exists(ModuleCall call, String path) throws UnreachableException {
        return call.target().sh("test -e " + ShellWords.quote(path)).rc() == 0;
    }

    private static Outcome skipped(String message) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("changed", false);
        result.put("skipped", true);
        result.put("msg", message);
        return new Outcome(Status.SKIPPED, OptionalInt.empty(), "", "", Optional.of(message), result, Map.of());
    }

    private static Optional<String> opt(ModuleCall call, String name) {
        return Optional.ofNullable(call.args().get(name)).map(Object::toString);
    }
}
