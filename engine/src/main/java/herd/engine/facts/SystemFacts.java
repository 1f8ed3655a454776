package herd.engine.facts;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The facts of Ansible's system collectors (platform, user, env, python, selinux, apparmor, chroot,
 * fips, caps, cmdline, loadavg, ssh host keys, dns, nvme, iscsi, fibre channel), derived as
 * ansible.module_utils.facts.system does from what the host gave. Names without the ansible_ prefix.
 */
final class SystemFacts {
    private static final Pattern I86 = Pattern.compile("i([3456]86|86pc)");

    private SystemFacts() {
    }

    static Map<String, Object> platform(Raw raw) {
        Map<String, Object> p = raw.map("platform");
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("system", p.get("system"));
        f.put("kernel", p.get("release"));
        f.put("kernel_version", p.get("version"));
        String machine = String.valueOf(p.get("machine"));
        f.put("machine", machine);
        f.put("python_version", p.get("python_version"));
        String fqdn = String.valueOf(p.get("fqdn"));
        String node = String.valueOf(p.get("node"));
        f.put("fqdn", fqdn);
        f.put("hostname", node.split("\\.", -1)[0]);
        f.put("nodename", node);
        int dot = fqdn.indexOf('.');
        f.put("domain", dot < 0 ? "" : fqdn.substring(dot + 1));
        String bits = String.valueOf(p.get("bits")).replace("bit", "");
        f.put("userspace_bits", bits);
        if (machine.equals("x86_64") || I86.matcher(machine).find()) {
            f.put("architecture", machine.equals("x86_64") ? machine : "i386");
            if (bits.equals("64")) {
                f.put("userspace_architecture", "x86_64");
            } else if (bits.equals("32")) {
                f.put("userspace_architecture", "i386");
            }
        } else {
            f.put("architecture", machine);
        }
        String machineId = raw.content("/var/lib/dbus/machine-id");
        if (machineId == null) {
            machineId = raw.content("/etc/machine-id");
        }
        if (machineId != null) {
            f.put("machine_id", machineId.split("\n", -1)[0]);
        }
        return f;
    }

    static Map<String, Object> lsb(Raw raw) {
        Map<String, Object> lsb = new LinkedHashMap<>();
        raw.command("lsb_release").filter(c -> c.rc() == 0).ifPresent(c -> {
            for (String line : c.out().split("\n")) {
                if (line.isEmpty() || !line.contains(":")) {
                    continue;
                }
                String value = line.split(":", 2)[1].strip();
                if (line.contains("LSB Version:")) {
                    lsb.put("release", value);
                } else if (line.contains("Distributor ID:")) {
                    lsb.put("id", value);
                } else if (line.contains("Description:")) {
                    lsb.put("description", value);
                } else if (line.contains("Release:")) {
                    lsb.put("release", value);
                } else if (line.contains("Codename:")) {
                    lsb.put("codename", value);
                }
            }
        });
        if (lsb.isEmpty()) {
            raw.file("/etc/lsb-release").ifPresent(text -> {
                for (String line : lines(text)) {
                    String[] kv = line.split("=", 2);
                    if (kv.length < 2) {
                        continue;
                    }
                    String value = kv[1].strip();
                    if (line.contains("DISTRIB_ID")) {
                        lsb.put("id", value);
                    } else if (line.contains("DISTRIB_RELEASE")) {
                        lsb.put("release", value);
                    } else if (line.contains("DISTRIB_DESCRIPTION")) {
                        lsb.put("description", value);
                    } else if (line.contains("DISTRIB_CODENAME")) {
                        lsb.put("codename", value);
                    }
                }
            });
        }
        if (lsb.get("release") instanceof String release) {
            lsb.put("major_release", release.split("\\.", -1)[0]);
        }
        lsb.replaceAll((k, v) -> v instanceof String s && !s.isEmpty() ? strip(s, "'\"\\") : v);
        return Map.of("lsb", lsb);
    }

    static Map<String, Object> selinux(Raw raw) {
        Map<String, Object> s = raw.map("selinux");
        Map<String, Object> f = new LinkedHashMap<>();
        if (!Boolean.TRUE.equals(s.get("lib"))) {
            f.put("selinux", Map.of("status", "Missing selinux Python library"));
            f.put("selinux_python_present", false);
            return f;
        }
        f.put("selinux_python_present", true);
        boolean enabled = s.get("enabled") instanceof Number n && n.intValue() == 1;
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("status", enabled ? "enabled" : "disabled");
        if (enabled) {
            // herd does not ask libselinux for the policy; Ansible's values when it cannot either
            status.put("policyvers", "unknown");
            status.put("config_mode", "unknown");
            status.put("mode", "unknown");
            status.put("type", "unknown");
        }
        f.put("selinux", status);
        return f;
    }

