package herd.it.compare;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/** Reads herd's JSON report (schema in the README) into an {@link Observed}. */
public final class HerdReport {
    private HerdReport() {
    }

    /** A run that wrote no report (herd refused the playbook) is an exit code and nothing else. */
    public static Observed parse(int exitCode, JsonNode doc) {
        Map<String, List<Observed.Step>> steps = new LinkedHashMap<>();
        for (JsonNode s : doc.path("steps")) {
            List<Observed.Item> items = new ArrayList<>();
            for (JsonNode i : s.path("items")) {
                items.add(new Observed.Item(text(i, "label"), i.path("status").asText(), rc(i), text(i, "stdout"),
                        text(i, "stderr"), text(i, "msg")));
            }
            Observed.Step step = new Observed.Step(s.path("play").asText(), s.path("task").asText(), null,
                    s.path("status").asText(), s.path("ignored").asBoolean(false), rc(s), text(s, "stdout"),
                    text(s, "stderr"), text(s, "msg"), text(s, "msg"), items, diffs(s));
            steps.computeIfAbsent(s.path("host").asText(), h -> new ArrayList<>()).add(step);
        }
        Map<String, Map<String, Integer>> stats = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = doc.path("stats").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            Map<String, Integer> counts = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> c = e.getValue().fields(); c.hasNext(); ) {
                Map.Entry<String, JsonNode> count = c.next();
                counts.put(count.getKey(), count.getValue().asInt());
            }
            stats.put(e.getKey(), counts);
        }
        return new Observed(exitCode, steps, stats);
    }

    private static List<String> diffs(JsonNode step) {
        List<String> out = new ArrayList<>();
        for (JsonNode d : step.path("diff")) {
            if (d.has("before") && d.has("after")) {
                out.add(Observed.diff(d));
            }
        }
        return out;
    }

    private static Integer rc(JsonNode node) {
        return node.path("rc").isNumber() ? node.get("rc").asInt() : null;
    }

    private static String text(JsonNode node, String field) {
        return node.hasNonNull(field) ? node.get(field).asText() : null;
    }
}
