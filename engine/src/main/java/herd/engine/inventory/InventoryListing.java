package herd.engine.inventory;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * The inventory in the shape of {@code ansible-inventory --list}: a key per group with its own
 * {@code hosts} and {@code children} (empty lists and empty groups left out, {@code all} without
 * hosts), and {@code _meta.hostvars} with every host's merged variables (hosts without variables
 * left out, Ansible's internal variables removed). With a pattern, only the hosts it selects, as
 * {@code ansible-inventory --list --limit PATTERN} of ansible-core 2.15 and later: groups keep their
 * children, and a group left with no hosts and no children is left out.
 */
public final class InventoryListing {
    /** What ansible-inventory removes from the variables it prints (its INTERNAL_VARS). */
    static final Set<String> INTERNAL_VARS = Set.of("ansible_diff_mode", "ansible_config_file", "ansible_facts",
            "ansible_forks", "ansible_inventory_sources", "ansible_limit", "ansible_playbook_python", "ansible_run_tags",
            "ansible_skip_tags", "ansible_verbosity", "ansible_version", "inventory_dir", "inventory_file",
            "inventory_hostname", "inventory_hostname_short", "groups", "group_names", "omit", "playbook_dir");

    private InventoryListing() {
    }

    /** The listing as plain data (maps, lists and variable values). */
    public static Map<String, Object> tree(Inventory inventory, Optional<String> pattern) {
        Set<String> selected = selected(inventory, pattern);
        Map<String, Object> out = new LinkedHashMap<>();
        group(inventory, inventory.groups().get(InventoryBuilder.ALL), selected, out, new HashSet<>());
        Map<String, Object> hostvars = new LinkedHashMap<>();
        for (Host host : inventory.hosts().values()) {
            Map<String, Object> vars = shownVars(host.vars());
            if (selected.contains(host.name()) && !vars.isEmpty()) {
                hostvars.put(host.name(), vars);
            }
        }
        out.put("_meta", Map.of("hostvars", hostvars));
        return out;
    }

    /** The listing as ansible-inventory prints it: JSON, keys sorted, indented by four spaces. */
    public static String json(Inventory inventory, Optional<String> pattern) {
        ObjectMapper mapper = new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true)
                .registerModule(PythonJson.module());
        StringWriter out = new StringWriter();
        try (JsonGenerator generator = mapper.createGenerator(out)) {
            generator.setPrettyPrinter(new PythonJson.Indent());
            mapper.writeValue(generator, tree(inventory, pattern));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    static Set<String> selected(Inventory inventory, Optional<String> pattern) {
        Set<String> names = new LinkedHashSet<>();
        if (pattern.isEmpty()) {
            names.addAll(inventory.hosts().keySet());
        } else {
            inventory.select(pattern.get()).forEach(h -> names.add(h.name()));
        }
        return names;
    }

    /** A host's variables without the ones Ansible computes itself. */
    static Map<String, Object> shownVars(Map<String, Object> vars) {
        Map<String, Object> out = new LinkedHashMap<>(vars);
        out.keySet().removeAll(INTERNAL_VARS);
        return out;
    }

    private static void group(Inventory inventory, Group group, Set<String> selected, Map<String, Object> out,
                              Set<String> seen) {
        Map<String, Object> entry = new LinkedHashMap<>();
        out.put(group.name(), entry);
        if (!group.name().equals(InventoryBuilder.ALL)) {
            List<String> hosts = group.hosts().stream().filter(selected::contains).toList();
            if (!hosts.isEmpty()) {
                entry.put("hosts", hosts);
            }
        }
        List<String> children = new ArrayList<>();
        for (String child : group.children()) {
            children.add(child);
            if (seen.add(child)) {
                group(inventory, inventory.groups().get(child), selected, out, seen);
            }
        }
        if (!children.isEmpty()) {
            entry.put("children", children);
        }
        if (entry.isEmpty()) {
            out.remove(group.name());
        }
    }
}