    static Map<String, Object> apparmor(Raw raw) {
        return Map.of("apparmor", Map.of("status", raw.exists("/sys/kernel/security/apparmor") ? "enabled" : "disabled"));
    }

    static Map<String, Object> chroot(Raw raw) {
        Map<String, Object> c = raw.map("chroot");
        boolean chroot;
        List<?> root = (List<?>) c.getOrDefault("root", List.of(0L, 0L));
        if (Boolean.TRUE.equals(c.get("env"))) {
            chroot = true;
        } else if (c.get("proc_root") instanceof List<?> proc) {
            chroot = !number(root.get(0)).equals(number(proc.get(0))) || !number(root.get(1)).equals(number(proc.get(1)));
        } else {
            String type = raw.command("stat_root").map(Raw.Command::out).orElse("");
            long expected = type.contains("btrfs") ? 256 : type.contains("xfs") ? 128 : 2;
            chroot = number(root.get(0)) != expected;
        }
        return Map.of("is_chroot", chroot);
    }

    private static Long number(Object o) {
        return ((Number) o).longValue();
    }

    static Map<String, Object> fips(Raw raw) {
        return Map.of("fips", "1".equals(raw.content("/proc/sys/crypto/fips_enabled")));
    }

    static Map<String, Object> python(Raw raw) {
        Map<String, Object> p = raw.map("python");
        List<?> info = (List<?>) p.getOrDefault("version_info", List.of());
        Map<String, Object> version = new LinkedHashMap<>();
        String[] names = {"major", "minor", "micro", "releaselevel", "serial"};
        for (int i = 0; i < names.length && i < info.size(); i++) {
            version.put(names[i], info.get(i));
        }
        Map<String, Object> python = new LinkedHashMap<>();
        python.put("version", version);
        python.put("version_info", new ArrayList<>(info));
        python.put("executable", p.get("executable"));
        python.put("has_sslcontext", p.get("has_sslcontext"));
        python.put("type", p.get("type"));
        return Map.of("python", python);
    }

