package herd.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import herd.it.compare.AnsibleRun;
import herd.it.compare.HerdReport;
import herd.it.compare.Observed;
import herd.testbed.TestHost;
import herd.testbed.TestKeys;

/**
 * herd's setup against Ansible 2.14's on the same container, key by key: the facts a playbook
 * relies on must be equal, and those that change from one moment to the next (the clock, uptime,
 * free memory and disk) must have Ansible's shape. A failure lists every differing fact.
 */
class FactsComparisonTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Facts that are the same on two gatherings a moment apart. */
    private static final List<String> EXACT = List.of("hostname", "nodename", "fqdn", "domain", "default_ipv4",
            "default_ipv6", "all_ipv4_addresses", "all_ipv6_addresses", "lo", "distribution", "distribution_version",
            "distribution_major_version", "distribution_minor_version", "distribution_release", "distribution_file_path",
            "distribution_file_variety", "distribution_file_parsed", "os_family", "system", "kernel", "kernel_version",
            "architecture", "machine", "userspace_bits", "userspace_architecture", "processor", "processor_count",
            "processor_cores", "processor_threads_per_core", "processor_vcpus", "processor_nproc", "memtotal_mb",
            "swaptotal_mb", "service_mgr", "pkg_mgr", "python_version", "python", "user_id", "user_uid", "user_gid",
            "user_dir", "user_shell", "user_gecos", "real_user_id", "effective_user_id", "real_group_id",
            "effective_group_id", "lsb", "virtualization_type", "virtualization_role", "selinux",
            "selinux_python_present", "apparmor", "fips", "local", "machine_id", "dns", "cmdline", "proc_cmdline",
            "hostnqn", "iscsi_iqn", "fibre_channel_wwn", "is_chroot", "system_capabilities",
            "system_capabilities_enforced", "ssh_host_key_rsa_public", "ssh_host_key_ecdsa_public",
            "ssh_host_key_ed25519_public", "gather_subset", "module_setup");

    /** Facts whose value moves: compared by their fields or type. */
    private static final List<String> SHAPE = List.of("date_time", "memory_mb", "loadavg", "uptime_seconds",
            "memfree_mb", "swapfree_mb");

    @TempDir
    static Path dir;

    private static TestHost host;
    private static Path inventory;
    private static Path knownHosts;
    private static AnsibleRun ansible;

    @BeforeAll
    static void startHost() throws IOException {
        AnsibleRun.requireInstalled();
        host = TestHost.start();
        knownHosts = TestHost.writeKnownHosts(dir.resolve("known_hosts"), host);
        inventory = dir.resolve("inventory.yml");
        Files.writeString(inventory, """
                all:
                  hosts:
                    h1: {ansible_host: %s, ansible_port: %d, ansible_user: deploy, ansible_ssh_private_key_file: %s}
                """.formatted(host.address(), host.port(), TestKeys.privateKey()));
        ansible = new AnsibleRun(dir.resolve("ansible"), knownHosts);
    }

    @AfterAll
    static void stopHost() {
        host.close();
    }

    /** Both tools' facts from a playbook that runs setup with these arguments and prints what it returned. */
    private static JsonNode[] facts(String name, String setupArgs) throws Exception {
        Path playbook = dir.resolve(name + ".yml");
        Files.writeString(playbook, """
                - hosts: h1
                  gather_facts: false
                  tasks:
                    - setup: %s
                      register: gathered
                    - debug:
                        msg: "{{ gathered.ansible_facts | to_json }}"
                """.formatted(setupArgs));
        Path out = Path.of("target/facts-comparison").resolve(name);
        Observed reference = ansible.run(playbook, inventory, List.of(), out).observed();
        Path json = out.resolve("herd.json");
        CliRun run = CliRun.of("run", playbook.toString(), "-i", inventory.toString(), "--known-hosts",
                knownHosts.toString(), "--json", json.toString(), "--no-color", "--no-lock");
        Files.writeString(out.resolve("herd.out.txt"), run.toString());
        assertEquals(0, run.exitCode(), run.toString());
        Observed herd = HerdReport.parse(run.exitCode(), JSON.readTree(json.toFile()));
        return new JsonNode[] {printed(reference), printed(herd)};
    }

    private static JsonNode printed(Observed observed) throws IOException {
        for (Observed.Step step : observed.steps().get("h1")) {
            if (step.task().equals("debug")) {
                return JSON.readTree(step.msg());
            }
        }
        throw new AssertionError("no debug step in " + observed);
    }

    @Test
    void herdsFactsAreAnsiblesFacts() throws Exception {
        JsonNode[] both = facts("all", "{}");
        JsonNode ansibleFacts = both[0];
        JsonNode herdFacts = both[1];
        List<String> differing = new ArrayList<>();
        for (String key : EXACT) {
            JsonNode a = ansibleFacts.get(name(key));
            JsonNode h = herdFacts.get(name(key));
            if (a == null ? h != null : !a.equals(h)) {
                differing.add(name(key) + ": Ansible " + a + ", herd " + h);
            }
        }
        for (String key : SHAPE) {
            String a = shape(ansibleFacts.get(name(key)));
            String h = shape(herdFacts.get(name(key)));
            if (!a.equals(h)) {
                differing.add(name(key) + " (shape): Ansible " + a + ", herd " + h);
            }
        }
        // every interface, with its facts (the order /sys/class/net lists them in may change)
        Set<String> interfaces = texts(ansibleFacts.get("ansible_interfaces"));
        if (!interfaces.equals(texts(herdFacts.get("ansible_interfaces")))) {
            differing.add("ansible_interfaces: Ansible " + interfaces + ", herd " + herdFacts.get("ansible_interfaces"));
        }
        for (String device : interfaces) {
            JsonNode a = ansibleFacts.get("ansible_" + device);
            JsonNode h = herdFacts.get("ansible_" + device);
            if (a == null ? h != null : !a.equals(h)) {
                differing.add("ansible_" + device + ": Ansible " + a + ", herd " + h);
            }
        }
        if (!mounts(ansibleFacts).equals(mounts(herdFacts))) {
            differing.add("ansible_mounts: Ansible " + mounts(ansibleFacts) + ", herd " + mounts(herdFacts));
        }
        Set<String> env = fieldNames(ansibleFacts.get("ansible_env"));
        Set<String> herdEnv = fieldNames(herdFacts.get("ansible_env"));
        if (!herdEnv.containsAll(env.stream().filter(k -> !k.equals("SSH_TTY") && !k.equals("TERM")).toList())) {
            differing.add("ansible_env (names): Ansible " + env + ", herd " + herdEnv);
        }
        if (!differing.isEmpty()) {
            fail(differing.size() + " fact(s) differ between Ansible's setup and herd's:\n  " + String.join("\n  ", differing));
        }
    }

    @Test
    void aSubsetAndAFilterKeepTheSameFacts() throws Exception {
        JsonNode[] both = facts("subset", "{gather_subset: ['!all', '!min', network], filter: ['ansible_default_ipv4', 'ansible_all_*', 'ansible_distribution*']}");
        assertEquals(fieldNames(both[0]), fieldNames(both[1]));
        assertEquals(both[0].get("ansible_default_ipv4"), both[1].get("ansible_default_ipv4"));
        JsonNode[] min = facts("min", "{gather_subset: ['!all']}");
        Set<String> names = fieldNames(min[0]);
        names.remove("discovered_interpreter_python");
        Set<String> herdNames = fieldNames(min[1]);
        herdNames.remove("discovered_interpreter_python");
        assertEquals(names, herdNames);
    }

    private static String name(String key) {
        return key.equals("gather_subset") || key.equals("module_setup") ? key : "ansible_" + key;
    }

    /** A value's shape: its type, and for a mapping its field names. */
    private static String shape(JsonNode node) {
        if (node == null) {
            return "missing";
        }
        return node.getNodeType() + (node.isObject() ? " " + fieldNames(node) : "");
    }

    /** Each mount with the fields that do not move. */
    private static Set<String> mounts(JsonNode facts) {
        Set<String> out = new TreeSet<>();
        for (JsonNode m : facts.path("ansible_mounts")) {
            out.add(m.path("mount").asText() + " " + m.path("device").asText() + " " + m.path("fstype").asText() + " "
                    + m.path("options").asText() + " " + m.path("uuid").asText() + " " + m.path("size_total")
                    + " " + m.path("block_size") + " " + m.path("inode_total") + " " + fieldNames(m));
        }
        return out;
    }

    private static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new TreeSet<>();
        if (node != null) {
            Iterator<String> it = node.fieldNames();
            it.forEachRemaining(names::add);
        }
        return names;
    }

    private static Set<String> texts(JsonNode list) {
        Set<String> out = new TreeSet<>();
        if (list != null) {
            list.forEach(n -> out.add(n.asText()));
        }
        return out;
    }
}
