package herd.engine.inventory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import herd.engine.load.Position;
import herd.engine.load.Problem;

/**
 * The inventory while its sources are read, with the rules of Ansible's {@code InventoryData}: every
 * reader (YAML, INI, host lists) feeds one builder, so later sources add hosts and groups to the
 * earlier ones and override their variables. Problems go to a shared list; nothing throws.
 */
final class InventoryBuilder {
    static final String ALL = "all";
    static final String UNGROUPED = "ungrouped";

    /** A group being built: its own hosts and children in the order they were added. */
    static final class GroupDraft {
        final String name;
        final Position position;
        final Set<HostDraft> hosts = new LinkedHashSet<>();
        final List<GroupDraft> children = new ArrayList<>();
        final List<GroupDraft> parents = new ArrayList<>();
        final Map<String, Object> vars = new LinkedHashMap<>();
        int priority = 1;

        GroupDraft(String name, Position position) {
            this.name = name;
            this.position = position;
        }

        /** Every group above this one. */
        Set<GroupDraft> ancestors() {
            Set<GroupDraft> out = new LinkedHashSet<>();
            List<GroupDraft> todo = new ArrayList<>(parents);
            while (!todo.isEmpty()) {
                GroupDraft g = todo.removeLast();
                if (out.add(g)) {
                    todo.addAll(g.parents);
                }
            }
            return out;
        }
    }

    /** A host being built: its own variables and the groups it was put in directly. */
    static final class HostDraft {
        final String name;
        final Position position;
        final Map<String, Object> vars = new LinkedHashMap<>();
        final List<GroupDraft> groups = new ArrayList<>();

        HostDraft(String name, Position position) {
            this.name = name;
            this.position = position;
        }

        /** The groups it is in, directly or through a child group. */
        Set<GroupDraft> allGroups() {
            Set<GroupDraft> out = new LinkedHashSet<>();
            for (GroupDraft g : groups) {
                out.addAll(g.ancestors());
                out.add(g);
            }
            return out;
        }
    }

    private final Map<String, GroupDraft> groups = new LinkedHashMap<>();
    private final Map<String, HostDraft> hosts = new LinkedHashMap<>();
    private final List<Problem> problems;

    InventoryBuilder(Position origin, List<Problem> problems) {
        this.problems = problems;
        GroupDraft all = group(ALL, origin);
        addChild(all, group(UNGROUPED, origin), origin);
    }

    List<Problem> problems() {
        return problems;
    }

    Collection<GroupDraft> groups() {
        return groups.values();
    }

    Collection<HostDraft> hosts() {
        return hosts.values();
    }

    Optional<GroupDraft> existing(String name) {
        return Optional.ofNullable(groups.get(name));
    }

    /** The group of that name, made where it is first named. */
    GroupDraft group(String name, Position at) {
        return groups.computeIfAbsent(name, n -> new GroupDraft(n, at));
    }

    /**
     * Ansible's {@code add_host}: the host is made on its first mention, with {@code ansible_port}
     * from {@code name:port} then only (a later port for the same host is ignored, as in Ansible),
     * and is put in the group if one is given.
     */
    HostDraft host(String name, Position at, GroupDraft group, Optional<Integer> port) {
        HostDraft host = hosts.get(name);
        if (host == null) {
            host = new HostDraft(name, at);
            hosts.put(name, host);
            if (port.isPresent() && port.get() != 0) {
                host.vars.put("ansible_port", port.get().longValue());
            }
        }
        if (group != null) {
            addHost(group, host);
        }
        return host;
    }

    private static void addHost(GroupDraft group, HostDraft host) {
        if (group.hosts.add(host)) {
            host.groups.add(group);
        }
    }

    /** A group variable; {@code ansible_group_priority} sets the group's priority instead, as in Ansible. */
    void set(GroupDraft group, String key, Object value, Position at) {
        if (!key.equals("ansible_group_priority")) {
            group.vars.put(key, value);
            return;
        }
        Optional<Integer> priority = wholeNumber(value);
        if (priority.isEmpty()) {
            problems.add(Problem.at(at, "ansible_group_priority of group '" + group.name + "' must be a whole number, not '"
                    + PythonText.str(value) + "'"));
        } else {
            group.priority = priority.get();
        }
    }

    /** Python's int(value) for what an inventory may hold. */
    private static Optional<Integer> wholeNumber(Object value) {
        return switch (value) {
            case Boolean b -> Optional.of(b ? 1 : 0);
            case Long l when l >= Integer.MIN_VALUE && l <= Integer.MAX_VALUE -> Optional.of(l.intValue());
            case Double d when !d.isNaN() && !d.isInfinite() -> Optional.of((int) d.doubleValue());
            case String s -> {
                try {
                    yield Optional.of(Integer.parseInt(s.strip().replace("_", "")));
                } catch (NumberFormatException e) {
                    yield Optional.empty();
                }
            }
            case null, default -> Optional.empty();
        };
    }

    void set(HostDraft host, String key, Object value) {
        host.vars.put(key, value);
    }

    /** Ansible's {@code add_child_group}: no group in itself, no loops; adding twice is harmless. */
    boolean addChild(GroupDraft parent, GroupDraft child, Position at) {
        if (parent == child) {
            problems.add(Problem.at(at, "group '" + child.name + "' cannot be its own child"));
            return false;
        }
        if (parent.children.contains(child)) {
            return false;
        }
        if (parent.ancestors().contains(child)) {
            problems.add(Problem.at(at, "group '" + child.name + "' is its own ancestor: making it a child of '"
                    + parent.name + "' makes a loop"));
            return false;
        }
        parent.children.add(child);
        if (!child.parents.contains(parent)) {
            child.parents.add(parent);
        }
        return true;
    }

    /**
     * Ansible's {@code reconcile_inventory}, run once after every source: groups without a parent
     * become children of {@code all}; a host in no group goes to {@code ungrouped}, and leaves it
     * when it is in another group.
     */
    void reconcile() {
        GroupDraft all = groups.get(ALL);
        GroupDraft ungrouped = groups.get(UNGROUPED);
        for (GroupDraft g : List.copyOf(groups.values())) {
            if (g != all && g.parents.isEmpty()) {
                addChild(all, g, g.position);
            }
        }
        for (HostDraft host : hosts.values()) {
            Set<GroupDraft> mine = host.allGroups();
            if (mine.contains(ungrouped)) {
                Set<GroupDraft> others = new LinkedHashSet<>(mine);
                others.remove(all);
                others.remove(ungrouped);
                if (!others.isEmpty() && ungrouped.hosts.remove(host)) {
                    host.groups.remove(ungrouped);
                }
            } else if (mine.isEmpty() || mine.size() == 1 && mine.contains(all)) {
                addHost(ungrouped, host);
            }
        }
    }
}
