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

    /**
     * This inventory with a host added or joined to groups, as Ansible's {@code add_host} changes the
     * inventory for the rest of the run: a new host joins {@code all} and the groups (created when
     * new), with the variables of those groups and then its own; a host already there gets the
     * variables over its own and joins the groups. The same inventory when nothing changes.
     */
    public Inventory withHost(String name, Map<String, Object> vars, List<String> groupNames) {
        Map<String, Group> g = new LinkedHashMap<>(groups);
        Host old = hosts.get(name);
        Map<String, Object> merged = new LinkedHashMap<>();
        List<String> memberOf = new ArrayList<>(old == null ? List.of() : old.groups());
        if (old == null) {
            Optional.ofNullable(groups.get("all")).ifPresent(all -> merged.putAll(all.vars()));
        } else {
            merged.putAll(old.vars());
        }
        for (String groupName : groupNames) {
            Group group = g.get(groupName);
            if (old == null && group != null) {
                merged.putAll(group.vars());
            }
            g.put(groupName, joined(group, groupName, name));
            if (!memberOf.contains(groupName)) {
                memberOf.add(groupName);
            }
        }
        merged.putAll(vars);
        for (String groupName : groupNames) {
            ancestors(g, groupName).stream().filter(a -> !memberOf.contains(a)).forEach(memberOf::add);
        }
        leaveUngrouped(g, name, memberOf);
        memberOf.sort(null);
        Host host = new Host(name, merged, memberOf);
        if (host.equals(old) && g.equals(groups)) {
            return this;
        }
        Map<String, Host> h = new LinkedHashMap<>(hosts);
        h.put(name, host);
        return new Inventory(h.values(), g.values());
    }

    /**
     * This inventory with the host in a group (created when new) that is a child of the parents
     * (created when new), as Ansible's {@code group_by}. The same inventory when nothing changes.
     */
    public Inventory withGroup(String hostName, String groupName, List<String> parents) {
        Host old = hosts.get(hostName);
        if (old == null) {
            throw new IllegalArgumentException(hostName + " cannot be matched in inventory");
        }
        Map<String, Group> g = new LinkedHashMap<>(groups);
        boolean changed = !g.containsKey(groupName) || !g.get(groupName).hosts().contains(hostName);
        g.put(groupName, joined(g.get(groupName), groupName, hostName));
        for (String parent : parents) {
            Group p = g.getOrDefault(parent, new Group(parent, List.of(), List.of(), Map.of(), null));
            if (!p.children().contains(groupName)) {
                List<String> children = new ArrayList<>(p.children());
                children.add(groupName);
                p = new Group(p.name(), p.hosts(), children, p.vars(), p.position());
                changed = true;
            }
            g.put(parent, p);
        }
        if (!changed) {
            return this;
        }
        Set<String> memberOf = new LinkedHashSet<>(old.groups());
        memberOf.add(groupName);
        memberOf.addAll(ancestors(g, groupName));
        List<String> names = new ArrayList<>(memberOf);
        leaveUngrouped(g, hostName, names);
        names.sort(null);
        Map<String, Host> h = new LinkedHashMap<>(hosts);
        h.put(hostName, new Host(hostName, old.vars(), names));
        return new Inventory(h.values(), g.values());
    }

    /** Every group the group is in, through its parents, but {@code all}. */
    private static Set<String> ancestors(Map<String, Group> groups, String group) {
        Set<String> out = new LinkedHashSet<>();
        java.util.Deque<String> todo = new java.util.ArrayDeque<>(List.of(group));
        while (!todo.isEmpty()) {
            String child = todo.pop();
            for (Group candidate : groups.values()) {
                if (candidate.children().contains(child) && !candidate.name().equals("all") && out.add(candidate.name())) {
                    todo.push(candidate.name());
                }
            }
        }
        return out;
    }

    /** A host in a group of its own is no longer in {@code ungrouped}, as Ansible reconciles it. */
    private static void leaveUngrouped(Map<String, Group> g, String host, List<String> memberOf) {
        memberOf.remove("all");
        if (memberOf.size() > 1 && memberOf.remove(UNGROUPED)) {
            Group ungrouped = g.get(UNGROUPED);
            List<String> left = new ArrayList<>(ungrouped.hosts());
            left.remove(host);
            g.put(UNGROUPED, new Group(UNGROUPED, left, ungrouped.children(), ungrouped.vars(), ungrouped.position()));
        }
    }

    private static final String UNGROUPED = "ungrouped";

    private static Group joined(Group group, String name, String host) {
        if (group == null) {
            return new Group(name, List.of(host), List.of(), Map.of(), null);
        }
        if (group.hosts().contains(host) || group.name().equals("all")) {
            return group;
        }
        List<String> members = new ArrayList<>(group.hosts());
        members.add(host);
        return new Group(group.name(), members, group.children(), group.vars(), group.position());
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
