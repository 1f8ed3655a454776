package herd.engine.module.builtin;

import java.util.LinkedHashMap;
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
import herd.engine.transport.ExecResult;
import herd.engine.transport.UnreachableException;

/**
 * ansible.builtin.raw: a command line sent as it is, through the host's shell or as
 * {@code executable -c LINE}; needs nothing on the host (no Python). Always changed; a non-zero exit
 * fails it. In check mode it is skipped, as Ansible's action plugin skips it.
 */
public final class Raw extends Builtin {
    static final String FREE_FORM = "free_form";
    private static final ModuleSpec SPEC = ModuleSpec.of("raw", "ansible.builtin",
            Arg.str(FREE_FORM).mandatory(), Arg.str("executable")).rawFreeForm(FREE_FORM);

    public Raw() {
        super(SPEC, Trait.CHECK_MODE);
    }

    @Override
    public Outcome run(ModuleCall call) throws UnreachableException {
        if (call.checkMode()) {
            Map<String, Object> skipped = new LinkedHashMap<>();
            skipped.put("changed", false);
            skipped.put("skipped", true);
            return new Outcome(Status.SKIPPED, OptionalInt.empty(), "", "", Optional.empty(), skipped, Map.of());
        }
        String line = call.string(FREE_FORM, "");
        Object executable = call.args().get("executable");
        if (executable != null && !executable.toString().isEmpty()) {
            line = "exec " + ShellWords.quote(executable.toString()) + " -c " + ShellWords.quote(line);
        }
        return commandResult(call.target().sh(line));
    }

    /** rc, stdout, stderr and their lines, changed; failed with Ansible's words on a non-zero exit. */
    static Outcome commandResult(ExecResult r) {
        Map<String, Object> result = new LinkedHashMap<>();
        boolean failed = r.timedOut() || r.rc() != 0;
        result.put("rc", r.timedOut() ? null : r.rc());
        result.put("stdout", r.stdout());
        result.put("stdout_lines", Outcome.lines(r.stdout()));
        result.put("stderr", r.stderr());
        result.put("stderr_lines", Outcome.lines(r.stderr()));
        result.put("changed", true);
        result.put("failed", failed);
        Optional<String> msg = Optional.empty();
        if (r.timedOut()) {
            msg = Optional.of("the command did not finish within the task's timeout and was stopped");
        } else if (failed) {
            msg = Optional.of("non-zero return code");
        }
        msg.ifPresent(m -> result.put("msg", m));
        return new Outcome(failed ? Status.FAILED : Status.CHANGED, r.timedOut() ? OptionalInt.empty()
                : OptionalInt.of(r.rc()), r.stdout(), r.stderr(), msg, result, Map.of());
    }
}
