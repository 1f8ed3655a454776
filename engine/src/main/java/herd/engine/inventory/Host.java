package herd.engine.inventory;

import java.util.List;
import java.util.Map;

/**
 * A host of the inventory with its variables merged as Ansible merges them (groups from the
 * shallowest to the deepest, then the host's own), and the names of every group it belongs to.
 */
public record Host(String name, Map<String, Object> vars, List<String> groups) {
    public Host {
        vars = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(vars));
        groups = List.copyOf(groups);
    }
}
