package herd.engine.module.bridge;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;


import herd.engine.event.Status;
import herd.engine.module.Module;
import herd.engine.module.ModuleCall;
import herd.engine.module.ModuleSpec;
import herd.engine.module.Outcome;
import herd.engine.module.Trait;
import herd.engine.shell.ShellWords;
import herd.engine.template.Templates;
import herd.engine.transport.ExecResult;
import herd.engine.transport.FileTransferException;
import herd.engine.transport.UnreachableException;

/**
 * A module of Ansible's, a collection's or a library folder's that herd has no native version of,
 * run from its own code on the host as Ansible runs it. A new-style Python module goes, with its
 * module_utils ({@link Payload}), on the standard input of the host's Python running
 * {@code bridge.py}: nothing is written on the host. Other modules (WANT_JSON, old-style
 * {@code key=value}, binaries) are copied with their arguments file into a private temporary folder,
 * run and removed, as Ansible runs them. The arguments are the task's plus Ansible's internal ones;
 * the JSON the module prints is the step's result.
 */
public final class BridgedModule implements Module {
    private static final List<String> SELINUX_SPECIAL_FS = List.of("fuse", "nfs", "vboxsf", "ramfs", "9p", "vfat");

    private final ModuleFile file;
    private final ModuleSpec spec;
    private final String version;
    private final Optional<String> payload;

    /**
     * @param payload the packaged module (new-style modules only)
     * @param version the controller's ansible-core version, told to the module
     */
    BridgedModule(ModuleFile file, ModuleSpec spec, String version, Optional<String> payload) {
        this.file = file;
        this.spec = spec;
        this.version = version;
        this.payload = payload;
    }

    @Override
    public ModuleSpec spec() {
        return spec;
    }

    /** The module decides about check mode itself, as Ansible's modules do (AnsibleModule skips when it cannot). */
    @Override
    public Set<Trait> traits() {
        return Set.of(Trait.CHECK_MODE);
    }

    /** Where the module's code comes from. */
    public ModuleFile file() {
        return file;
    }

    @Override
    public Outcome run(ModuleCall call) throws UnreachableException {
        Map<String, Object> args = new LinkedHashMap<>(call.args());
        args.putAll(internal(call));
        ExecResult result;
        try {
            result = switch (file.kind()) {
                case NEW_STYLE -> newStyle(call, args);
                case WANT_JSON, OLD_STYLE, BINARY -> script(call, args);
                case POWERSHELL -> throw new IllegalStateException("PowerShell modules are refused when loaded");
            };
        } catch (FileTransferException e) {
            return Outcome.failed("herd could not copy the module " + file.fqcn() + " to the host: " + e.getMessage());
        } catch (IOException e) {
            return Outcome.failed("herd could not read the module " + file.path() + ": " + e.getMessage());
        }
        if (result.timedOut()) {
            return Outcome.failed(file.name() + " did not finish within the task's timeout");
        }
        return outcome(Results.parse(result, interpreter(call)));
    }

    /** Ansible's internal arguments, as its action plugins give them to a module. */
    private Map<String, Object> internal(ModuleCall call) {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("_ansible_check_mode", call.checkMode());
        a.put("_ansible_no_log", call.noLog());
        a.put("_ansible_debug", false);
        a.put("_ansible_diff", call.diff());
        Object verbosity = Templates.resolved(call.vars().get("ansible_verbosity"));
        a.put("_ansible_verbosity", verbosity instanceof Number n ? n.intValue() : 0);
        a.put("_ansible_version", version);
        a.put("_ansible_module_name", file.name());
        Object facility = Templates.resolved(call.vars().get("ansible_syslog_facility"));
        a.put("_ansible_syslog_facility", facility == null ? "LOG_USER" : facility.toString());
        a.put("_ansible_selinux_special_fs", SELINUX_SPECIAL_FS);
        a.put("_ansible_string_conversion_action", "warn");
        a.put("_ansible_socket", null);
        a.put("_ansible_shell_executable", "/bin/sh");
        a.put("_ansible_keep_remote_files", false);
        a.put("_ansible_tmpdir", null);
        Object remoteTmp = Templates.resolved(call.vars().get("ansible_remote_tmp"));
        a.put("_ansible_remote_tmp", remoteTmp == null ? "~/.ansible/tmp" : remoteTmp.toString());
        return a;
    }

