package herd.engine.run;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import herd.engine.inventory.Host;
import herd.engine.transport.Endpoint;

/**
 * Which lock folders a plan needs: one per machine and path, covering every host of every play, in
 * the order the plays name them.
 */
final class RunLocks {
    /** The inventory variable that moves a host's lock folder. */
    static final String PATH_VAR = "herd_lock_path";

    private RunLocks() {
    }

    static List<RunLock.Target> targets(Plan plan, LockOptions options) {
        Map<String, String> paths = new LinkedHashMap<>();
        Map<String, List<String>> hostsAt = new LinkedHashMap<>();
        Map<String, String> machines = new LinkedHashMap<>();
        for (PlannedPlay planned : plan.plays()) {
            for (Host host : planned.hosts()) {
                String path = options.path().orElseGet(() -> pathVar(plan, host.name()));
                String machine = machine(plan.endpoints().get(host.name()));
                String key = machine + " " + path;
                machines.putIfAbsent(key, machine);
                paths.putIfAbsent(key, path);
                List<String> hosts = hostsAt.computeIfAbsent(key, k -> new ArrayList<>());
                if (!hosts.contains(host.name())) {
                    hosts.add(host.name());
                }
            }
        }
        return hostsAt.entrySet().stream().map(e -> new RunLock.Target(machines.get(e.getKey()),
                paths.get(e.getKey()), e.getValue())).toList();
    }

    private static String pathVar(Plan plan, String host) {
        Object value = plan.inventory().hostvars().getOrDefault(host, Map.of()).get(PATH_VAR);
        return value instanceof String s && !s.isBlank() ? s : LockOptions.DEFAULT_PATH;
    }

    /** Hosts on one machine share its lock: every local host is the controller; ssh hosts by address and port. */
    private static String machine(Endpoint endpoint) {
        return switch (endpoint.kind()) {
            case LOCAL -> "local";
            case SSH -> endpoint.address() + ":" + endpoint.port();
        };
    }
}
