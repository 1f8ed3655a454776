package herd.engine.facts;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Ansible's {@code gather_subset} as its setup module reads it on Linux: the collectors (and the fact
 * names that stand for their collector), {@code all}, {@code min}, and {@code !x} exclusions, the
 * minimal set always kept, then the collectors the chosen ones need.
 */
public final class Subsets {
    /** Every Linux collector, in the order Ansible runs them, with the fact names that select it. */
    static final Map<String, Set<String>> COLLECTORS = collectors();

    /** What {@code min} means, and what is gathered even with {@code !all}. */
    static final Set<String> MINIMAL = Set.of("apparmor", "caps", "cmdline", "date_time", "distribution", "dns", "env",
            "fips", "local", "lsb", "pkg_mgr", "platform", "python", "selinux", "service_mgr", "ssh_pub_keys", "user");

    private static final Map<String, Set<String>> REQUIRES = Map.of(
            "network", Set.of("distribution", "platform"),
            "hardware", Set.of("platform"),
            "pkg_mgr", Set.of("distribution"),
            "service_mgr", Set.of("platform", "distribution"));

    private Subsets() {
    }

    private static Map<String, Set<String>> collectors() {
        Map<String, Set<String>> m = new LinkedHashMap<>();
        m.put("platform", Set.of("system", "kernel", "kernel_version", "machine", "python_version", "architecture",
                "machine_id"));
        m.put("distribution", Set.of("distribution_version", "distribution_release", "distribution_major_version",
                "os_family"));
        m.put("lsb", Set.of());
        m.put("selinux", Set.of());
        m.put("apparmor", Set.of());
        m.put("chroot", Set.of("is_chroot"));
        m.put("fips", Set.of());
        m.put("python", Set.of());
        m.put("caps", Set.of("system_capabilities", "system_capabilities_enforced"));
        m.put("pkg_mgr", Set.of());
        m.put("service_mgr", Set.of());
        m.put("cmdline", Set.of());
        m.put("date_time", Set.of());
        m.put("env", Set.of());
        m.put("loadavg", Set.of());
        m.put("ssh_pub_keys", Set.of("ssh_host_pub_keys", "ssh_host_key_dsa_public", "ssh_host_key_rsa_public",
                "ssh_host_key_ecdsa_public", "ssh_host_key_ed25519_public"));
        m.put("user", Set.of("user_id", "user_uid", "user_gid", "user_gecos", "user_dir", "user_shell", "real_user_id",
                "effective_user_id", "effective_group_ids"));
        m.put("virtual", Set.of("virtualization_type", "virtualization_role", "virtualization_tech_guest",
                "virtualization_tech_host"));
        m.put("hardware", Set.of("processor", "processor_cores", "processor_count", "mounts", "devices"));
        m.put("dns", Set.of());
        m.put("fibre_channel_wwn", Set.of());
        m.put("network", Set.of("interfaces", "default_ipv4", "default_ipv6", "all_ipv4_addresses",
                "all_ipv6_addresses"));
        m.put("iscsi", Set.of());
        m.put("nvme", Set.of());
        m.put("local", Set.of());
        m.put("facter", Set.of("facter"));
        m.put("ohai", Set.of());
        return java.util.Collections.unmodifiableMap(m);
    }

    /**
     * The collectors a {@code gather_subset} selects, in Ansible's order.
     *
     * @throws IllegalArgumentException a subset Ansible does not know, with Ansible's message
     */
    public static List<String> collectors(List<String> gatherSubset) {
        Set<String> valid = new LinkedHashSet<>(COLLECTORS.keySet());
        COLLECTORS.values().forEach(valid::addAll);
        List<String> spec = new ArrayList<>();
        spec.add("min");
        spec.addAll(gatherSubset.isEmpty() ? List.of("all") : gatherSubset);
        Set<String> add = new LinkedHashSet<>();
        Set<String> exclude = new LinkedHashSet<>();
        Set<String> explicit = new LinkedHashSet<>();
        for (String subset : spec) {
            switch (subset) {
                case "min" -> add.addAll(MINIMAL);
                case "all" -> add.addAll(valid);
                case "!min" -> exclude.addAll(MINIMAL);
                case "!all" -> {
                    Set<String> rest = new LinkedHashSet<>(valid);
                    rest.removeAll(MINIMAL);
                    exclude.addAll(rest);
                }
                default -> {
                    if (subset.startsWith("!")) {
                        String name = subset.substring(1);
                        exclude.add(name);
                        exclude.addAll(COLLECTORS.getOrDefault(name, Set.of()));
                    } else if (!valid.contains(subset)) {
                        throw new IllegalArgumentException("Bad subset '" + subset + "' given to Ansible. gather_subset"
                                + " options allowed: all, " + String.join(", ", new TreeSet<>(valid)));
                    } else {
                        explicit.add(subset);
                        add.add(subset);
                    }
                }
            }
        }
        if (add.isEmpty()) {
            add.addAll(valid);
        }
        Set<String> removed = new LinkedHashSet<>(exclude);
        removed.removeAll(explicit);
        add.removeAll(removed);
        Set<String> chosen = new LinkedHashSet<>();
        for (String name : add) {
            chosen.add(collectorOf(name));
        }
        boolean grew = true;
        while (grew) {
            grew = false;
            for (String name : List.copyOf(chosen)) {
                for (String needed : REQUIRES.getOrDefault(name, Set.of())) {
                    grew |= chosen.add(needed);
                }
            }
        }
        return COLLECTORS.keySet().stream().filter(chosen::contains).toList();
    }

    private static String collectorOf(String name) {
        if (COLLECTORS.containsKey(name)) {
            return name;
        }
        for (Map.Entry<String, Set<String>> e : COLLECTORS.entrySet()) {
            if (e.getValue().contains(name)) {
                return e.getKey();
            }
        }
        throw new IllegalStateException(name);
    }
}
