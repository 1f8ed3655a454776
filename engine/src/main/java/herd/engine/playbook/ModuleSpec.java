package herd.engine.playbook;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The arguments a mapping-style module accepts, for checking a playbook before anything runs.
 * {@code anyArgs} modules (set_fact) take any variable names.
 */
public record ModuleSpec(String name, Set<String> args, Set<String> required, boolean anyArgs) {

    private static final Map<String, ModuleSpec> SPECS = specs();

    /** The spec for a module name as written, fully qualified names included. */
    public static Optional<ModuleSpec> of(String written) {
        return Optional.ofNullable(SPECS.get(written));
    }

    public static Set<String> names() {
        return SPECS.keySet();
    }

    private static Map<String, ModuleSpec> specs() {
        Map<String, ModuleSpec> m = new LinkedHashMap<>();
        List<ModuleSpec> builtin = List.of(
                new ModuleSpec("wait_for", Set.of("host", "port", "path", "state", "timeout", "delay", "sleep", "msg",
                        "connect_timeout"), Set.of(), false),
                new ModuleSpec("uri", Set.of("url", "method", "status_code", "timeout", "return_content", "headers",
                        "body"), Set.of("url"), false),
                new ModuleSpec("debug", Set.of("msg", "var", "verbosity"), Set.of(), false),
                new ModuleSpec("fail", Set.of("msg"), Set.of(), false),
                new ModuleSpec("assert", Set.of("that", "fail_msg", "msg", "success_msg", "quiet"), Set.of("that"), false),
                new ModuleSpec("set_fact", Set.of(), Set.of(), true),
                new ModuleSpec("pause", Set.of("seconds", "minutes", "prompt", "echo"), Set.of(), false));
        for (ModuleSpec spec : builtin) {
            m.put(spec.name(), spec);
            m.put("ansible.builtin." + spec.name(), spec);
            m.put("ansible.legacy." + spec.name(), spec);
        }
        ModuleSpec supervisorctl = new ModuleSpec("supervisorctl", Set.of("name", "state", "config",
                "supervisorctl_path", "server_url"), Set.of("name", "state"), false);
        m.put("supervisorctl", supervisorctl);
        m.put("community.general.supervisorctl", supervisorctl);
        ModuleSpec haproxy = new ModuleSpec("haproxy", Set.of("state", "backend", "host", "socket", "wait",
                "wait_interval", "wait_retries", "drain", "shutdown_sessions"), Set.of("host", "state"), false);
        m.put("haproxy", haproxy);
        m.put("community.general.haproxy", haproxy);
        m.put("haproxy_info", new ModuleSpec("haproxy_info", Set.of("backend", "socket"), Set.of(), false));
        return Map.copyOf(m);
    }
}
