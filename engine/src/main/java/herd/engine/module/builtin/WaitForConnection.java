package herd.engine.module.builtin;

import java.time.Duration;
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
import herd.engine.transport.ExecResult;
import herd.engine.transport.UnreachableException;

/**
 * ansible.builtin.wait_for_connection: after {@code delay}, runs a command on the host (as Ansible
 * runs its ping module) every {@code sleep} seconds until one works or {@code timeout} passes; the
 * host's connection is opened again on each try. Returns {@code elapsed} in whole seconds. Skipped in
 * check mode, as Ansible's action plugin does.
 */
public final class WaitForConnection extends Builtin {
    private static final ModuleSpec SPEC = ModuleSpec.of("wait_for_connection", "ansible.builtin",
            Arg.of("connect_timeout", Arg.Type.INT).withDefault(5), Arg.of("delay", Arg.Type.INT).withDefault(0),
            Arg.of("sleep", Arg.Type.INT).withDefault(1), Arg.of("timeout", Arg.Type.INT).withDefault(600));

    public WaitForConnection() {
        super(SPEC, Trait.CHECK_MODE);
    }

    @Override
    public Outcome run(ModuleCall call) {
        if (call.checkMode()) {
            return skippedQuietly();
        }
        int delay = number(call, "delay", 0);
        int sleep = number(call, "sleep", 1);
        int timeout = number(call, "timeout", 600);
        long start = System.nanoTime();
        if (delay > 0 && !call.target().sleep(Duration.ofSeconds(delay))) {
            return Outcome.failed("interrupted while waiting for the delay");
        }
        long end = System.nanoTime() + Duration.ofSeconds(timeout).toNanos();
        String error = "no attempt was made";
        Map<String, Object> result = new LinkedHashMap<>();
        boolean up = false;
        while (System.nanoTime() < end) {
            try {
                ExecResult r = call.target().sh("exit 0");
                if (r.rc() == 0) {
                    up = true;
                    break;
                }
                error = "ping test failed";
            } catch (UnreachableException e) {
                error = e.getMessage();
            }
            if (!call.target().sleep(Duration.ofSeconds(sleep))) {
                error = "interrupted";
                break;
            }
        }
        if (!up) {
            result.put("failed", true);
            result.put("msg", "timed out waiting for ping module test: " + error);
        }
        result.put("elapsed", Duration.ofNanos(System.nanoTime() - start).toSeconds());
        result.put("changed", false);
        return Outcome.fromResult(result);
    }

    static int number(ModuleCall call, String name, int fallback) {
        Object v = call.args().get(name);
        if (v == null) {
            return fallback;
        }
        return v instanceof Number n ? n.intValue() : Integer.parseInt(v.toString().trim());
    }

    /** Ansible's {@code skipped: true} without a message: what these action plugins give in check mode. */
    static Outcome skippedQuietly() {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("changed", false);
        result.put("skipped", true);
        return new Outcome(Status.SKIPPED, OptionalInt.empty(), "", "", Optional.empty(), result, Map.of());
    }
}
