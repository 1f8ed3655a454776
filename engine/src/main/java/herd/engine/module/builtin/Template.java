package herd.engine.module.builtin;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import herd.engine.module.Arg;
import herd.engine.module.ModuleCall;
import herd.engine.module.ModuleSpec;
import herd.engine.module.Outcome;
import herd.engine.module.Trait;
import herd.engine.module.builtin.files.FileError;
import herd.engine.module.builtin.files.RemoteFile;
import herd.engine.template.ControllerFiles;
import herd.engine.template.TemplateError;
import herd.engine.template.TemplateFile;
import herd.engine.transport.UnreachableException;

/**
 * ansible.builtin.template: a controller file (found in the role's or playbook's
 * {@code templates/}) rendered on the controller with the task's variables and Ansible's template
 * variables ({@code ansible_managed}, {@code template_host}, {@code template_path}, ...), then
 * written to {@code dest} exactly as {@link Copy} writes a file.
 */
public final class Template extends Builtin {
    private static final DateTimeFormatter PYTHON_DATETIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS");
    private static final String[] SETTINGS = {"newline_sequence", "block_start_string", "block_end_string",
        "variable_start_string", "variable_end_string", "comment_start_string", "comment_end_string",
        "trim_blocks", "lstrip_blocks"};
    private static final ModuleSpec SPEC = ModuleSpec.of("template", "ansible.builtin",
            Arg.str("src").mandatory(),
            Arg.str("dest").mandatory(),
            Arg.str("newline_sequence"),
            Arg.str("block_start_string"), Arg.str("block_end_string"),
            Arg.str("variable_start_string"), Arg.str("variable_end_string"),
            Arg.str("comment_start_string"), Arg.str("comment_end_string"),
            Arg.of("trim_blocks", Arg.Type.BOOL),
            Arg.of("lstrip_blocks", Arg.Type.BOOL),
            Arg.str("output_encoding"),
            Arg.of("force", Arg.Type.BOOL),
            Arg.of("backup", Arg.Type.BOOL),
            Arg.str("validate"),
            Arg.of("follow", Arg.Type.BOOL),
            Arg.of("mode", Arg.Type.RAW),
            Arg.str("owner"),
            Arg.str("group"),
            Arg.str("attributes").aliases("attr"),
            Arg.str("seuser"), Arg.str("serole"), Arg.str("setype"), Arg.str("selevel"),
            Arg.of("unsafe_writes", Arg.Type.BOOL));

    public Template() {
        super(SPEC, Trait.CHECK_MODE);
    }

    @Override
    public Outcome run(ModuleCall call) throws UnreachableException {
        String src = call.string("src", "");
        String dest = call.string("dest", "");
        if (call.args().get("state") != null) {
            return Outcome.failed("'state' cannot be specified on a template");
        }
        Object newline = call.args().get("newline_sequence");
        if (newline != null && !java.util.List.of("\\n", "\\r", "\\r\\n", "\n", "\r", "\r\n").contains(newline.toString())) {
            return Outcome.failed("newline_sequence needs to be one of: \n, \r or \r\n");
        }
        Optional<Path> found = ControllerFiles.find(call.vars(), "templates", src);
        if (found.isEmpty() || Files.isDirectory(found.get())) {
            return Outcome.failed("Could not find or access '" + src + "'\nSearched in:\n\t"
                    + String.join("\n\t", ControllerFiles.candidates(call.vars(), "templates", src).stream()
                            .map(Path::toString).toList())
                    + " on the Ansible Controller.\nIf you are using a module and expect the file to exist on the"
                    + " remote, see the remote_src option");
        }
        Path source = found.get();
        String text;
        try {
            text = herd.engine.vault.Vault.readInputString(source);
        } catch (herd.engine.vault.VaultException e) {
            return Outcome.failed("could not decrypt src=" + source + ": " + e.getMessage());
        } catch (IOException e) {
            return Outcome.failed("could not find src=" + source + ", " + e.getMessage());
        }
        TemplateFile settings = TemplateFile.ANSIBLE;
        for (String name : SETTINGS) {
            if (call.args().get(name) != null) {
                settings = settings.with(name, call.args().get(name));
            }
        }
        String rendered;
        try {
            Map<String, Object> vars = new HashMap<>(call.vars());
            vars.putAll(templateVars(src, source, dest));
            rendered = call.templates().renderFile(text, vars, settings);
        } catch (TemplateError e) {
            return Outcome.failed((e.undefined() ? "AnsibleUndefinedVariable: " : "AnsibleError: ") + e.getMessage());
        }
        Charset encoding;
        try {
            encoding = Charset.forName(call.string("output_encoding", "utf-8"));
        } catch (IllegalArgumentException e) {
            return Outcome.failed("LookupError: unknown encoding: " + call.string("output_encoding", ""));
        }
        int localMode = 0644;
        try {
            localMode = Copy.read(source, "").localMode();
        } catch (IOException ignored) {
            // the mode matters for mode: preserve only, and the file was just read
        }
        Copy.Source file = new Copy.Source(rendered.getBytes(encoding), source.toString(),
                source.getFileName().toString(), localMode);
        try {
            dest = RemoteFile.expandUser(call.target(), dest);
            Map<String, Object> r = Copy.copyFile(call, file, dest, Flags.bool(call, "follow", false), false);
            if (r == null) {
                r = new LinkedHashMap<>();
                r.put("dest", dest);
                r.put("src", source.toString());
                r.put("changed", false);
            }
            if (r.containsKey("path") && !r.containsKey("dest")) {
                r.put("dest", r.get("path"));
            }
            if (!call.diff()) {
                r.remove("diff");
            }
            return Outcome.fromResult(r);
        } catch (FileError e) {
            return e.outcome();
        }
    }

    /** Ansible's generate_ansible_template_vars. */
    static Map<String, Object> templateVars(String written, Path source, String dest) {
        Map<String, Object> v = new LinkedHashMap<>();
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            host = "localhost";
        }
        String uid;
        String mtime;
        try {
            uid = Files.getOwner(source).getName();
            mtime = LocalDateTime.ofInstant(Files.getLastModifiedTime(source).toInstant(), ZoneId.systemDefault())
                    .format(PYTHON_DATETIME);
        } catch (IOException e) {
            uid = "";
            mtime = "";
        }
        v.put("template_host", host);
        v.put("template_path", written);
        v.put("template_mtime", mtime);
        v.put("template_uid", uid);
        v.put("template_run_date", LocalDateTime.now().format(PYTHON_DATETIME));
        v.put("template_destpath", dest);
        v.put("template_fullpath", source.toAbsolutePath().toString());
        v.put("ansible_managed", "Ansible managed");
        return v;
    }
}
