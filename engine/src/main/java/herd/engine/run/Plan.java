package herd.engine.run;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import herd.engine.inventory.Inventory;
import herd.engine.playbook.Playbook;
import herd.engine.transport.Endpoint;

/** Everything checked and resolved before anything runs: plays with their hosts, and each host's endpoint. */
public record Plan(Playbook playbook, Inventory inventory, List<PlannedPlay> plays, Map<String, Object> extraVars,
                   Map<String, Endpoint> endpoints) {
    public Plan {
        plays = List.copyOf(plays);
        extraVars = Collections.unmodifiableMap(new LinkedHashMap<>(extraVars));
        endpoints = Collections.unmodifiableMap(new LinkedHashMap<>(endpoints));
    }
}
