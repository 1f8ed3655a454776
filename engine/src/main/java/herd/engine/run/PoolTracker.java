package herd.engine.run;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import herd.engine.module.Outcome;
import herd.engine.module.Trait;
import herd.engine.inventory.Host;
import herd.engine.playbook.Action;
import herd.engine.playbook.Play;
import herd.engine.playbook.Task;

/**
 * Follows the status HAProxy reported for every server a haproxy task of the run touched, so the
 * run can say how long each server was out of the pool and, loudly, which ones it left out.
 */
final class PoolTracker {
    /** What took a server out: enough to put it back by running the same haproxy task with state enabled. */
    record Restore(Play play, Task task, Host host, Map<String, Object> vars, String backend, String server) {
    }

    private final Map<String, String> status = new ConcurrentHashMap<>();
    private final Map<String, Restore> restores = new ConcurrentHashMap<>();
    private final Map<String, Long> outSince = new ConcurrentHashMap<>();
    private final Map<String, Long> outTotal = new ConcurrentHashMap<>();

    /** Takes note of a finished step; only haproxy steps (looped or not) matter. */
    void track(Play play, Task task, Host host, Map<String, Object> vars, Outcome outcome) {
        if (!(task.action() instanceof Action.Module m) || !m.implementation().traits().contains(Trait.TRACKS_POOL)) {
            return;
        }
        if (outcome.result().get("results") instanceof List<?> items) {
            for (Object item : items) {
                if (item instanceof Map<?, ?> result) {
                    servers(result, play, task, host, vars);
                }
            }
        } else {
            servers(outcome.result(), play, task, host, vars);
        }
    }

    private void servers(Map<?, ?> result, Play play, Task task, Host host, Map<String, Object> vars) {
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
                    restores.putIfAbsent(key, new Restore(play, task, host, vars, String.valueOf(row.get("backend")),
                            String.valueOf(server)));
                } else {
                    restores.remove(key);
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

    /** How to put back every server last seen out of the pool, by "backend/server". */
    Map<String, Restore> stillOut() {
        Map<String, Restore> out = new TreeMap<>();
        restores.forEach((key, restore) -> {
            if (isOut(status.getOrDefault(key, ""))) {
                out.put(key, restore);
            }
        });
        return out;
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

    /** Disabled, draining, or failing its health checks: HAProxy sends it no new requests. */
    private static boolean isOut(String status) {
        return status.startsWith("MAINT") || status.startsWith("DRAIN") || status.startsWith("DOWN");
    }

    private static long elapsedNanos(Map<?, ?> result) {
        return result.get("elapsed") instanceof Number n ? (long) (n.doubleValue() * 1e9) : 0;
    }
}
