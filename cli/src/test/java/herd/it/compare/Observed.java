package herd.it.compare;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one tool did with one playbook, in the terms both tools share: per host, the steps in the
 * order they ran there; the recap per host; the exit code.
 *
 * @param steps per host, in the order the host went through them
 * @param stats per host: ok, changed, failed, skipped, unreachable, ignored (and rescued when the tool counts it)
 */
public record Observed(int exitCode, Map<String, List<Step>> steps, Map<String, Map<String, Integer>> stats) {
    public Observed {
        Map<String, List<Step>> copy = new LinkedHashMap<>();
        steps.forEach((host, list) -> copy.put(host, List.copyOf(list)));
        steps = copy;
        stats = Map.copyOf(stats);
    }

    /**
     * One task on one host.
     *
     * @param action the module as written in the playbook (known from Ansible's report only; null from herd's)
     * @param rc     the exit code, null when the step ran no command
     * @param msg    the message a user reads: debug's output, fail's and assert's message (null when none)
     * @param items  one entry per loop item, empty for a task without a loop
     * @param diffs  with --diff: each diff's headers, before and after ({@link #diff}), every item's in order
     */
    public record Step(String play, String task, String action, String status, boolean ignored, Integer rc,
                       String stdout, String stderr, String msg, String skipReason, List<Item> items,
                       List<String> diffs) {
        public Step {
            items = List.copyOf(items);
            diffs = List.copyOf(diffs);
        }

        public Step(String play, String task, String action, String status, boolean ignored, Integer rc,
                    String stdout, String stderr, String msg, String skipReason, List<Item> items) {
            this(play, task, action, status, ignored, rc, stdout, stderr, msg, skipReason, items, List.of());
        }

        Step renamed(String newTask) {
            return new Step(play, newTask, action, status, ignored, rc, stdout, stderr, msg, skipReason, items, diffs);
        }
    }

    /**
     * One diff as both tools can be compared on: its headers, and before and after as text (a
     * mapping, which Ansible gives as an object and herd as sorted JSON text, as compact JSON).
     */
    static String diff(com.fasterxml.jackson.databind.JsonNode d) {
        return "--- " + d.path("before_header").asText("") + "\n+++ " + d.path("after_header").asText("") + "\n"
                + side(d.get("before")) + "\n<=>\n" + side(d.get("after"));
    }

    private static String side(com.fasterxml.jackson.databind.JsonNode value) {
        if (value == null || value.isNull()) {
            return "";
        }
        if (value.isObject()) {
            return value.toString();
        }
        String text = value.asText();
        if (text.startsWith("{")) {
            try {
                return new com.fasterxml.jackson.databind.ObjectMapper().readTree(text).toString();
            } catch (java.io.IOException e) {
                return text;
            }
        }
        return text;
    }

    /** One loop item of a step. */
    public record Item(String label, String status, Integer rc, String stdout, String stderr, String msg) {
    }
}