    private ExecResult newStyle(ModuleCall call, Map<String, Object> args) throws UnreachableException, IOException {
        String line = payload.orElseThrow() + " " + Base64.getEncoder().encodeToString(
                PythonJson.dumps(Map.of("ANSIBLE_MODULE_ARGS", args))) + "\n";
        String command = ShellWords.quote(interpreter(call)) + " -c " + ShellWords.quote(Bootstrap.source());
        return call.target().program(command, line.getBytes(StandardCharsets.US_ASCII));
    }

    /** Copies the module and its arguments file into a private folder on the host, runs it, removes the folder. */
    private ExecResult script(ModuleCall call, Map<String, Object> args)
            throws UnreachableException, IOException, FileTransferException {
        ExecResult made = call.target().sh("umask 077 && mktemp -d \"${TMPDIR:-/tmp}/herd-module.XXXXXXXXXX\"");
        String dir = made.stdout().strip();
        if (made.rc() != 0 || !dir.startsWith("/")) {
            return made;
        }
        String folder = ShellWords.quote(dir);
        try {
            String module = dir + "/" + file.path().getFileName();
            byte[] code = Files.readAllBytes(file.path());
            call.target().put(module, code, 0700);
            byte[] argsFile = file.kind() == ModuleFile.Kind.OLD_STYLE
                    ? Results.keyValues(args).getBytes(StandardCharsets.UTF_8) : PythonJson.dumps(args);
            call.target().put(dir + "/args", argsFile, 0600);
            String run = launcher(call, code).map(i -> i + " ").orElse("") + ShellWords.quote(module) + " "
                    + ShellWords.quote(dir + "/args");
            return call.target().sh(run + "; rc=$?; rm -rf -- " + folder + "; exit $rc");
        } catch (UnreachableException | FileTransferException | IOException | RuntimeException e) {
            call.target().sh("rm -rf -- " + folder);
            throw e;
        }
    }

    /**
     * The interpreter of a script module, from its {@code #!} line as Ansible reads it: a Python one
     * is the host's Python; {@code ansible_NAME_interpreter} replaces the others; a binary runs itself.
     */
    private Optional<String> launcher(ModuleCall call, byte[] code) {
        if (file.kind() == ModuleFile.Kind.BINARY) {
            return Optional.empty();
        }
        String text = new String(code, 0, Math.min(code.length, 512), StandardCharsets.UTF_8);
        if (!text.startsWith("#!")) {
            return Optional.of("/bin/sh");
        }
        String first = text.substring(2, text.contains("\n") ? text.indexOf('\n') : text.length()).strip();
        String[] words = first.split("\\s+");
        String program = words[0].endsWith("/env") && words.length > 1 ? words[1] : words[0];
        String base = program.substring(program.lastIndexOf('/') + 1);
        if (base.startsWith("python")) {
            return Optional.of(ShellWords.quote(interpreter(call)));
        }
        Object configured = Templates.resolved(call.vars().get("ansible_" + base + "_interpreter"));
        return Optional.of(configured != null ? configured.toString() : first);
    }

    /** The host's Python: ansible_python_interpreter, or python3 where Ansible would discover one. */
    static String interpreter(ModuleCall call) {
        Object interpreter = Templates.resolved(call.vars().get("ansible_python_interpreter"));
        return interpreter == null || interpreter.toString().equals("auto") || interpreter.toString().startsWith("auto_")
                ? "python3" : interpreter.toString();
    }

    /** The step's outcome: its status from failed, skipped and changed; rc, stdout and stderr when the module gave them. */
    private static Outcome outcome(Map<String, Object> data) {
        Outcome o = Outcome.fromResult(data);
        if (Boolean.TRUE.equals(data.get("skipped")) && !o.failed()) {
            o = o.withStatus(Status.SKIPPED, o.message());
        }
        OptionalInt rc = data.get("rc") instanceof Number n ? OptionalInt.of(n.intValue()) : OptionalInt.empty();
        // a module that printed no result: what it printed is shown as the step's output
        String stdout = text(data.getOrDefault("stdout", data.get("module_stdout")));
        String stderr = text(data.getOrDefault("stderr", data.get("module_stderr")));
        return new Outcome(o.status(), rc, stdout, stderr, o.message(), o.result(), Map.of());
    }

    private static String text(Object value) {
        return value instanceof String s ? s : "";
    }

    @Override
    public String toString() {
        return file.fqcn() + " (" + file.path() + ")";
    }

}
