package herd.engine.module.builtin;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;

import herd.engine.module.Arg;
import herd.engine.module.ModuleCall;
import herd.engine.module.Outcome;
import herd.engine.module.builtin.files.FileAttributes;
import herd.engine.module.builtin.files.FileError;
import herd.engine.module.builtin.files.PathState;
import herd.engine.module.builtin.files.Probe;
import herd.engine.module.builtin.files.RemoteFile;
import herd.engine.shell.ShellWords;
import herd.engine.transport.UnreachableException;

/**
 * What lineinfile, blockinfile and replace share around their edit: the file's state and content
 * read, the new content written back (through a link to the file it leads to, backed up,
 * validated), and owner, group and mode applied afterwards with Ansible's message and diff, as
 * their {@code check_file_attrs} does. Check mode reads and computes, and writes nothing.
 */
final class EditedFile {
    /**
     * Ansible's file arguments these modules take besides their own; unsafe_writes, the SELinux
     * context and attributes are accepted and not acted on, as by copy and file.
     */
    static final List<Arg> FILE_ARGS = List.of(Arg.str("owner"), Arg.str("group"), Arg.of("mode", Arg.Type.RAW),
            Arg.str("attributes").aliases("attr"), Arg.str("seuser"), Arg.str("serole"), Arg.str("setype"),
            Arg.str("selevel"), Arg.of("unsafe_writes", Arg.Type.BOOL).withDefault(false));

    /** Ansible's words when owner, group or mode changed. */
    static final String ATTRIBUTES_CHANGED = "ownership, perms or SE linux context changed";

    private final ModuleCall call;
    private final String path;
    private final String real;
    private final FileAttributes attributes;
    private PathState state;
    private boolean written;

    private EditedFile(ModuleCall call, String path, String real, FileAttributes attributes, PathState state) {
        this.call = call;
        this.path = path;
        this.real = real;
        this.attributes = attributes;
        this.state = state;
    }

    /** The file the call's {@code path} names ({@code ~} expanded on the host), as it is now (a link: the file it leads to). */
    static EditedFile open(ModuleCall call) throws UnreachableException, FileError {
        String path = RemoteFile.expandUser(call.target(), call.string("path", ""));
        FileAttributes attributes = FileAttributes.of(call.args());
        Probe probe = attributes.names(Probe.PLAIN);
        PathState state = RemoteFile.probe(call.target(), path, probe);
        String real = path;
        if (state.isLink() && state.realPath().isPresent()) {
            real = state.realPath().get();
            state = RemoteFile.probe(call.target(), real, probe);
        }
        return new EditedFile(call, path, real, attributes, state);
    }

    /** The path as the call named it, {@code ~} expanded. */
    String path() {
        return path;
    }

    boolean exists() {
        return state.exists();
    }

    boolean isDirectory() {
        return state.isDirectory(true);
    }

    byte[] read() throws UnreachableException, FileError {
        return RemoteFile.read(call.target(), real);
    }

    /** Creates the folder a new file goes in, unless in check mode; Ansible's words when it cannot. */
    void makeFolder(String failurePrefix) throws UnreachableException, FileError {
        int slash = real.lastIndexOf('/');
        if (slash <= 0 || call.checkMode()) {
            return;
        }
        String folder = real.substring(0, slash);
        try {
            RemoteFile.run(call.target(), "d=" + ShellWords.quote(folder) + "; [ -d \"$d\" ] || mkdir -p -- \"$d\"", real);
        } catch (FileError e) {
            throw new FileError(failurePrefix + folder + " (" + e.getMessage() + ")");
        }
    }

    /**
     * Writes the new content, unless in check mode; the backup file made, if any. A failing
     * {@code validate} is Ansible's {@code failed to validate: rc:N error:...}.
     */
    Optional<String> write(byte[] content, boolean backup) throws UnreachableException, FileError {
        if (call.checkMode()) {
            return Optional.empty();
        }
        Optional<String> validate = Optional.ofNullable(call.args().get("validate")).map(Object::toString);
        try {
            RemoteFile.Written w = RemoteFile.write(call.target(), real, state,
                    new RemoteFile.Write(content, FileAttributes.NONE, backup && state.exists(), validate));
            written = true;
            return w.backupFile();
        } catch (FileError e) {
            if (e.getMessage().equals("failed to validate")) {
                throw new FileError("failed to validate: rc:" + e.fields().get("exit_status") + " error:"
                        + e.fields().get("stderr"));
            }
            throw e;
        }
    }

    /**
     * Sets owner, group and mode where they differ (nothing in check mode) and puts what changed in
     * {@code attributeDiff}; the message and changed flag as Ansible's {@code check_file_attrs}
     * makes them from the edit's.
     */
    Message attributes(String msg, boolean changed, Map<String, Object> attributeDiff)
            throws UnreachableException, FileError {
        if (attributes.isEmpty()) {
            return new Message(msg, changed);
        }
        if (written) {
            state = RemoteFile.probe(call.target(), real, attributes.names(Probe.PLAIN));
        }
        if (!state.exists()) {
            return new Message(msg, changed);
        }
        FileAttributes.Applied applied = attributes.apply(call.target(), real, state, true, call.checkMode());
        if (!applied.changed()) {
            return new Message(msg, changed);
        }
        attributeDiff.put("before", new LinkedHashMap<>(applied.before()));
        attributeDiff.put("after", new LinkedHashMap<>(applied.after()));
        return new Message(changed ? msg + " and " + ATTRIBUTES_CHANGED : ATTRIBUTES_CHANGED, true);
    }

    /** A module's message and changed flag. */
    record Message(String msg, boolean changed) {
    }

    /** A module's result, its keys sorted as Ansible prints them; failed and changed false until set. */
    static Map<String, Object> result() {
        Map<String, Object> result = new TreeMap<>();
        result.put("changed", false);
        result.put("failed", false);
        return result;
    }

    /** The module's outcome from its result; an {@code rc} in it is the step's exit code too, as Ansible reports it. */
    static Outcome outcome(Map<String, Object> result) {
        Outcome o = Outcome.fromResult(result);
        if (result.get("rc") instanceof Integer rc) {
            return new Outcome(o.status(), OptionalInt.of(rc), o.stdout(), o.stderr(), o.message(), o.result(), o.facts(),
                    o.items(), o.control());
        }
        return o;
    }

    /** The diff of the content: headers always, before and after in diff mode only (as Ansible's). */
    static Map<String, Object> contentDiff(String path, String before, String after, boolean diffMode) {
        Map<String, Object> diff = new LinkedHashMap<>();
        diff.put("after", diffMode ? after : "");
        diff.put("after_header", path + " (content)");
        diff.put("before", diffMode ? before : "");
        diff.put("before_header", path + " (content)");
        return diff;
    }

    /** The attributes part of the diff list, with its headers. */
    static Map<String, Object> attributeDiff(String path, Map<String, Object> changes) {
        Map<String, Object> diff = new TreeMap<>(changes);
        diff.put("after_header", path + " (file attributes)");
        diff.put("before_header", path + " (file attributes)");
        return diff;
    }
}
