package herd.engine.module.builtin;

import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;

import herd.engine.module.Arg;
import herd.engine.module.ModuleCall;
import herd.engine.module.ModuleSpec;
import herd.engine.module.Outcome;
import herd.engine.module.Trait;
import herd.engine.module.builtin.files.FileError;
import herd.engine.module.builtin.files.RemoteFile;
import herd.engine.transport.FileTransferException;
import herd.engine.transport.UnreachableException;

/**
 * ansible.builtin.slurp: a file's bytes from the host, base64-encoded ({@code content}, with
 * {@code source} and {@code encoding: base64}), read as the become user. Changes nothing, so check
 * mode is the same run.
 */
public final class Slurp extends Builtin {
    private static final ModuleSpec SPEC = ModuleSpec.of("slurp", "ansible.builtin",
            Arg.str("src").mandatory().aliases("path"));

    public Slurp() {
        super(SPEC, Trait.CHECK_MODE);
    }

    @Override
    public Outcome run(ModuleCall call) throws UnreachableException {
        String source = call.string("src", "");
        byte[] content;
        try {
            source = RemoteFile.expandUser(call.target(), source);
            content = call.target().fetch(source);
        } catch (FileError e) {
            return e.outcome();
        } catch (FileTransferException e) {
            return Outcome.failed(failure(source, e.reason()));
        }
        Map<String, Object> result = new TreeMap<>();
        result.put("changed", false);
        result.put("content", Base64.getEncoder().encodeToString(content));
        result.put("encoding", "base64");
        result.put("failed", false);
        result.put("source", source);
        return Outcome.fromResult(result);
    }

    /** Ansible's words for a file that cannot be read, from the host's reason. */
    static String failure(String source, String reason) {
        if (reason.contains("No such file")) {
            return "file not found: " + source;
        }
        if (reason.contains("Permission denied")) {
            return "file is not readable: " + source;
        }
        if (reason.contains("Is a directory")) {
            return "source is a directory and must be a file: " + source;
        }
        return "unable to slurp file: " + reason;
    }
}
