package herd.engine.module.builtin;

import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import herd.engine.module.Arg;
import herd.engine.module.ModuleCall;
import herd.engine.module.ModuleSpec;
import herd.engine.module.Outcome;
import herd.engine.module.Trait;
import herd.engine.module.builtin.files.FileError;
import herd.engine.text.RegexReplace;
import herd.engine.text.SurrogateEscape;
import herd.engine.transport.UnreachableException;

/**
 * ansible.builtin.replace: every match of a Python regular expression (MULTILINE) replaced, only
 * between {@code after} and {@code before} when given, as Ansible 2.14's module does
 * ({@link RegexReplace}), with its messages, {@code backup}, {@code validate}, {@code encoding},
 * owner/group/mode, check mode and diff.
 */
public final class Replace extends Builtin {
    private static final ModuleSpec SPEC = buildSpec();

    private static ModuleSpec buildSpec() {
        List<Arg> args = new ArrayList<>(List.of(
                Arg.str("path").mandatory().aliases("dest", "destfile", "name"),
                Arg.str("regexp").mandatory(),
                Arg.str("replace").withDefault(""),
                Arg.str("after"),
                Arg.str("before"),
                Arg.of("backup", Arg.Type.BOOL).withDefault(false),
                Arg.str("validate"),
                Arg.str("encoding").withDefault("utf-8")));
        args.addAll(EditedFile.FILE_ARGS);
        return ModuleSpec.of("replace", "ansible.builtin", args.toArray(Arg[]::new));
    }

    public Replace() {
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
            if (!file.exists()) {
                return Lineinfile.failed(257, "Path " + path + " does not exist !");
            }
            Charset charset = charset(call.string("encoding", "utf-8"));
            String contents = SurrogateEscape.decode(file.read(), charset);
            RegexReplace.Result edit = RegexReplace.edit(contents, new RegexReplace.Args(call.string("regexp", ""),
                    call.string("replace", ""), Lineinfile.text(call, "after"), Lineinfile.text(call, "before")));
            Map<String, Object> result = EditedFile.result();
            if (!edit.changed() && !edit.msg().isEmpty()) {
                result.put("changed", false);
                result.put("msg", edit.msg());
                result.put("rc", 0);
                return EditedFile.outcome(result);
            }
            if (edit.changed() && call.diff()) {
                Map<String, Object> diff = new LinkedHashMap<>();
                diff.put("after", edit.content());
                diff.put("after_header", path);
                diff.put("before", contents);
                diff.put("before_header", path);
                result.put("diff", diff);
            }
            if (edit.changed()) {
                file.write(SurrogateEscape.encode(edit.content(), charset), Lineinfile.flag(call, "backup"))
                        .ifPresent(b -> result.put("backup_file", b));
            }
            EditedFile.Message m = file.attributes(edit.msg(), edit.changed(), new LinkedHashMap<>());
            result.put("changed", m.changed());
            result.put("msg", m.msg());
            result.put("rc", 0);
            return EditedFile.outcome(result);
        } catch (FileError e) {
            return e.outcome();
        } catch (IllegalArgumentException e) {
            return Outcome.failed(e.getMessage());
        }
    }

    /** Python's codec names (utf-8, latin-1, cp1252, ascii, ...) as Java's charsets. */
    static Charset charset(String python) {
        String name = python.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        Optional<String> known = switch (name) {
            case "latin-1", "latin1", "l1", "iso8859-1", "8859" -> Optional.of("ISO-8859-1");
            case "utf8", "u8", "utf" -> Optional.of("UTF-8");
            case "ascii", "us-ascii", "646" -> Optional.of("US-ASCII");
            default -> Optional.empty();
        };
        try {
            return Charset.forName(known.orElse(name));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown encoding: " + python);
        }
    }
}
