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
import herd.engine.text.BlockEdit;
import herd.engine.text.ByteText;
import herd.engine.transport.UnreachableException;

/**
 * ansible.builtin.blockinfile: a block of lines between two marker lines present (inserted, or the
 * old block replaced) or absent, as Ansible 2.14's module edits it ({@link BlockEdit}), with its
 * messages, {@code backup}, {@code validate}, owner/group/mode, check mode and diff. (2.14 has no
 * append_newline/prepend_newline; they came in 2.16.)
 */
public final class Blockinfile extends Builtin {
    static final String MARKER = "# {mark} ANSIBLE MANAGED BLOCK";
    private static final ModuleSpec SPEC = buildSpec();

    private static ModuleSpec buildSpec() {
        List<Arg> args = new ArrayList<>(List.of(
                Arg.str("path").mandatory().aliases("dest", "destfile", "name"),
                Arg.str("state").withDefault("present").choices("absent", "present"),
                Arg.str("marker").withDefault(MARKER),
                Arg.str("block").withDefault("").aliases("content"),
                Arg.str("insertafter"),
                Arg.str("insertbefore"),
                Arg.of("create", Arg.Type.BOOL).withDefault(false),
                Arg.of("backup", Arg.Type.BOOL).withDefault(false),
                Arg.str("validate"),
                Arg.str("marker_begin").withDefault("BEGIN"),
                Arg.str("marker_end").withDefault("END")));
        args.addAll(EditedFile.FILE_ARGS);
        return ModuleSpec.of("blockinfile", "ansible.builtin", args.toArray(Arg[]::new))
                .exclusive("insertbefore", "insertafter");
    }

    public Blockinfile() {
        super(SPEC, Trait.CHECK_MODE);
    }

    @Override
    public Outcome run(ModuleCall call) throws UnreachableException {
        String path = call.string("path", "");
        try {
            EditedFile file = EditedFile.open(call);
            path = file.path();
            if (file.isDirectory()) {
                return Lineinfile.failed(256, "Path " + path + " is a directory !");
            }
            boolean existed = file.exists();
            Optional<String> original = Optional.empty();
            if (existed) {
                original = Optional.of(ByteText.of(file.read()));
            } else {
                if (!Lineinfile.flag(call, "create")) {
                    return Lineinfile.failed(257, "Path " + path + " does not exist !");
                }
                file.makeFolder("Error creating ");
            }
            boolean present = call.string("state", "present").equals("present");
            if (!present && !existed) {
                Map<String, Object> result = EditedFile.result();
                result.put("changed", false);
                result.put("msg", "File " + path + " not present");
                return EditedFile.outcome(result);
            }
            BlockEdit.Result edit = BlockEdit.edit(original, new BlockEdit.Args(present, call.string("block", ""),
                    call.string("marker", MARKER), call.string("marker_begin", "BEGIN"),
                    call.string("marker_end", "END"), Lineinfile.text(call, "insertafter"),
                    Lineinfile.text(call, "insertbefore")));
            Map<String, Object> diff = EditedFile.contentDiff(path, ByteText.readable(original.orElse("")),
                    ByteText.readable(edit.content()), call.diff());
            Optional<String> backup = Optional.empty();
            if (edit.changed()) {
                backup = file.write(ByteText.bytes(edit.content()), Lineinfile.flag(call, "backup"));
            }
            Map<String, Object> result = EditedFile.result();
            if (call.checkMode() && !existed) {
                result.put("changed", edit.changed());
                result.put("diff", diff);
                result.put("msg", edit.msg());
                return EditedFile.outcome(result);
            }
            Map<String, Object> attributeChanges = new LinkedHashMap<>();
            EditedFile.Message m = file.attributes(edit.msg(), edit.changed(), attributeChanges);
            backup.ifPresent(b -> result.put("backup_file", b));
            result.put("changed", m.changed());
            result.put("diff", List.of(diff, EditedFile.attributeDiff(path, attributeChanges)));
            result.put("msg", m.msg());
            return EditedFile.outcome(result);
        } catch (FileError e) {
            return e.outcome();
        } catch (IllegalArgumentException e) {
            return Outcome.failed(e.getMessage());
        }
    }
}
