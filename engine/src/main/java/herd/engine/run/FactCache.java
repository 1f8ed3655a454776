package herd.engine.run;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Ansible's fact cache for one run: the facts modules returned for each host ({@code ansible_facts}
 * of setup, gather_facts, service_facts), merged key by key as they come, and the variables they give
 * the host: {@code ansible_facts} (the names without their {@code ansible_} prefix) and each fact as a
 * variable of its own ({@code ansible_hostname}), as Ansible injects them (INJECT_FACTS_AS_VARS),
 * below the play's vars.
 */
final class FactCache {
    private final Map<String, Map<String, Object>> facts = new ConcurrentHashMap<>();
    private final Map<String, Map<String, Object>> vars = new ConcurrentHashMap<>();

    /** The facts a module returned for the host, over those it had. */
    synchronized void add(String host, Map<String, Object> returned) {
        Map<String, Object> all = new LinkedHashMap<>(facts.getOrDefault(host, Map.of()));
        all.putAll(returned);
        facts.put(host, all);
        vars.put(host, Collections.unmodifiableMap(variables(all)));
    }

    /** The variables the host's facts give; empty before any were gathered. */
    Map<String, Object> vars(String host) {
        return vars.getOrDefault(host, Map.of());
    }

    private static Map<String, Object> variables(Map<String, Object> all) {
        Map<String, Object> namespaced = new LinkedHashMap<>();
        Map<String, Object> out = new LinkedHashMap<>();
        all.forEach((name, value) -> {
            namespaced.put(name.startsWith("ansible_") && !name.equals("ansible_local") ? name.substring(8) : name, value);
            if (!restricted(name)) {
                out.put(name, value);
            }
        });
        out.put("ansible_facts", Collections.unmodifiableMap(namespaced));
        return out;
    }

    /** Names a fact may not set as a variable (connection settings, interpreters, internal keys), as Ansible's clean_facts. */
    static boolean restricted(String name) {
        if (name.startsWith("ansible_ssh_host_key_")) {
            return false;
        }
        return name.startsWith("_ansible_") || name.matches("ansible_.*_interpreter")
                || name.matches("ansible_(host|port|user|connection|password|shell_type|shell_executable|facts)")
                || name.matches("ansible_(become|ssh_|local_|paramiko_|winrm_|psrp_).*");
    }
}
