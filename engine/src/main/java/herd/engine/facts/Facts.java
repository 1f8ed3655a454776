package herd.engine.facts;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Ansible's setup facts from what herd's gathering program read on a host: each collector's facts,
 * named with the {@code ansible_} prefix, in Ansible's collector order, kept by the filter, and
 * {@code gather_subset} and {@code module_setup} as Ansible adds them.
 */
public final class Facts {
    private Facts() {
    }

    /**
     * The facts.
     *
     * @param raw          the gathering program's JSON, read into maps and lists
     * @param gatherSubset the gather_subset as given (the gather_subset fact)
     * @param filter       fnmatch patterns; empty keeps every fact
     * @param warnings     where unreadable local facts are told
     */
    public static Map<String, Object> of(Map<String, Object> raw, List<String> gatherSubset, List<String> filter,
                                         List<String> warnings) {
        Raw r = new Raw(raw);
        Map<String, Object> collected = new LinkedHashMap<>();
        Map<String, Object> facts = new LinkedHashMap<>();
        for (String collector : Subsets.collectors(gatherSubset)) {
            Map<String, Object> found = collect(collector, r, collected, warnings);
            collected.putAll(found);
            Map<String, Object> prefixed = new LinkedHashMap<>();
            found.forEach((k, v) -> prefixed.put("ansible_" + k, v));
            facts.putAll(filtered(prefixed, filter));
        }
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("gather_subset", new ArrayList<>(gatherSubset.isEmpty() ? List.of("all") : gatherSubset));
        meta.put("module_setup", true);
        facts.putAll(filtered(meta, filter));
        return facts;
    }

    private static Map<String, Object> collect(String collector, Raw r, Map<String, Object> collected,
                                               List<String> warnings) {
        return switch (collector) {
            case "platform" -> SystemFacts.platform(r);
            case "distribution" -> DistributionFacts.distribution(r);
            case "lsb" -> SystemFacts.lsb(r);
            case "selinux" -> SystemFacts.selinux(r);
            case "apparmor" -> SystemFacts.apparmor(r);
            case "chroot" -> SystemFacts.chroot(r);
            case "fips" -> SystemFacts.fips(r);
            case "python" -> SystemFacts.python(r);
            case "caps" -> SystemFacts.caps(r);
            case "pkg_mgr" -> DistributionFacts.pkgMgr(r, collected);
            case "service_mgr" -> DistributionFacts.serviceMgr(r, collected);
            case "cmdline" -> SystemFacts.cmdline(r);
            case "date_time" -> TimeFacts.dateTime(r);
            case "env" -> SystemFacts.env(r);
            case "loadavg" -> SystemFacts.loadavg(r);
            case "ssh_pub_keys" -> SystemFacts.sshPubKeys(r);
            case "user" -> SystemFacts.user(r);
            case "virtual" -> VirtualFacts.virtual(r);
            case "hardware" -> HardwareFacts.hardware(r, collected);
            case "dns" -> SystemFacts.dns(r);
            case "fibre_channel_wwn" -> SystemFacts.fibreChannel(r);
            case "network" -> NetworkFacts.network(r);
            case "iscsi" -> SystemFacts.iscsi(r);
            case "nvme" -> SystemFacts.nvme(r);
            case "local" -> LocalFacts.local(r, warnings);
            default -> Map.of();
        };
    }

    /** The facts whose names match a pattern (or, for a pattern without the prefix, the prefixed pattern), as Ansible filters. */
    static Map<String, Object> filtered(Map<String, Object> facts, List<String> filter) {
        if (filter.isEmpty() || filter.equals(List.of("*"))) {
            return facts;
        }
        Map<String, Object> kept = new LinkedHashMap<>();
        for (String pattern : filter) {
            Pattern plain = fnmatch(pattern);
            Pattern prefixed = pattern.startsWith("ansible_") || pattern.startsWith("facter") || pattern.startsWith("ohai")
                    ? null : fnmatch("ansible_" + pattern);
            facts.forEach((name, value) -> {
                if (pattern.isEmpty() || plain.matcher(name).matches()
                        || prefixed != null && prefixed.matcher(name).matches()) {
                    kept.put(name, value);
                }
            });
        }
        return kept;
    }

    /** Python's fnmatch pattern (*, ?, [seq], [!seq]) as a regular expression. */
    static Pattern fnmatch(String pattern) {
        StringBuilder re = new StringBuilder("(?s)");
        int i = 0;
        while (i < pattern.length()) {
            char c = pattern.charAt(i++);
            switch (c) {
                case '*' -> re.append(".*");
                case '?' -> re.append('.');
                case '[' -> {
                    int j = i;
                    if (j < pattern.length() && pattern.charAt(j) == '!') {
                        j++;
                    }
                    if (j < pattern.length() && pattern.charAt(j) == ']') {
                        j++;
                    }
                    while (j < pattern.length() && pattern.charAt(j) != ']') {
                        j++;
                    }
                    if (j >= pattern.length()) {
                        re.append("\\[");
                    } else {
                        String set = pattern.substring(i, j).replace("\\", "\\\\");
                        i = j + 1;
                        if (set.startsWith("!")) {
                            set = "^" + set.substring(1);
                        } else if (set.startsWith("^")) {
                            set = "\\" + set;
                        }
                        re.append('[').append(set).append(']');
                    }
                }
                default -> re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(re.toString());
    }
}