    static Map<String, Object> caps(Raw raw) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("system_capabilities_enforced", "N/A");
        f.put("system_capabilities", "N/A");
        raw.command("capsh").filter(c -> c.rc() == 0).ifPresent(c -> {
            List<String> caps = new ArrayList<>();
            String enforced = "NA";
            for (String line : c.out().split("\n")) {
                if (line.startsWith("Current:")) {
                    if (line.split(":", -1)[1].strip().equals("=ep")) {
                        enforced = "False";
                    } else {
                        enforced = "True";
                        String[] parts = line.split("=", -1);
                        for (String cap : parts[1].split(",", -1)) {
                            caps.add(cap.strip());
                        }
                    }
                }
            }
            f.put("system_capabilities_enforced", enforced);
            f.put("system_capabilities", caps);
        });
        return f;
    }

    static Map<String, Object> cmdline(Raw raw) {
        String data = raw.content("/proc/cmdline");
        if (data == null) {
            return Map.of();
        }
        Map<String, Object> cmdline = new LinkedHashMap<>();
        Map<String, Object> proc = new LinkedHashMap<>();
        for (String piece : shlexNonPosix(data)) {
            String[] item = piece.split("=", 2);
            if (item.length == 1) {
                cmdline.put(item[0], true);
                proc.put(item[0], true);
                continue;
            }
            cmdline.put(item[0], item[1]);
            Object before = proc.get(item[0]);
            if (before == null) {
                proc.put(item[0], item[1]);
            } else if (before instanceof List<?> list) {
                @SuppressWarnings("unchecked")
                List<Object> values = (List<Object>) list;
                values.add(item[1]);
            } else {
                List<Object> values = new ArrayList<>();
                values.add(before);
                values.add(item[1]);
                proc.put(item[0], values);
            }
        }
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("cmdline", cmdline);
        f.put("proc_cmdline", proc);
        return f;
    }

    /** Python's shlex.split(posix=False): words split on whitespace, quoted parts kept whole with their quotes. */
    static List<String> shlexNonPosix(String text) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        char quote = 0;
        boolean inWord = false;
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (quote != 0) {
                word.append(ch);
                if (ch == quote) {
                    quote = 0;
                }
            } else if (Character.isWhitespace(ch)) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else {
                if (ch == '"' || ch == '\'') {
                    quote = ch;
                }
                word.append(ch);
                inWord = true;
            }
        }
        if (inWord) {
            words.add(word.toString());
        }
        return words;
    }

    static Map<String, Object> env(Raw raw) {
        return Map.of("env", new LinkedHashMap<>(raw.map("env")));
    }

    static Map<String, Object> loadavg(Raw raw) {
        List<Object> load = raw.list("loadavg");
        if (load.size() < 3) {
            return Map.of();
        }
        Map<String, Object> l = new LinkedHashMap<>();
        l.put("1m", load.get(0));
        l.put("5m", load.get(1));
        l.put("15m", load.get(2));
        return Map.of("loadavg", l);
    }

    static Map<String, Object> sshPubKeys(Raw raw) {
        Map<String, Object> f = new LinkedHashMap<>();
        for (String dir : List.of("/etc/ssh", "/etc/openssh", "/etc")) {
            for (String algo : List.of("dsa", "rsa", "ecdsa", "ed25519")) {
                String name = "ssh_host_key_" + algo + "_public";
                if (f.containsKey(name)) {
                    return f;
                }
                String key = raw.content(dir + "/ssh_host_" + algo + "_key.pub");
                if (key != null) {
                    String[] words = key.split("\\s+");
                    if (words.length >= 2) {
                        f.put(name, words[1]);
                        f.put(name + "_keytype", words[0]);
                    }
                }
            }
        }
        return f;
    }

    static Map<String, Object> user(Raw raw) {
        Map<String, Object> u = raw.map("user");
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("user_id", u.get("id"));
        f.put("user_uid", u.get("uid"));
        f.put("user_gid", u.get("gid"));
        f.put("user_gecos", u.get("gecos"));
        f.put("user_dir", u.get("dir"));
        f.put("user_shell", u.get("shell"));
        f.put("real_user_id", u.get("real_uid"));
        f.put("effective_user_id", u.get("euid"));
        f.put("real_group_id", u.get("real_gid"));
        // Ansible's own: the effective group is read with getgid
        f.put("effective_group_id", u.get("real_gid"));
        return f;
    }

    static Map<String, Object> dns(Raw raw) {
        Map<String, Object> dns = new LinkedHashMap<>();
        String text = raw.content("/etc/resolv.conf");
        for (String line : lines(text == null ? "" : text)) {
            if (line.startsWith("#") || line.startsWith(";") || line.strip().isEmpty()) {
                continue;
            }
            String[] tokens = line.strip().split("\\s+");
            List<String> rest = List.of(tokens).subList(1, tokens.length);
            switch (tokens[0]) {
                case "nameserver" -> {
                    @SuppressWarnings("unchecked")
                    List<Object> servers = (List<Object>) dns.computeIfAbsent("nameservers", k -> new ArrayList<>());
                    servers.addAll(rest);
                }
                case "domain" -> {
                    if (!rest.isEmpty()) {
                        dns.put("domain", rest.get(0));
                    }
                }
                case "search" -> dns.put("search", new ArrayList<>(rest));
                case "sortlist" -> dns.put("sortlist", new ArrayList<>(rest));
                case "options" -> {
                    Map<String, Object> options = new LinkedHashMap<>();
                    for (String option : rest) {
                        String[] kv = option.split(":", 2);
                        options.put(kv[0], kv.length == 2 && !kv[1].isEmpty() ? kv[1] : true);
                    }
                    dns.put("options", options);
                }
                default -> {
                }
            }
        }
        return Map.of("dns", dns);
    }

    static Map<String, Object> nvme(Raw raw) {
        String nqn = "";
        String text = raw.content("/etc/nvme/hostnqn");
        for (String line : lines(text == null ? "" : text)) {
            if (line.startsWith("nqn.")) {
                nqn = line;
                break;
            }
        }
        return Map.of("hostnqn", nqn);
    }

    static Map<String, Object> iscsi(Raw raw) {
        String iqn = "";
        String text = raw.content("/etc/iscsi/initiatorname.iscsi");
        for (String line : lines(text == null ? "" : text)) {
            if (line.startsWith("#") || line.startsWith(";") || line.strip().isEmpty()) {
                continue;
            }
            if (line.startsWith("InitiatorName=")) {
                iqn = line.split("=", 2)[1];
                break;
            }
        }
        return Map.of("iscsi_iqn", iqn);
    }

    static Map<String, Object> fibreChannel(Raw raw) {
        List<Object> wwn = new ArrayList<>();
        for (Object port : raw.list("fc_ports")) {
            for (String line : lines(String.valueOf(port))) {
                String value = line.strip();
                if (!value.isEmpty()) {
                    wwn.add(value.startsWith("0x") ? value.substring(2) : value);
                }
            }
        }
        return Map.of("fibre_channel_wwn", wwn);
    }

    static List<String> lines(String text) {
        return text.isEmpty() ? List.of() : List.of(text.split("\r?\n"));
    }

    /** Python's str.strip(chars). */
    static String strip(String s, String chars) {
        int start = 0;
        int end = s.length();
        while (start < end && chars.indexOf(s.charAt(start)) >= 0) {
            start++;
        }
        while (end > start && chars.indexOf(s.charAt(end - 1)) >= 0) {
            end--;
        }
        return s.substring(start, end);
    }

    static String group(Pattern pattern, String text, int group) {
        Matcher m = pattern.matcher(text);
        return m.find() ? m.group(group) : null;
    }
}
