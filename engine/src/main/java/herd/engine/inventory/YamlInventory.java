package herd.engine.inventory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import herd.engine.inventory.InventoryBuilder.GroupDraft;
import herd.engine.load.Fields;
import herd.engine.load.InputException;
import herd.engine.load.Position;
import herd.engine.load.Problem;
import herd.engine.load.YamlLoader;
import herd.engine.load.YamlNode;

/**
 * Reads Ansible's YAML inventory format as its {@code yaml} plugin does: top-level keys are groups
 * with {@code hosts}, {@code vars} and {@code children} (read in the order written, a plain string
 * standing for a one-key mapping), nested to any depth; host keys may carry {@code :port} and
 * ranges. Where Ansible only warns (an unknown key, a group that is not a mapping) herd reports a
 * problem, since it is almost always a typo.
 */
public final class YamlInventory {
    private static final Set<String> GROUP_KEYS = Set.of("hosts", "vars", "children");

    private final InventoryBuilder builder;
    private final List<Problem> problems;

    private YamlInventory(InventoryBuilder builder) {
        this.builder = builder;
        this.problems = builder.problems();
    }

    /** Loads one YAML inventory file, with the group_vars/ and host_vars/ beside it. */
    public static Inventory load(Path file) {
        return Inventories.load(List.of(file));
    }

    /**
     * Parses {@code file} as YAML. Empty when it is an inventory (added to the builder); otherwise
     * the problems that made the yaml plugin decline it: Ansible then tries the INI reader.
     */
    static Optional<List<Problem>> read(Path file, InventoryBuilder builder) {
        YamlNode root;
        try {
            root = YamlLoader.load(file);
        } catch (InputException e) {
            return Optional.of(e.problems());
        }
        if (root instanceof YamlNode.Scalar s && s.isNull()) {
            return Optional.of(List.of(Problem.at(root.position(), "the YAML inventory is empty")));
        }
        if (!(root instanceof YamlNode.Mapping top)) {
            return Optional.of(List.of(Problem.at(root.position(),
                    "an inventory must be a mapping of groups, not a " + root.kind(),
                    "start with 'all:' and put hosts under 'all: hosts:'")));
        }
        Optional<YamlNode> plugin = top.get("plugin");
        if (plugin.isPresent() && !(plugin.get() instanceof YamlNode.Scalar p && (p.isNull() || p.text().isEmpty()))) {
            return Optional.of(List.of(Problem.at(plugin.get().position(),
                    "this is the configuration of an inventory plugin, which herd does not run",
                    "write the hosts and groups in Ansible's YAML or INI inventory format")));
        }
        YamlInventory reader = new YamlInventory(builder);
        for (YamlNode.Entry entry : top.entries()) {
            reader.group(entry.key(), entry.value(), entry.keyPosition());
        }
        return Optional.empty();
    }

    private GroupDraft group(String name, YamlNode node, Position at) {
        GroupDraft group = builder.group(name, at);
        if (node instanceof YamlNode.Scalar s && s.isNull()) {
            return group;
        }
        Fields fields = Fields.of(node, "group ('" + name + "')", problems);
        if (fields == null) {
            return group;
        }
        fields.checkKeys(GROUP_KEYS, Map.of());
        for (YamlNode.Entry entry : fields.mapping().entries()) {
            if (!GROUP_KEYS.contains(entry.key())) {
                continue;
            }
            List<YamlNode.Entry> items = section(entry.key(), entry.value(), name);
            switch (entry.key()) {
                case "vars" -> items.forEach(v -> builder.set(group, v.key(), v.value().toPlain(), v.keyPosition()));
                case "children" -> {
                    for (YamlNode.Entry child : items) {
                        GroupDraft sub = group(child.key(), child.value(), child.keyPosition());
                        builder.addChild(group, sub, child.keyPosition());
                    }
                }
                default -> items.forEach(host -> hosts(group, host));
            }
        }
        return group;
    }

    /** A section's entries; a plain string stands for a mapping with that one key, as in Ansible. */
    private List<YamlNode.Entry> section(String key, YamlNode value, String group) {
        if (value instanceof YamlNode.Mapping m) {
            return m.entries();
        }
        if (value instanceof YamlNode.Scalar s && s.isNull()) {
            return List.of();
        }
        if (value instanceof YamlNode.Scalar s && s.value() instanceof String text) {
            return List.of(new YamlNode.Entry(text, s.position(), new YamlNode.Scalar(null, "", s.position())));
        }
        problems.add(Problem.at(value.position(), "'" + key + "' must be a mapping, not a " + value.kind()));
        return new ArrayList<>();
    }

    private void hosts(GroupDraft group, YamlNode.Entry entry) {
        HostRange.Expansion expansion;
        try {
            expansion = HostRange.expand(entry.key());
        } catch (HostRange.BadRange e) {
            problems.add(Problem.at(entry.keyPosition(), "bad host range in '" + entry.key() + "': " + e.getMessage()));
            return;
        }
        YamlNode value = entry.value();
        List<YamlNode.Entry> vars = List.of();
        if (value instanceof YamlNode.Mapping m) {
            vars = m.entries();
        } else if (!(value instanceof YamlNode.Scalar s && !truthy(s.value()))) {
            problems.add(Problem.at(value.position(),
                    "the variables of host '" + entry.key() + "' must be a mapping, not a " + value.kind()));
            return;
        }
        for (String name : expansion.hosts()) {
            if (name.isEmpty()) {
                problems.add(Problem.at(entry.keyPosition(), "a host name cannot be empty"));
                continue;
            }
            InventoryBuilder.HostDraft host = builder.host(name, entry.keyPosition(), group, expansion.port());
            vars.forEach(v -> builder.set(host, v.key(), v.value().toPlain()));
        }
    }

    /** Python's truth of a scalar: Ansible writes {@code data or {}}, so a falsy value means no variables. */
    private static boolean truthy(Object value) {
        return switch (value) {
            case null -> false;
            case Boolean b -> b;
            case String s -> !s.isEmpty();
            case Long l -> l != 0;
            case Double d -> d != 0;
            case java.math.BigInteger b -> b.signum() != 0;
            default -> true;
        };
    }
}
