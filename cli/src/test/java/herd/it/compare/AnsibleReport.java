package herd.it.compare;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Reads what herd's {@code herd_compare} stdout callback printed for ansible-playbook (see
 * {@link AnsibleRun} and {@code ansible/herd_compare.py}) into an {@link Observed}.
 */
final class AnsibleReport {
    /** Result keys that are bookkeeping, never the variable a {@code debug: var=} printed. */
    private static final Set<String> NOT_A_DEBUG_VAR = Set.of("action", "changed", "failed", "skipped", "skip_reason",
            "msg", "_herd_ignored", "item", "ansible_loop_var", "ansible_index_var");
    private static final Set<String> MESSAGE_MODULES = Set.of("debug", "fail", "assert");

    private AnsibleReport() {
    }

    static Observed parse(int exitCode, JsonNode doc) {
        Map<String, List<Observed.Step>> steps = new LinkedHashMap<>();
        // The callback starts a new "play" entry per serial batch: walking them in order still
        // gives every host its steps in the order they ran.
        for (JsonNode play : doc.path("plays")) {
            String playName = play.path("play").path("name").asText();
            for (JsonNode task : play.path("tasks")) {
                String taskName = task.path("task").path("name").asText();
                for (Iterator<Map.Entry<String, JsonNode>> it = task.path("hosts").fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    // include_tasks is a step of its own in Ansible (its recap counts it), so it stays.
                    steps.computeIfAbsent(e.getKey(), h -> new ArrayList<>()).add(step(playName, taskName, e.getValue()));
                }
            }
        }
        Map<String, Map<String, Integer>> stats = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = doc.path("stats").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode s = e.getValue();
            Map<String, Integer> counts = new LinkedHashMap<>();
            counts.put("ok", s.path("ok").asInt());
            counts.put("changed", s.path("changed").asInt());
            counts.put("failed", s.path("failures").asInt());
            counts.put("skipped", s.path("skipped").asInt());
            counts.put("unreachable", s.path("unreachable").asInt());
            counts.put("ignored", s.path("ignored").asInt());
            counts.put("rescued", s.path("rescued").asInt());
            stats.put(e.getKey(), counts);
        }
        return new Observed(exitCode, steps, stats);
    }

    private static Observed.Step step(String play, String task, JsonNode r) {
        String action = module(r.path("action").asText());
        List<Observed.Item> items = new ArrayList<>();
        if (r.path("results").isArray()) {
            for (JsonNode item : r.path("results")) {
                JsonNode label = item.has("_ansible_item_label") ? item.get("_ansible_item_label") : item.get("item");
                items.add(new Observed.Item(Rendering.of(label), status(item), rc(item), text(item, "stdout"),
                        text(item, "stderr"), message(action, item)));
            }
        }
        return new Observed.Step(play, task, action, status(r), r.path("_herd_ignored").asBoolean(false), rc(r),
                text(r, "stdout"), text(r, "stderr"), r.path("results").isArray() ? null : message(action, r),
                r.has("skip_reason") ? r.get("skip_reason").asText() : null, items, diffs(r));
    }

    /** The result's diffs (one, or a list), then every item's. */
    private static List<String> diffs(JsonNode r) {
        List<String> out = new ArrayList<>();
        addDiffs(r.get("diff"), out);
        for (JsonNode item : r.path("results")) {
            addDiffs(item.get("diff"), out);
        }
        return out;
    }

    private static void addDiffs(JsonNode diff, List<String> out) {
        if (diff == null) {
            return;
        }
        if (diff.isArray()) {
            diff.forEach(d -> addDiffs(d, out));
        } else if (diff.has("before") && diff.has("after")) {
            out.add(Observed.diff(diff));
        }
    }

    /** ansible.builtin.command and ansible.legacy.command are command. */
    private static String module(String action) {
        return action.substring(action.lastIndexOf('.') + 1);
    }

    private static String status(JsonNode r) {
        if (r.path("unreachable").asBoolean(false)) {
            return "unreachable";
        }
        if (r.path("skipped").asBoolean(false)) {
            return "skipped";
        }
        if (r.path("failed").asBoolean(false)) {
            return "failed";
        }
        return r.path("changed").asBoolean(false) ? "changed" : "ok";
    }

    private static Integer rc(JsonNode r) {
        return r.has("rc") && r.get("rc").isNumber() ? r.get("rc").asInt() : null;
    }

    private static String text(JsonNode r, String field) {
        return r.has(field) && !r.get(field).isNull() ? r.get(field).asText() : null;
    }

    /** What a user reads from debug, fail and assert; null for other modules and for skipped steps. */
    private static String message(String action, JsonNode r) {
        if (!MESSAGE_MODULES.contains(action) || r.path("skipped").asBoolean(false)) {
            return null;
        }
        if (r.has("msg")) {
            return Rendering.of(r.get("msg"));
        }
        if (action.equals("debug")) {
            for (Iterator<Map.Entry<String, JsonNode>> it = r.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!NOT_A_DEBUG_VAR.contains(e.getKey()) && !e.getKey().startsWith("_ansible")) {
                    return e.getKey() + ": " + Rendering.of(e.getValue());
                }
            }
        }
        return null;
    }
}
