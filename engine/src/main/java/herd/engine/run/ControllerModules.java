package herd.engine.run;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import herd.engine.event.Status;
import herd.engine.template.TemplateError;
import herd.engine.template.Templates;

/** Modules that run in herd itself, with no command on the host: debug, fail, assert, set_fact, pause. */
final class ControllerModules {
    private ControllerModules() {
    }

    static Outcome debug(ModuleCall call, Templates templates) {
        Map<String, Object> result = new LinkedHashMap<>();
        Object var = call.args().get("var");
        String msg;
        if (var != null) {
            Object value = templates.evaluate(var.toString(), call.vars());
            result.put(var.toString(), value);
            msg = var + ": " + value;
        } else {
            msg = String.valueOf(call.args().getOrDefault("msg", "Hello world!"));
            result.put("msg", msg);
        }
        result.put("changed", false);
        result.put("failed", false);
        return Outcome.fromResult(result).withStatus(Status.OK, java.util.Optional.of(msg));
    }

    static Outcome fail(ModuleCall call) {
        return Outcome.failed(call.string("msg", "Failed as requested from task"));
    }

    static Outcome assertThat(ModuleCall call, Map<String, Object> rawArgs, Templates templates) {
        Object that = rawArgs.get("that");
        List<?> conditions = that instanceof List<?> list ? list : List.of(that);
        for (Object condition : conditions) {
            boolean holds;
            try {
                holds = templates.test(String.valueOf(condition), call.vars());
            } catch (TemplateError e) {
                return Outcome.failed("assert: cannot evaluate '" + condition + "': " + e.getMessage());
            }
            if (!holds) {
                String msg = call.args().containsKey("fail_msg") ? call.string("fail_msg", "")
                        : call.string("msg", "Assertion failed");
                return Outcome.failed(msg).with("assertion", String.valueOf(condition)).with("evaluated_to", false);
            }
        }
        return Outcome.of(Status.OK, call.string("success_msg", "All assertions passed"));
    }

    static Outcome setFact(ModuleCall call) {
        Map<String, Object> facts = new LinkedHashMap<>(call.args());
        facts.remove("cacheable");
        Outcome ok = Outcome.of(Status.OK, "set " + String.join(", ", facts.keySet()));
        return new Outcome(ok.status(), ok.rc(), ok.stdout(), ok.stderr(), ok.message(), ok.result(), facts);
    }

    static Outcome pause(ModuleCall call) {
        if (call.args().containsKey("prompt")) {
            return Outcome.failed("pause: herd does not prompt; give 'seconds' or 'minutes' instead of 'prompt'");
        }
        double seconds = number(call.args().get("seconds")) + 60 * number(call.args().get("minutes"));
        if (!call.stop().sleep(Duration.ofMillis((long) (seconds * 1000)))) {
            return Outcome.failed("pause interrupted");
        }
        return Outcome.of(Status.OK, "paused " + (long) seconds + " s");
    }

    private static double number(Object value) {
        if (value == null) {
            return 0;
        }
        try {
            return Double.parseDouble(value.toString().trim());
        } catch (NumberFormatException e) {
            throw new TemplateError("'" + value + "' is not a number of seconds");
        }
    }
}
