package herd.engine.inventory;

import java.util.List;
import java.util.Map;

/**
 * A host of the inventory with its variables merged as Ansible merges them (inventory group variables
 * from the shallowest group to the deepest, group_vars/ files, the host's own, host_vars/ files; see
 * {@link Inventories}), and the names of every group it belongs to, sorted, without {@code all}.
 */
public record Host(String name, Map<String, Object> vars, List<String> groups) {
    public Host {
        vars = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(vars));
        groups = List.copyOf(groups);
    }
}
