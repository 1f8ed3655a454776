package herd.engine.module.builtin;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import herd.engine.facts.Facts;
import herd.engine.facts.Subsets;
import herd.engine.module.Arg;
import herd.engine.module.ModuleCall;
import herd.engine.module.ModuleSpec;
import herd.engine.module.Outcome;
import herd.engine.module.Trait;
import herd.engine.transport.ExecResult;
import herd.engine.transport.UnreachableException;

/**
 * ansible.builtin.setup: the host's facts, gathered by one Python program per host (herd's
 * {@code facts.py}, which only reads) and turned into Ansible's facts by {@link Facts}. Returns
 * {@code ansible_facts}; the runner keeps them as the host's facts ({@code ansible_facts.x} and
 * {@code ansible_x}). Changes nothing, so it runs in check mode too.
 */
public class Setup extends Builtin {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final Arg[] ARGS = {
        Arg.of("gather_subset", Arg.Type.LIST).withDefault(List.of("all")),
        Arg.of("gather_timeout", Arg.Type.INT).withDefault(10),
        Arg.of("filter", Arg.Type.LIST).withDefault(List.of()),
        Arg.of("fact_path", Arg.Type.STR).withDefault("/etc/ansible/facts.d")};

    /** Fact names every gathering sets (interfaces add their own), for the planner. */
    static final Set<String> NAMES = Set.of("ansible_facts", "ansible_hostname", "ansible_nodename", "ansible_fqdn",
            "ansible_domain", "ansible_default_ipv4", "ansible_default_ipv6", "ansible_all_ipv4_addresses",
            "ansible_all_ipv6_addresses", "ansible_interfaces", "ansible_lo", "ansible_distribution",
            "ansible_distribution_version", "ansible_distribution_major_version", "ansible_distribution_release",
            "ansible_distribution_minor_version", "ansible_distribution_file_path", "ansible_distribution_file_variety",
            "ansible_distribution_file_parsed", "ansible_os_family", "ansible_system", "ansible_kernel",
            "ansible_kernel_version", "ansible_architecture", "ansible_machine", "ansible_userspace_bits",
            "ansible_userspace_architecture", "ansible_processor", "ansible_processor_count", "ansible_processor_cores",
            "ansible_processor_threads_per_core", "ansible_processor_vcpus", "ansible_processor_nproc",
            "ansible_memtotal_mb", "ansible_memfree_mb", "ansible_swaptotal_mb", "ansible_swapfree_mb",
            "ansible_memory_mb", "ansible_service_mgr", "ansible_pkg_mgr", "ansible_python_version", "ansible_python",
            "ansible_user_id", "ansible_user_uid", "ansible_user_gid", "ansible_user_dir", "ansible_user_shell",
            "ansible_user_gecos", "ansible_real_user_id", "ansible_effective_user_id", "ansible_real_group_id",
            "ansible_effective_group_id", "ansible_env", "ansible_date_time", "ansible_uptime_seconds",
            "ansible_mounts", "ansible_lsb", "ansible_virtualization_type", "ansible_virtualization_role",
            "ansible_virtualization_tech_guest", "ansible_virtualization_tech_host", "ansible_selinux",
            "ansible_selinux_python_present", "ansible_apparmor", "ansible_fips", "ansible_local",
            "ansible_machine_id", "ansible_dns", "ansible_cmdline", "ansible_proc_cmdline", "ansible_hostnqn",
            "ansible_iscsi_iqn", "ansible_fibre_channel_wwn", "ansible_is_chroot", "ansible_loadavg",
            "ansible_system_capabilities", "ansible_system_capabilities_enforced", "ansible_ssh_host_key_rsa_public",
            "ansible_ssh_host_key_ecdsa_public", "ansible_ssh_host_key_ed25519_public", "gather_subset",
            "module_setup", "discovered_interpreter_python");

    public Setup() {
        this(ModuleSpec.of("setup", "ansible.builtin", ARGS));
    }

    Setup(ModuleSpec spec) {
        super(spec, Trait.CHECK_MODE);
    }

    @Override
    public Set<String> sets(Map<String, Object> args) {
        return NAMES;
    }

    @Override
    public Outcome run(ModuleCall call) throws UnreachableException {
        List<String> subset = words(call.args().getOrDefault("gather_subset", List.of("all")));
        List<String> filter = words(call.args().getOrDefault("filter", List.of()));
        List<String> collectors;
        try {
            collectors = Subsets.collectors(subset);
        } catch (IllegalArgumentException e) {
            return Outcome.failed(e.getMessage());
        }
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("want", collectors);
        input.put("fact_path", call.string("fact_path", "/etc/ansible/facts.d"));
        ExecResult result;
        try {
            result = RemoteProgram.exec("facts", call, input);
        } catch (JsonProcessingException e) {
            return Outcome.failed("setup: arguments cannot be sent: " + e.getOriginalMessage());
        }
        if (result.timedOut()) {
            return Outcome.failed("setup did not finish within the task's timeout");
        }
        String out = result.stdout().strip();
        String last = out.contains("\n") ? out.substring(out.lastIndexOf('\n') + 1) : out;
        Map<String, Object> raw;
        try {
            @SuppressWarnings("unchecked")
            Map<String, Object> read = JSON.readValue(last, LinkedHashMap.class);
            raw = read;
        } catch (JsonProcessingException e) {
            String python = RemoteProgram.python(call);
            return Outcome.failed("setup could not gather facts on the host (rc " + result.rc() + "): "
                    + (result.stderr().isBlank() ? out : result.stderr().strip())
                    + (result.rc() == 127 ? " (is " + python + " installed there?)" : ""));
        }
        List<String> warnings = new ArrayList<>();
        Map<String, Object> facts = Facts.of(raw, subset, filter, warnings);
        // Ansible's interpreter discovery: once per host, by its first module, unless the inventory names one
        boolean discovered = call.vars().get("ansible_facts") instanceof Map<?, ?> known
                && known.containsKey("discovered_interpreter_python");
        if (call.vars().get("ansible_python_interpreter") == null && !discovered && raw.get("python") instanceof Map<?, ?> py) {
            facts.put("discovered_interpreter_python", py.get("executable"));
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("ansible_facts", facts);
        fields.put("changed", false);
        if (!warnings.isEmpty()) {
            fields.put("warnings", warnings);
        }
        return Outcome.fromResult(extra(fields));
    }

    /** What a module built on setup adds to the result (gather_facts marks the facts as gathered). */
    Map<String, Object> extra(Map<String, Object> result) {
        return result;
    }

    /** A list argument as Ansible takes it: a list, or text split at commas. */
    static List<String> words(Object value) {
        List<String> out = new ArrayList<>();
        if (value instanceof List<?> list) {
            list.forEach(v -> out.add(String.valueOf(v).strip()));
        } else if (value != null && !String.valueOf(value).isBlank()) {
            for (String part : String.valueOf(value).split(",")) {
                out.add(part.strip());
            }
        }
        return out;
    }
}
