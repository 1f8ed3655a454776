package herd.engine.run;

import java.util.List;
import java.util.Map;

import herd.engine.inventory.Host;
import herd.engine.inventory.Inventory;
import herd.engine.playbook.Play;

/**
 * The variables a template sees on one host in one play, before any task: inventory (groups, then
 * host) under play vars under extra vars, plus the magic variables ({@link Variables} has the layers).
 */
public final class Scope {
    private Scope() {
    }

    public static Map<String, Object> of(Inventory inventory, Host host, Play play, List<String> playHosts,
                                         Map<String, Object> extraVars) {
        return Variables.of(inventory, host, play, playHosts, extraVars).merged();
    }
}
