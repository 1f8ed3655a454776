package herd.engine.facts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/**
 * herd's facts from what its gathering program read on a bookworm test container, against what
 * Ansible 2.14's setup gave on the same container a moment later (both captured, in test resources).
 */
class FactsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Facts that stay the same between two gatherings, compared value for value. */
    private static final List<String> EXACT = List.of("hostname", "nodename", "fqdn", "domain", "default_ipv4",
            "default_ipv6", "all_ipv4_addresses", "all_ipv6_addresses", "lo", "eth0", "distribution",
            "distribution_version", "distribution_major_version", "distribution_minor_version", "distribution_release",
            "distribution_file_path", "distribution_file_variety", "distribution_file_parsed", "os_family", "system",
            "kernel", "kernel_version", "architecture", "machine", "userspace_bits", "userspace_architecture",
            "processor", "processor_count", "processor_cores", "processor_threads_per_core", "processor_vcpus",
            "processor_nproc", "memtotal_mb", "swaptotal_mb", "swapfree_mb", "service_mgr", "pkg_mgr",
            "python_version", "python", "user_id", "user_uid", "user_gid", "user_dir", "user_shell", "user_gecos",
            "real_user_id", "effective_user_id", "real_group_id", "effective_group_id", "lsb", "virtualization_type",
            "virtualization_role", "selinux", "selinux_python_present", "apparmor", "fips", "local", "dns", "cmdline",
            "proc_cmdline", "hostnqn", "iscsi_iqn", "fibre_channel_wwn", "is_chroot", "system_capabilities",
            "system_capabilities_enforced", "ssh_host_key_rsa_public", "ssh_host_key_ed25519_public",
            "ssh_host_key_ecdsa_public_keytype");

    private static JsonNode resource(String name) throws IOException {
        try (InputStream in = FactsTest.class.getResourceAsStream(name)) {
            return JSON.readTree(in);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> herdFacts(List<String> subset, List<String> filter) throws IOException {
        Map<String, Object> raw = JSON.convertValue(resource("bookworm-raw.json"), LinkedHashMap.class);
        return Facts.of(raw, subset, filter, new ArrayList<>());
    }

    @Test
    void factsEqualAnsibleSetupOnTheSameHost() throws IOException {
        JsonNode ansible = resource("bookworm-setup.json").get("ansible_facts");
        JsonNode herd = JSON.readTree(JSON.writeValueAsString(herdFacts(List.of("all"), List.of())));
        List<String> differing = new ArrayList<>();
        for (String key : EXACT) {
            JsonNode a = ansible.get("ansible_" + key);
            JsonNode h = herd.get("ansible_" + key);
            if (a == null ? h != null : !a.equals(h)) {
                differing.add(key + ": ansible " + a + ", herd " + h);
            }
        }
        // the order of /sys/class/net differs from one listing to the next
        if (!sorted(ansible.get("ansible_interfaces")).equals(sorted(herd.get("ansible_interfaces")))) {
            differing.add("interfaces: ansible " + ansible.get("ansible_interfaces") + ", herd " + herd.get("ansible_interfaces"));
        }
        assertEquals(List.of(), differing);
    }

    @Test
    void volatileFactsHaveAnsiblesShape() throws IOException {
        JsonNode ansible = resource("bookworm-setup.json").get("ansible_facts");
        JsonNode herd = JSON.readTree(JSON.writeValueAsString(herdFacts(List.of("all"), List.of())));
        for (String key : List.of("date_time", "memory_mb", "loadavg")) {
            assertEquals(fieldNames(ansible.get("ansible_" + key)), fieldNames(herd.get("ansible_" + key)), key);
        }
        // Ansible's ssh connection asks for a terminal (SSH_TTY, TERM); herd's does not
        Set<String> env = fieldNames(ansible.get("ansible_env"));
        env.removeAll(Set.of("SSH_TTY", "TERM"));
        assertEquals(env, fieldNames(herd.get("ansible_env")));
        assertTrue(herd.get("ansible_uptime_seconds").isIntegralNumber());
        assertTrue(herd.get("ansible_memfree_mb").isIntegralNumber());
        assertEquals(mounts(ansible), mounts(herd));
        JsonNode dt = herd.get("ansible_date_time");
        assertTrue(dt.get("iso8601_micro").asText().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z"), dt.toString());
        assertEquals(dt.get("epoch").asText(), dt.get("epoch_int").asText());
        Set<String> missing = new TreeSet<>();
        ansible.fieldNames().forEachRemaining(missing::add);
        herd.fieldNames().forEachRemaining(missing::remove);
        // DMI, block devices, LVM and ethtool are not gathered (README: known differences)
        missing.removeIf(k -> k.matches("ansible_(bios|board|chassis|product|system_vendor|form_factor|devices|device_links|lvm).*"));
        // the module adds it, as Ansible's interpreter discovery does
        missing.remove("discovered_interpreter_python");
        assertEquals(Set.of(), missing);
    }

    /** Each mount's point, device, type, options and uuid, and the names of its fields. */
    private static Set<String> mounts(JsonNode facts) {
        Set<String> out = new TreeSet<>();
        for (JsonNode m : facts.get("ansible_mounts")) {
            out.add(m.get("mount").asText() + " " + m.get("device").asText() + " " + m.get("fstype").asText() + " "
                    + m.get("options").asText() + " " + m.get("uuid").asText() + " " + fieldNames(m) + " "
                    + m.get("size_total") + " " + m.get("block_total") + " " + m.get("inode_total"));
        }
        return out;
    }

    private static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new TreeSet<>();
        Iterator<String> it = node.fieldNames();
        it.forEachRemaining(names::add);
        return names;
    }

    private static Set<String> sorted(JsonNode list) {
        Set<String> out = new TreeSet<>();
        list.forEach(n -> out.add(n.asText()));
        return out;
    }

    @Test
    void minimalSubsetLeavesOutHardwareNetworkAndVirtual() throws IOException {
        Map<String, Object> facts = herdFacts(List.of("!all"), List.of());
        assertTrue(facts.containsKey("ansible_distribution"));
        assertTrue(facts.containsKey("ansible_hostname"));
        assertFalse(facts.containsKey("ansible_default_ipv4"));
        assertFalse(facts.containsKey("ansible_mounts"));
        assertFalse(facts.containsKey("ansible_virtualization_type"));
        assertEquals(List.of("!all"), facts.get("gather_subset"));
    }

    @Test
    void subsetsAsAnsibleReadsThem() {
        assertEquals(List.of("platform", "distribution", "lsb", "selinux", "apparmor", "fips", "python", "caps",
                "pkg_mgr", "service_mgr", "cmdline", "date_time", "env", "ssh_pub_keys", "user", "dns", "network", "local"),
                Subsets.collectors(List.of("!all", "network")));
        assertFalse(Subsets.collectors(List.of("all", "!hardware")).contains("hardware"));
        assertTrue(Subsets.collectors(List.of("all", "!hardware")).contains("network"));
        // a fact name selects its collector
        assertTrue(Subsets.collectors(List.of("!all", "processor")).contains("hardware"));
        // an explicit one wins over an exclusion
        assertTrue(Subsets.collectors(List.of("!all", "!virtual", "virtual")).contains("virtual"));
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> Subsets.collectors(List.of("nonsense")));
        assertTrue(bad.getMessage().startsWith("Bad subset 'nonsense' given to Ansible. gather_subset options allowed: all, "),
                bad.getMessage());
    }

    @Test
    void filterKeepsMatchingNamesWithOrWithoutThePrefix() throws IOException {
        Map<String, Object> facts = herdFacts(List.of("all"), List.of("ansible_distribution*", "hostname"));
        assertEquals(Set.of("ansible_distribution", "ansible_distribution_version", "ansible_distribution_major_version",
                "ansible_distribution_minor_version", "ansible_distribution_release", "ansible_distribution_file_path",
                "ansible_distribution_file_variety", "ansible_distribution_file_parsed", "ansible_hostname"),
                facts.keySet());
    }

    @Test
    void localFactsReadJsonThenIni() {
        List<String> warnings = new ArrayList<>();
        assertEquals(Map.of("a", 1), LocalFacts.parse("{\"a\": 1}", "/x/a.fact", warnings));
        assertEquals(Map.of("general", Map.of("name", "web", "port", "80")),
                LocalFacts.parse("[general]\nName = web\nport: 80\n", "/x/b.fact", warnings));
        assertEquals(Map.of(), LocalFacts.parse("", "/x/e.fact", warnings));
        assertEquals("error loading facts as JSON or ini - please check content: /x/c.fact",
                LocalFacts.parse("just text", "/x/c.fact", warnings));
        assertEquals(List.of("error loading facts as JSON or ini - please check content: /x/c.fact"), warnings);
    }

    @Test
    void kernelCommandLineAsPythonsShlexWithoutPosix() {
        assertEquals(List.of("ro", "root=/dev/sda1", "a=\"b c\"", "quiet"),
                SystemFacts.shlexNonPosix("ro  root=/dev/sda1 a=\"b c\" quiet\n"));
    }

    @Test
    void fnmatchPatterns() {
        assertTrue(Facts.fnmatch("ansible_eth[0-9]").matcher("ansible_eth0").matches());
        assertFalse(Facts.fnmatch("ansible_eth[!0-9]").matcher("ansible_eth0").matches());
        assertTrue(Facts.fnmatch("*_mb").matcher("ansible_memtotal_mb").matches());
        assertFalse(Facts.fnmatch("ansible_?").matcher("ansible_ab").matches());
    }
}
