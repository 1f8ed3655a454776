package herd.engine.module.builtin;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalInt;

import com.fasterxml.jackson.databind.ObjectMapper;

import herd.engine.module.Arg;
import herd.engine.module.ModuleCall;
import herd.engine.module.ModuleSpec;
import herd.engine.module.Outcome;
import herd.engine.module.Trait;
import herd.engine.shell.ShellWords;
import herd.engine.transport.ExecResult;
import herd.engine.transport.UnreachableException;

/**
 * ansible.builtin.async_status: the state of a job a {@code poll: 0} task started, read from the
 * host's {@code ~/.ansible_async/JID} as Ansible's module reads it: running ({@code finished: 0}),
 * or its result with {@code finished: 1}; {@code mode: cleanup} removes the file.
 */
public final class AsyncStatus extends Builtin {
    private static final ModuleSpec SPEC = ModuleSpec.of("async_status", "ansible.builtin",
            Arg.str("jid").mandatory(), Arg.str("mode").choices("status", "cleanup"));

    public AsyncStatus() {
        super(SPEC, Trait.CHECK_MODE);
    }

    @Override
    public Outcome run(ModuleCall call) throws UnreachableException {
        String jid = call.string("jid", "");
        String file = "\"${ANSIBLE_ASYNC_DIR:-$HOME/.ansible_async}\"/" + ShellWords.quote(jid);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("ansible_job_id", jid);
        if (call.string("mode", "status").equals("cleanup")) {
            ExecResult r = call.target().sh("f=" + file + "; [ -e \"$f\" ] || exit 3; rm -f \"$f\" && echo \"$f\"");
            if (r.rc() != 0) {
                return notFound(result);
            }
            result.put("erased", r.stdout().strip());
            return Outcome.fromResult(result);
        }
        ExecResult r = call.target().sh("f=" + file + "; [ -e \"$f\" ] || exit 3; echo \"$f\"; cat \"$f\"");
        if (r.rc() == 3) {
            return notFound(result);
        }
        String[] lines = r.stdout().split("\n", 2);
        String path = lines[0];
        String data = lines.length > 1 ? lines[1].strip() : "";
        Map<String, Object> job;
        try {
            @SuppressWarnings("unchecked")
            Map<String, Object> read = data.isEmpty() ? null : new ObjectMapper().readValue(data, Map.class);
            job = read;
        } catch (IOException e) {
            result.put("results_file", path);
            result.put("failed", true);
            result.put("msg", "Could not parse job output: " + data);
            result.put("started", 1);
            result.put("finished", 1);
            return Outcome.fromResult(result);
        }
        if (job == null) {
            result.put("results_file", path);
            result.put("started", 1);
            result.put("finished", 0);
            return Outcome.fromResult(result);
        }
        Map<String, Object> out = new LinkedHashMap<>(job);
        if (!out.containsKey("started")) {
            out.put("finished", 1);
            out.put("ansible_job_id", jid);
        } else if (!out.containsKey("finished")) {
            out.put("finished", 0);
        }
        // a finished command's output and exit code are the step's, as the command's own would be
        Outcome outcome = Outcome.fromResult(out);
        return new Outcome(outcome.status(), out.get("rc") instanceof Number n ? OptionalInt.of(n.intValue())
                : OptionalInt.empty(), text(out.get("stdout")), text(out.get("stderr")), outcome.message(),
                outcome.result(), Map.of());
    }

    private static String text(Object value) {
        return value == null ? "" : value.toString();
    }

    private static Outcome notFound(Map<String, Object> result) {
        result.put("failed", true);
        result.put("msg", "could not find job");
        result.put("started", 1);
        result.put("finished", 1);
        return Outcome.fromResult(result);
    }
}
