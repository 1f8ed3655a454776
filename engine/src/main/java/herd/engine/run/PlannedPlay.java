package herd.engine.run;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import herd.engine.inventory.Host;
import herd.engine.inventory.Inventory;
import herd.engine.playbook.Play;

/**
 * A play with the hosts it targets after patterns and --limit.
 *
 * @param varsFiles per host, what the play's vars_files hold for it (their paths may be templates)
 */
public record PlannedPlay(Play play, List<Host> hosts, Map<String, Map<String, Object>> varsFiles) {
    public PlannedPlay {
        hosts = List.copyOf(hosts);
        varsFiles = Collections.unmodifiableMap(new LinkedHashMap<>(varsFiles));
    }

    public PlannedPlay(Play play, List<Host> hosts) {
        this(play, hosts, Map.of());
    }

    /** The host's variables before any task: inventory, play, vars_files, roles, -e, magic. */
    Variables variables(Inventory inventory, Host host, List<String> playHosts, Map<String, Object> extraVars) {
        return Variables.of(inventory, host, play, playHosts, extraVars)
                .with(Variables.Layer.VARS_FILES, varsFiles.getOrDefault(host.name(), Map.of()));
    }
}
