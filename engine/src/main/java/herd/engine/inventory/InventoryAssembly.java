package herd.engine.inventory;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import herd.engine.inventory.InventoryBuilder.GroupDraft;
import herd.engine.inventory.InventoryBuilder.HostDraft;

/**
 * Turns the built inventory into the immutable {@link Inventory}, merging each host's variables in
 * the order of Ansible's variable manager (its default VARIABLE_PRECEDENCE), lowest first:
 * <ol>
 * <li>the {@code all} group's variables from the inventory files;</li>
 * <li>the other groups' variables from the inventory files, by depth, then ansible_group_priority, then name;</li>
 * <li>{@code group_vars/all} beside each inventory source, in source order;</li>
 * <li>{@code group_vars/all} beside the playbook;</li>
 * <li>{@code group_vars/GROUP} beside each inventory source (source by source, groups in the order of 2.);</li>
 * <li>{@code group_vars/GROUP} beside the playbook;</li>
 * <li>the host's variables from the inventory files;</li>
 * <li>{@code host_vars/HOST} beside each inventory source;</li>
 * <li>{@code host_vars/HOST} beside the playbook.</li>
 * </ol>
 * A variable set again replaces the earlier value whole (Ansible's default hash_behaviour).
 */
final class InventoryAssembly {
    private final List<VarsDirectory> sources;
    private final Optional<VarsDirectory> playbook;
    private final Map<GroupDraft, Integer> depth = new HashMap<>();

    private InventoryAssembly(List<VarsDirectory> sources, Optional<VarsDirectory> playbook) {
        this.sources = sources;
        this.playbook = playbook;
    }

    static Inventory build(InventoryBuilder builder, List<VarsDirectory> sources, Optional<VarsDirectory> playbook) {
        return new InventoryAssembly(sources, playbook).build(builder);
    }

    private Inventory build(InventoryBuilder builder) {
        GroupDraft all = builder.existing(InventoryBuilder.ALL).orElseThrow();
        for (GroupDraft g : builder.groups()) {
            depthOf(g);
        }
        List<Host> hosts = new ArrayList<>();
        for (HostDraft host : builder.hosts()) {
            List<GroupDraft> groups = new ArrayList<>(host.allGroups());
            groups.remove(all);
            groups.sort(Comparator.<GroupDraft>comparingInt(depth::get).thenComparingInt(g -> g.priority)
                    .thenComparing(g -> g.name));
            hosts.add(new Host(host.name, vars(all, groups, host), groups.stream().map(g -> g.name).sorted().toList()));
        }
        List<Group> groups = new ArrayList<>();
        for (GroupDraft g : builder.groups()) {
            Map<String, Object> vars = new LinkedHashMap<>(g.vars);
            sources.forEach(dir -> vars.putAll(dir.groupVars(g.name)));
            playbook.ifPresent(dir -> vars.putAll(dir.groupVars(g.name)));
            if (g.priority != 1) {
                // As ansible-inventory shows a group's variables; the priority itself is not a variable.
                vars.put("ansible_group_priority", (long) g.priority);
            }
            groups.add(new Group(g.name, g.hosts.stream().map(h -> h.name).toList(),
                    g.children.stream().map(c -> c.name).toList(), vars, g.position));
        }
        return new Inventory(hosts, groups);
    }

    private Map<String, Object> vars(GroupDraft all, List<GroupDraft> groups, HostDraft host) {
        Map<String, Object> vars = new LinkedHashMap<>(all.vars);
        groups.forEach(g -> vars.putAll(g.vars));
        sources.forEach(dir -> vars.putAll(dir.groupVars(all.name)));
        playbook.ifPresent(dir -> vars.putAll(dir.groupVars(all.name)));
        for (VarsDirectory dir : sources) {
            groups.forEach(g -> vars.putAll(dir.groupVars(g.name)));
        }
        playbook.ifPresent(dir -> groups.forEach(g -> vars.putAll(dir.groupVars(g.name))));
        vars.putAll(host.vars);
        sources.forEach(dir -> vars.putAll(dir.hostVars(host.name)));
        playbook.ifPresent(dir -> vars.putAll(dir.hostVars(host.name)));
        return vars;
    }

    /** The longest path from a group without parents ({@code all}, once reconciled), as Ansible's group depth. */
    private int depthOf(GroupDraft g) {
        Integer known = depth.get(g);
        if (known != null) {
            return known;
        }
        int d = 0;
        for (GroupDraft parent : g.parents) {
            d = Math.max(d, depthOf(parent) + 1);
        }
        depth.put(g, d);
        return d;
    }
}
