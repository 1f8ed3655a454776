package herd.engine.inventory;

import java.util.List;
import java.util.Map;

import herd.engine.load.Position;

/**
 * A group as read: its own hosts and child groups in the order they were added, its variables (from the
 * inventory files, then its group_vars/ files; {@code ansible_group_priority} when not 1) and where it
 * was first named.
 */
public record Group(String name, List<String> hosts, List<String> children, Map<String, Object> vars, Position position) {
    public Group {
        hosts = List.copyOf(hosts);
        children = List.copyOf(children);
        vars = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(vars));
    }
}
