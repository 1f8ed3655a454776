package herd.engine.run;

import java.util.AbstractMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import herd.engine.template.Templates;

/**
 * Ansible's {@code hostvars} while the run goes on: each host's inventory variables with what its
 * tasks registered or set so far ({@code hostvars['app1'].result.stdout}). A host's map is built when
 * a template reads it, so no step pays for every host.
 */
final class LiveHostVars extends AbstractMap<String, Object> implements Templates.Opaque {
    private final java.util.function.Supplier<Map<String, Map<String, Object>>> inventory;
    private final Function<String, Map<String, Object>> facts;

    /** @param inventory every host's inventory variables, as add_host leaves them so far */
    LiveHostVars(java.util.function.Supplier<Map<String, Map<String, Object>>> inventory,
                 Function<String, Map<String, Object>> facts) {
        this.inventory = inventory;
        this.facts = facts;
    }

    LiveHostVars(Map<String, Map<String, Object>> inventory, Function<String, Map<String, Object>> facts) {
        this(() -> inventory, facts);
    }

    @Override
    public Object get(Object host) {
        Map<String, Object> vars = inventory.get().get(host);
        if (vars == null) {
            return null;
        }
        Map<String, Object> set = facts.apply((String) host);
        if (set == null || set.isEmpty()) {
            return vars;
        }
        Map<String, Object> merged = new LinkedHashMap<>(vars);
        synchronized (set) {
            merged.putAll(set);
        }
        return merged;
    }

    @Override
    public boolean containsKey(Object host) {
        return inventory.get().containsKey(host);
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
        Map<String, Object> all = new LinkedHashMap<>();
        inventory.get().keySet().forEach(host -> all.put(host, get(host)));
        return all.entrySet();
    }
}
