package herd.engine.run;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

import herd.engine.event.ItemResult;
import herd.engine.event.Status;

/**
 * What one task did on one host, before it becomes a {@link herd.engine.event.StepResult}: the
 * status, the command's output, and the result as {@code register} exposes it to later tasks.
 *
 * @param result the registered value (rc, stdout, stdout_lines, changed, failed, ... or the module's fields)
 * @param facts  variables set for the host's later tasks (set_fact)
 */
record Outcome(Status status, OptionalInt rc, String stdout, String stderr, Optional<String> message,
               Map<String, Object> result, Map<String, Object> facts, List<ItemResult> items) {
    Outcome {
        result = Collections.unmodifiableMap(new LinkedHashMap<>(result));
        facts = Collections.unmodifiableMap(new LinkedHashMap<>(facts));
        items = List.copyOf(items);
    }

    Outcome(Status status, OptionalInt rc, String stdout, String stderr, Optional<String> message,
            Map<String, Object> result, Map<String, Object> facts) {
        this(status, rc, stdout, stderr, message, result, facts, List.of());
    }

    static Outcome of(Status status, String message) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("changed", status == Status.CHANGED);
        result.put("failed", status == Status.FAILED);
        if (status == Status.SKIPPED) {
            result.put("skipped", true);
        }
        if (status == Status.UNREACHABLE) {
            result.put("unreachable", true);
        }
        result.put("msg", message);
        return new Outcome(status, OptionalInt.empty(), "", "", Optional.of(message), result, Map.of());
    }

    static Outcome failed(String message) {
        return of(Status.FAILED, message);
    }

    /** A module's outcome from its result fields: failed and changed decide the status. */
    static Outcome fromResult(Map<String, Object> result) {
        boolean failed = Boolean.TRUE.equals(result.get("failed"));
        boolean changed = Boolean.TRUE.equals(result.get("changed"));
        Map<String, Object> r = new LinkedHashMap<>(result);
        r.put("failed", failed);
        r.put("changed", changed);
        Object msg = r.get("msg");
        return new Outcome(failed ? Status.FAILED : changed ? Status.CHANGED : Status.OK, OptionalInt.empty(), "", "",
                Optional.ofNullable(msg).map(Object::toString), r, Map.of());
    }

    boolean failed() {
        return status == Status.FAILED;
    }

    Outcome withStatus(Status newStatus, Optional<String> newMessage) {
        Map<String, Object> r = new LinkedHashMap<>(result);
        r.put("failed", newStatus == Status.FAILED);
        r.put("changed", newStatus == Status.CHANGED || newStatus == Status.FAILED && Boolean.TRUE.equals(result.get("changed")));
        newMessage.ifPresent(m -> r.put("msg", m));
        return new Outcome(newStatus, rc, stdout, stderr, newMessage.or(() -> message), r, facts, items);
    }

    Outcome with(String key, Object value) {
        Map<String, Object> r = new LinkedHashMap<>(result);
        r.put(key, value);
        return new Outcome(status, rc, stdout, stderr, message, r, facts, items);
    }

    static List<String> lines(String text) {
        return text.isEmpty() ? List.of() : List.of(text.split("\r?\n", -1));
    }
}
