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
import herd.engine.text.ByteText;
import herd.engine.text.LineEdit;
import herd.engine.transport.UnreachableException;

/**
 * ansible.builtin.lineinfile: one line of a file present (added, or a matching line replaced) or
 * absent, as Ansible 2.14's module edits it ({@link LineEdit}), with its messages, {@code backup},
 * {@code validate}, owner/group/mode, check mode and diff.
 */
public final class Lineinfile extends Builtin {
    private static final ModuleSpec SPEC = buildSpec();

    private static ModuleSpec buildSpec() {
        List<Arg> args = new ArrayList<>(List.of(
                Arg.str("path").mandatory().aliases("dest", "destfile", "name"),
                Arg.str("state").withDefault("present").choices("absent", "present"),
                Arg.str("regexp").aliases("regex"),
                Arg.str("search_string"),
                Arg.str("line").aliases("value"),
                Arg.str("insertafter"),
                Arg.str("insertbefore"),
                Arg.of("backrefs", Arg.Type.BOOL).withDefault(false),
                Arg.of("create", Arg.Type.BOOL).withDefault(false),
                Arg.of("backup", Arg.Type.BOOL).withDefault(false),
                Arg.of("firstmatch", Arg.Type.BOOL).withDefault(false),
                Arg.str("validate")));
        args.addAll(EditedFile.FILE_ARGS);
        return ModuleSpec.of("lineinfile", "ansible.builtin", args.toArray(Arg[]::new))
                .exclusive("insertbefore", "insertafter")
                .exclusive("regexp", "search_string")
                .exclusive("backrefs", "search_string");
    }

    public Lineinfile() {
        super(SPEC, Trait.CHECK_MODE);
    }

    @Override
    public Outcome run(ModuleCall call) throws UnreachableException {
        String path = call.string("path", "");
        try {
            EditedFile file = EditedFile.open(call);
            path = file.path();
            if (file.isDirectory()) {
                return failed(256, "Path " + path + " is a directory !");
            }
            String regexp = text(call, "regexp");
            String search = text(call, "search_string");
            String line = text(call, "line");
            boolean backrefs = flag(call, "backrefs");
            if (call.string("state", "present").equals("present")) {
                if (backrefs && regexp == null) {
                    return Outcome.failed("regexp is required with backrefs=true");
                }
                if (line == null) {
                    return Outcome.failed("line is required with state=present");
                }
                String after = text(call, "insertafter");
                String before = text(call, "insertbefore");
                if (after == null && before == null) {
                    after = "EOF";
                }
                return present(call, file, path, new LineEdit.Args(regexp, search, line, after, before, backrefs,
                        flag(call, "firstmatch")));
            }
            if (regexp == null && search == null && line == null) {
                return Outcome.failed("one of line, search_string, or regexp is required with state=absent");
            }
            return absent(call, file, path, new LineEdit.Args(regexp, search, line, null, null, false, false));
        } catch (FileError e) {
            return e.outcome();
        } catch (IllegalArgumentException e) {
            return Outcome.failed(e.getMessage());
        }
    }

    private static Outcome present(ModuleCall call, EditedFile file, String path, LineEdit.Args args)
            throws UnreachableException, FileError {
        boolean existed = file.exists();
        String old = "";
        if (existed) {
            old = ByteText.of(file.read());
        } else {
            if (!flag(call, "create")) {
                return failed(257, "Destination " + path + " does not exist !");
            }
            file.makeFolder("Error creating ");
        }
        LineEdit.Result edit = LineEdit.present(old, args);
        Map<String, Object> diff = EditedFile.contentDiff(path, ByteText.readable(old),
                ByteText.readable(edit.content()), call.diff());
        String backup = "";
        if (edit.changed()) {
            backup = file.write(ByteText.bytes(edit.content()), flag(call, "backup")).orElse("");
        }
        Map<String, Object> result = EditedFile.result();
        if (call.checkMode() && !existed) {
            result.put("backup", backup);
            result.put("changed", edit.changed());
            result.put("diff", diff);
            result.put("msg", edit.msg());
            return EditedFile.outcome(result);
        }
        Map<String, Object> attributeChanges = new LinkedHashMap<>();
        EditedFile.Message m = file.attributes(edit.msg(), edit.changed(), attributeChanges);
        result.put("backup", backup);
        result.put("changed", m.changed());
        result.put("diff", List.of(diff, EditedFile.attributeDiff(path, attributeChanges)));
        result.put("msg", m.msg());
        return EditedFile.outcome(result);
    }

    private static Outcome absent(ModuleCall call, EditedFile file, String path, LineEdit.Args args)
            throws UnreachableException, FileError {
        if (!file.exists()) {
            Map<String, Object> result = EditedFile.result();
            result.put("changed", false);
            result.put("msg", "file not present");
            return EditedFile.outcome(result);
        }
        String old = ByteText.of(file.read());
        LineEdit.Result edit = LineEdit.absent(old, args);
        Map<String, Object> diff = EditedFile.contentDiff(path, ByteText.readable(old),
                ByteText.readable(edit.content()), call.diff());
        String backup = "";
        if (edit.changed()) {
            backup = file.write(ByteText.bytes(edit.content()), flag(call, "backup")).orElse("");
        }
        Map<String, Object> attributeChanges = new LinkedHashMap<>();
        EditedFile.Message m = file.attributes(edit.msg(), edit.changed(), attributeChanges);
        Map<String, Object> result = EditedFile.result();
        result.put("backup", backup);
        result.put("changed", m.changed());
        result.put("diff", List.of(diff, EditedFile.attributeDiff(path, attributeChanges)));
        result.put("found", edit.found());
        result.put("msg", m.msg());
        return EditedFile.outcome(result);
    }

    static Outcome failed(int rc, String msg) {
        Map<String, Object> result = EditedFile.result();
        result.put("changed", false);
        result.put("failed", true);
        result.put("msg", msg);
        result.put("rc", rc);
        return EditedFile.outcome(result);
    }

    static String text(ModuleCall call, String name) {
        return Optional.ofNullable(call.args().get(name)).map(Object::toString).orElse(null);
    }

    static boolean flag(ModuleCall call, String name) {
        Object value = call.args().get(name);
        return value != null && herd.engine.load.Booleans.parse(value.toString().trim()).orElse(false);
    }
}
