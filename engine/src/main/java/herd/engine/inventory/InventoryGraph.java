package herd.engine.inventory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The inventory as a tree, as {@code ansible-inventory --graph --vars} draws it: each group with
 * its child groups, its own hosts with their merged variables, then the group's variables (from the
 * inventory files and the group_vars/ folders). With a pattern, only the hosts it selects, and
 * only the groups that hold one of them.
 */
public final class InventoryGraph {
    private InventoryGraph() {
    }

    public static String text(Inventory inventory, Optional<String> pattern) {
        Set<String> selected = InventoryListing.selected(inventory, pattern);
        List<String> lines = new ArrayList<>();
        new Drawing(inventory, selected, pattern.isPresent(), lines).group(inventory.groups().get(InventoryBuilder.ALL), 0);
        return String.join("\n", lines) + "\n";
    }

    private record Drawing(Inventory inventory, Set<String> selected, boolean filtered, List<String> lines) {
        void group(Group group, int depth) {
            lines.add(name("@" + group.name() + ":", depth));
            int inner = depth + 1;
            for (String child : group.children()) {
                if (!filtered || inventory.members(child).stream().anyMatch(selected::contains)) {
                    group(inventory.groups().get(child), inner);
                }
            }
            if (!group.name().equals(InventoryBuilder.ALL)) {
                for (String host : group.hosts()) {
                    if (selected.contains(host)) {
                        lines.add(name(host, inner));
                        vars(InventoryListing.shownVars(inventory.hosts().get(host).vars()), inner + 1);
                    }
                }
            }
            vars(InventoryListing.shownVars(group.vars()), inner);
        }

        void vars(Map<String, Object> vars, int depth) {
            new TreeMap<>(vars).forEach((k, v) -> lines.add(name("{" + k + " = " + PythonText.str(v) + "}", depth)));
        }

        static String name(String text, int depth) {
            return depth == 0 ? text : "  |".repeat(depth) + "--" + text;
        }
    }
}
