package herd.engine.run;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import herd.engine.inventory.Host;
import herd.engine.inventory.Inventory;
import herd.engine.playbook.Play;

/**
 * A play with the hosts it targets after patterns and --limit.
 *
 * @param varsFiles per host, what the play's vars_files hold for it (their paths may be templates)
 * @param pattern   the play's host pattern with its templates filled, and --limit's: they select the
 *                  play's hosts again when add_host or group_by changed the inventory before the play
 */
public record PlannedPlay(Play play, List<Host> hosts, Map<String, Map<String, Object>> varsFiles,
                          Optional<String> pattern, Optional<String> limit) {
    public PlannedPlay {
        hosts = List.copyOf(hosts);
        varsFiles = Collections.unmodifiableMap(new LinkedHashMap<>(varsFiles));
    }

    public PlannedPlay(Play play, List<Host> hosts, Map<String, Map<String, Object>> varsFiles) {
        this(play, hosts, varsFiles, Optional.empty(), Optional.empty());
    }

    public PlannedPlay(Play play, List<Host> hosts) {
        this(play, hosts, Map.of());
    }

    /** The play's hosts in this inventory: the planned ones, unless add_host or group_by changed it. */
    List<Host> hostsIn(Inventory inventory, Inventory planned) {
        if (inventory == planned || pattern.isEmpty()) {
            return hosts;
        }
        List<Host> selected = new java.util.ArrayList<>(inventory.select(pattern.get()));
        if (limit.isPresent()) {
            Set<String> kept = new java.util.HashSet<>(inventory.select(limit.get()).stream().map(Host::name).toList());
            selected.removeIf(h -> !kept.contains(h.name()));
        }
        return Planner.ordered(play, selected);
    }

    /** The host's variables before any task: inventory, play, vars_files, roles, -e, magic. */
    Variables variables(Inventory inventory, Host host, List<String> playHosts, Map<String, Object> extraVars) {
        return Variables.of(inventory, host, play, playHosts, extraVars)
                .with(Variables.Layer.VARS_FILES, varsFiles.getOrDefault(host.name(), Map.of()));
    }
}
