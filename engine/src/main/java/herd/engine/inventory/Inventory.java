package herd.engine.inventory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Hosts and groups with their merged variables. Hosts keep the order they were first written in. */
public final class Inventory {
    private final Map<String, Host> hosts;
    private final Map<String, Group> groups;
    private final Map<String, List<String>> members;
    private final Map<String, Map<String, Object>> hostvars;

    public Inventory(Collection<Host> hosts, Collection<Group> groups) {
        Map<String, Host> h = new LinkedHashMap<>();
        hosts.forEach(host -> h.put(host.name(), host));
        Map<String, Group> g = new LinkedHashMap<>();
        groups.forEach(group -> g.put(group.name(), group));
        this.hosts = Collections.unmodifiableMap(h);
        this.groups = Collections.unmodifiableMap(g);
        Map<String, List<String>> m = new LinkedHashMap<>();
        for (String group : g.keySet()) {
            m.put(group, List.copyOf(collectMembers(group, new LinkedHashSet<>(), new LinkedHashSet<>())));
        }
        this.members = Collections.unmodifiableMap(m);
        Map<String, Map<String, Object>> hv = new LinkedHashMap<>();
        h.forEach((name, host) -> hv.put(name, host.vars()));
        this.hostvars = Collections.unmodifiableMap(hv);
    }

    public Map<String, Host> hosts() {
        return hosts;
    }

    public Map<String, Group> groups() {
        return groups;
    }

    public Optional<Host> host(String name) {
        return Optional.ofNullable(hosts.get(name));
    }

    /** Every group with all its hosts, children's included: Ansible's {@code groups} variable. */
    public Map<String, List<String>> groupMembers() {
        return members;
    }

    /** Every host's merged variables: Ansible's {@code hostvars}. */
    public Map<String, Map<String, Object>> hostvars() {
        return hostvars;
    }

    /** Every host of a group, its children's included, in inventory order. */
    public List<String> members(String group) {
        return members.getOrDefault(group, List.of());
    }

    /** The hosts a pattern selects, in inventory order. See {@link HostPattern}. */
    public List<Host> select(String pattern) {
        return HostPattern.parse(pattern).select(this);
    }

    private Set<String> collectMembers(String group, Set<String> out, Set<String> visiting) {
        if (!visiting.add(group)) {
            return out;
        }
        Group g = groups.get(group);
        if (g == null) {
            return out;
        }
        if (g.name().equals("all")) {
            out.addAll(hosts.keySet());
            return out;
        }
        out.addAll(g.hosts());
        for (String child : g.children()) {
            collectMembers(child, out, visiting);
        }
        List<String> ordered = new ArrayList<>();
        for (String host : hosts.keySet()) {
            if (out.contains(host)) {
                ordered.add(host);
            }
        }
        out.clear();
        out.addAll(ordered);
        return out;
    }
}
