package herd.engine.inventory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import herd.engine.load.Fields;
import herd.engine.load.InputException;
import herd.engine.load.Position;
import herd.engine.load.Problem;
import herd.engine.load.YamlLoader;
import herd.engine.load.YamlNode;

/**
 * Reads Ansible's YAML inventory format: groups with {@code hosts}, {@code vars} and
 * {@code children}, nested to any depth, top-level groups being children of {@code all}.
 */
public final class YamlInventory {
    private static final Set<String> GROUP_KEYS = Set.of("hosts", "vars", "children");

    private final Path file;
    private final List<Problem> problems = new ArrayList<>();
    private final Map<String, MutableGroup> groups = new LinkedHashMap<>();
    private final Map<String, Map<String, Object>> hostVars = new LinkedHashMap<>();

    private YamlInventory(Path file) {
        this.file = file;
    }

    public static Inventory load(Path file) {
        YamlInventory reader = new YamlInventory(file);
        reader.read(YamlLoader.load(file));
        if (!reader.problems.isEmpty()) {
            throw new InputException(reader.problems);
        }
        Inventory inventory = reader.build();
        if (!reader.problems.isEmpty()) {
            throw new InputException(reader.problems);
        }
        return inventory;
    }

    private void read(YamlNode root) {
        group("all", root.position());
        group("ungrouped", root.position());
        if (root instanceof YamlNode.Scalar s && s.isNull()) {
            return;
        }
        if (!(root instanceof YamlNode.Mapping top)) {
            problems.add(Problem.at(root.position(), "an inventory must be a mapping of groups, not a " + root.kind(),
                    "start with 'all:' and put hosts under 'all: hosts:'"));
            return;
        }
        for (YamlNode.Entry entry : top.entries()) {
            readGroup(entry.key(), entry.value(), entry.keyPosition());
            if (!entry.key().equals("all")) {
                groups.get("all").children.add(entry.key());
            }
        }
    }

    private void readGroup(String name, YamlNode node, Position at) {
        MutableGroup group = group(name, at);
        if (node instanceof YamlNode.Scalar s && s.isNull()) {
            return;
        }
        Fields fields = Fields.of(node, "group ('" + name + "')", problems);
        if (fields == null) {
            return;
        }
        fields.checkKeys(GROUP_KEYS, Map.of());
        fields.submapping("vars").ifPresent(vars -> group.vars.putAll(plainMap(vars)));
        fields.submapping("hosts").ifPresent(hosts -> {
            for (YamlNode.Entry host : hosts.entries()) {
                group.hosts.add(host.key());
                Map<String, Object> vars = hostVars.computeIfAbsent(host.key(), k -> new LinkedHashMap<>());
                if (host.value() instanceof YamlNode.Mapping m) {
                    vars.putAll(plainMap(m));
                } else if (!(host.value() instanceof YamlNode.Scalar s && s.isNull())) {
                    problems.add(Problem.at(host.value().position(),
                            "the variables of host '" + host.key() + "' must be a mapping, not a " + host.value().kind()));
                }
            }
        });
        fields.submapping("children").ifPresent(children -> {
            for (YamlNode.Entry child : children.entries()) {
                if (child.key().equals(name)) {
                    problems.add(Problem.at(child.keyPosition(), "group '" + name + "' cannot be its own child"));
                    continue;
                }
                group.children.add(child.key());
                readGroup(child.key(), child.value(), child.keyPosition());
            }
        });
    }

    private static Map<String, Object> plainMap(YamlNode.Mapping m) {
        @SuppressWarnings("unchecked")
        Map<String, Object> plain = (Map<String, Object>) m.toPlain();
        return plain;
    }

    private MutableGroup group(String name, Position at) {
        return groups.computeIfAbsent(name, n -> new MutableGroup(n, at));
    }

    private Inventory build() {
        Set<String> grouped = new LinkedHashSet<>();
        groups.values().stream().filter(g -> !g.name.equals("all") && !g.name.equals("ungrouped"))
                .forEach(g -> grouped.addAll(g.hosts));
        for (String host : groups.get("all").hosts) {
            if (!grouped.contains(host)) {
                groups.get("ungrouped").hosts.add(host);
            }
        }
        groups.get("all").hosts.removeIf(h -> true);
        groups.get("all").children.add(0, "ungrouped");
        Map<String, Integer> depth = depths();
        Map<String, Set<String>> parents = new HashMap<>();
        for (MutableGroup g : groups.values()) {
            for (String child : g.children) {
                parents.computeIfAbsent(child, k -> new LinkedHashSet<>()).add(g.name);
            }
        }
        List<Host> hosts = new ArrayList<>();
        for (String name : hostVars.keySet()) {
            Set<String> memberOf = new LinkedHashSet<>();
            for (MutableGroup g : groups.values()) {
                if (g.hosts.contains(name)) {
                    ancestors(g.name, parents, memberOf);
                }
            }
            memberOf.add("all");
            List<String> ordered = new ArrayList<>(memberOf);
            ordered.sort(Comparator.<String>comparingInt(g -> depth.getOrDefault(g, 0)).thenComparing(g -> g));
            Map<String, Object> vars = new LinkedHashMap<>();
            for (String g : ordered) {
                vars.putAll(groups.get(g).vars);
            }
            vars.putAll(hostVars.get(name));
            List<String> groupNames = ordered.stream().filter(g -> !g.equals("all")).sorted().toList();
            hosts.add(new Host(name, vars, groupNames));
        }
        List<Group> result = new ArrayList<>();
        for (MutableGroup g : groups.values()) {
            result.add(new Group(g.name, new ArrayList<>(new LinkedHashSet<>(g.hosts)),
                    new ArrayList<>(new LinkedHashSet<>(g.children)), g.vars, g.position));
        }
        return new Inventory(hosts, result);
    }

    private static void ancestors(String group, Map<String, Set<String>> parents, Set<String> out) {
        if (!out.add(group)) {
            return;
        }
        for (String parent : parents.getOrDefault(group, Set.of())) {
            ancestors(parent, parents, out);
        }
    }

    /** Depth of each group below 'all', the longest path counting, as Ansible orders group variables. */
    private Map<String, Integer> depths() {
        Map<String, Integer> depth = new HashMap<>();
        depth.put("all", 0);
        deepen("all", 0, depth, new LinkedHashSet<>());
        return depth;
    }

    private void deepen(String group, int level, Map<String, Integer> depth, Set<String> path) {
        if (!path.add(group)) {
            problems.add(Problem.at(groups.get(group).position, "group '" + group + "' is its own ancestor"));
            return;
        }
        for (String child : groups.get(group).children) {
            if (depth.getOrDefault(child, -1) < level + 1) {
                depth.put(child, level + 1);
            }
            deepen(child, level + 1, depth, path);
        }
        path.remove(group);
    }

    private static final class MutableGroup {
        final String name;
        final Position position;
        final List<String> hosts = new ArrayList<>();
        final List<String> children = new ArrayList<>();
        final Map<String, Object> vars = new LinkedHashMap<>();

        MutableGroup(String name, Position position) {
            this.name = name;
            this.position = position;
        }
    }
}
