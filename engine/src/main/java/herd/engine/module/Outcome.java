package herd.engine.module;

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
 * @param facts   variables set for the host's later tasks (set_fact)
 * @param items   a looped task's outcome per item
 * @param control what the task asks of the runner ({@link Trait#STEERS_RUN} modules only)
 */
public record Outcome(Status status, OptionalInt rc, String stdout, String stderr, Optional<String> message,
                      Map<String, Object> result, Map<String, Object> facts, List<ItemResult> items,
                      Optional<RunControl> control) {
    public Outcome {
        result = Collections.unmodifiableMap(new LinkedHashMap<>(result));
        facts = Collections.unmodifiableMap(new LinkedHashMap<>(facts));
        items = List.copyOf(items);
    }

    public Outcome(Status status, OptionalInt rc, String stdout, String stderr, Optional<String> message,
                   Map<String, Object> result, Map<String, Object> facts, List<ItemResult> items) {
        this(status, rc, stdout, stderr, message, result, facts, items, Optional.empty());
    }

    public Outcome(Status status, OptionalInt rc, String stdout, String stderr, Optional<String> message,
                   Map<String, Object> result, Map<String, Object> facts) {
        this(status, rc, stdout, stderr, message, result, facts, List.of());
    }

    public static Outcome of(Status status, String message) {
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

    public static Outcome failed(String message) {
        return of(Status.FAILED, message);
    }

    /** A module's outcome from its result fields: failed and changed decide the status. */
    public static Outcome fromResult(Map<String, Object> result) {
        boolean failed = Boolean.TRUE.equals(result.get("failed"));
        boolean changed = Boolean.TRUE.equals(result.get("changed"));
        Map<String, Object> r = new LinkedHashMap<>(result);
        r.put("failed", failed);
        r.put("changed", changed);
        Object msg = r.get("msg");
        return new Outcome(failed ? Status.FAILED : changed ? Status.CHANGED : Status.OK, OptionalInt.empty(), "", "",
                Optional.ofNullable(msg).map(Object::toString), r, Map.of());
    }

    public boolean failed() {
        return status == Status.FAILED;
    }

    public Outcome withStatus(Status newStatus, Optional<String> newMessage) {
        Map<String, Object> r = new LinkedHashMap<>(result);
        r.put("failed", newStatus == Status.FAILED);
        r.put("changed", newStatus == Status.CHANGED || newStatus == Status.FAILED && Boolean.TRUE.equals(result.get("changed")));
        newMessage.ifPresent(m -> r.put("msg", m));
        return new Outcome(newStatus, rc, stdout, stderr, newMessage.or(() -> message), r, facts, items, control);
    }

    public Outcome with(String key, Object value) {
        Map<String, Object> r = new LinkedHashMap<>(result);
        r.put(key, value);
        return new Outcome(status, rc, stdout, stderr, message, r, facts, items, control);
    }

    /** The same outcome with facts set for the host's later tasks. */
    public Outcome withFacts(Map<String, Object> newFacts) {
        return new Outcome(status, rc, stdout, stderr, message, result, newFacts, items, control);
    }

    /** The same outcome asking the runner for something (meta). */
    public Outcome withControl(RunControl newControl) {
        return new Outcome(status, rc, stdout, stderr, message, result, facts, items, Optional.of(newControl));
    }

    public static List<String> lines(String text) {
        return text.isEmpty() ? List.of() : List.of(text.split("\r?\n", -1));
    }
}
