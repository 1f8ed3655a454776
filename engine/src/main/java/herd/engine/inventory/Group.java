package herd.engine.inventory;

import java.util.List;
import java.util.Map;

import herd.engine.load.Position;

/** A group as written: its own hosts and child groups, its own variables and where it was defined. */
public record Group(String name, List<String> hosts, List<String> children, Map<String, Object> vars, Position position) {
    public Group {
        hosts = List.copyOf(hosts);
        children = List.copyOf(children);
        vars = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(vars));
    }
}
