package herd.engine.run;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import herd.engine.playbook.Action;
import herd.engine.playbook.Task;

/**
 * Follows the status HAProxy reported for every server a haproxy task of the run touched, so the
 * run can say how long each server was out of the pool and, loudly, which ones it left out.
 */
final class PoolTracker {
    private final Map<String, String> status = new ConcurrentHashMap<>();
    private final Map<String, Long> outSince = new ConcurrentHashMap<>();
    private final Map<String, Long> outTotal = new ConcurrentHashMap<>();

    /** Takes note of a finished step; only haproxy steps (looped or not) matter. */
    void track(Task task, Outcome outcome) {
        if (!(task.action() instanceof Action.Module m) || !m.module().equals("haproxy")) {
            return;
        }
        if (outcome.result().get("results") instanceof List<?> items) {
            for (Object item : items) {
                if (item instanceof Map<?, ?> result) {
                    servers(result);
                }
            }
        } else {
            servers(outcome.result());
        }
    }

    private void servers(Map<?, ?> result) {
        if (!(result.get("servers") instanceof List<?> servers)) {
            return;
        }
        Object server = result.get("host");
        for (Object entry : servers) {
            if (entry instanceof Map<?, ?> row && row.get("backend") != null && row.get("status") != null) {
                String key = row.get("backend") + "/" + server;
                String reported = String.valueOf(row.get("status"));
                status.put(key, reported);
                long now = System.nanoTime();
                if (isOut(reported)) {
                    // out from the start of the step that took it out
                    outSince.putIfAbsent(key, now - elapsedNanos(result));
                } else {
                    Long since = outSince.remove(key);
                    if (since != null) {
                        outTotal.merge(key, now - since, Long::sum);
                    }
                }
            }
        }
    }

    /** "backend/server: STATUS" for every server last seen out of the pool. */
    List<String> leftOut() {
        return status.entrySet().stream().filter(e -> isOut(e.getValue()))
                .map(e -> e.getKey() + ": " + e.getValue()).sorted().toList();
    }

    /** How long each server taken out was out, up to now for those still out. */
    Map<String, Duration> timeOut() {
        Map<String, Long> total = new TreeMap<>(outTotal);
        long now = System.nanoTime();
        outSince.forEach((server, since) -> total.merge(server, now - since, Long::sum));
        Map<String, Duration> out = new TreeMap<>();
        total.forEach((server, nanos) -> out.put(server, Duration.ofNanos(nanos)));
        return out;
    }

    private static boolean isOut(String status) {
        return status.startsWith("MAINT") || status.startsWith("DRAIN");
    }

    private static long elapsedNanos(Map<?, ?> result) {
        return result.get("elapsed") instanceof Number n ? (long) (n.doubleValue() * 1e9) : 0;
    }
}
