package herd.engine.facts;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Linux network collector's facts: interfaces (from /sys/class/net, in the order the host lists
 * them), their addresses (from {@code ip addr show primary} and {@code secondary}), the default IPv4
 * and IPv6 routes ({@code ip route get}), as Ansible derives them. ethtool's features are not gathered.
 */
final class NetworkFacts {
    private static final Map<String, String> TYPES = Map.of("1", "ether", "32", "infiniband", "512", "ppp",
            "772", "loopback", "65534", "tunnel");
    private static final Pattern HEADER = Pattern.compile("^\\d+:\\s+([^:@\\s]+)(@[^:\\s]+)?:");

    private NetworkFacts() {
    }

    static Map<String, Object> network(Raw raw) {
        Map<String, Object> f = new LinkedHashMap<>();
        if (raw.get("ip") == null) {
            return f;
        }
        Map<String, Object> v4 = route(raw, "route4", "8.8.8.8");
        Map<String, Object> v6 = route(raw, "route6", "2404:6800:400a:800::1012");
        Map<String, List<String>> primary = blocks(raw.command("addr_primary").filter(c -> c.rc() == 0)
                .map(Raw.Command::out).orElse(""));
        Map<String, List<String>> secondary = blocks(raw.command("addr_secondary").filter(c -> c.rc() == 0)
                .map(Raw.Command::out).orElse(""));
        Map<String, Map<String, Object>> interfaces = new LinkedHashMap<>();
        List<Object> all4 = new ArrayList<>();
        List<Object> all6 = new ArrayList<>();
        String macaddress = null;
        for (Object o : raw.list("links")) {
            @SuppressWarnings("unchecked")
            Map<String, Object> link = (Map<String, Object>) o;
            String device = String.valueOf(link.get("device"));
            Map<String, Object> iface = new LinkedHashMap<>();
            iface.put("device", device);
            interfaces.put(device, iface);
            if (link.containsKey("address")) {
                macaddress = stripped(link.get("address"));
                if (!macaddress.isEmpty() && !macaddress.equals("00:00:00:00:00:00")) {
                    iface.put("macaddress", macaddress);
                }
            }
            if (link.get("mtu") != null) {
                iface.put("mtu", Integer.parseInt(stripped(link.get("mtu"))));
            }
            if (link.containsKey("operstate")) {
                iface.put("active", !stripped(link.get("operstate")).equals("down"));
            }
            if (link.get("module") != null) {
                iface.put("module", link.get("module"));
            }
            if (link.containsKey("type")) {
                iface.put("type", TYPES.getOrDefault(stripped(link.get("type")), "unknown"));
            }
            if (link.get("bridge") instanceof List<?> ports) {
                iface.put("type", "bridge");
                iface.put("interfaces", new ArrayList<>(ports));
                if (link.containsKey("bridge_id")) {
                    iface.put("id", stripped(link.get("bridge_id")));
                }
                if (link.containsKey("stp_state")) {
                    iface.put("stp", stripped(link.get("stp_state")).equals("1"));
                }
            }
            if (Boolean.TRUE.equals(link.get("bonding"))) {
                bonding(link, iface);
            }
            if (link.containsKey("perm_hwaddr")) {
                iface.put("perm_macaddress", stripped(link.get("perm_hwaddr")));
            }
            if (link.get("pciid") != null) {
                iface.put("pciid", link.get("pciid"));
            }
            if (link.get("speed") != null && !stripped(link.get("speed")).isEmpty()) {
                iface.put("speed", Integer.parseInt(stripped(link.get("speed"))));
            }
            if (link.get("flags") != null && !stripped(link.get("flags")).isEmpty()) {
                String flags = stripped(link.get("flags"));
                int value = Integer.parseInt(flags.startsWith("0x") ? flags.substring(2) : flags, 16);
                iface.put("promisc", (value & 0x0100) > 0);
            }
            Parse parse = new Parse(device, interfaces, v4, v6, macaddress == null ? "" : macaddress, all4, all6);
            parse.lines(primary.getOrDefault(device, List.of()), false);
            parse.lines(secondary.getOrDefault(device, List.of()), true);
        }
        Map<String, Map<String, Object>> named = new LinkedHashMap<>();
        interfaces.forEach((name, facts) -> named.put(name.replace(':', '_'), facts));
        f.put("interfaces", new ArrayList<>(named.keySet()));
        f.putAll(named);
        f.put("default_ipv4", v4);
        f.put("default_ipv6", v6);
        f.put("all_ipv4_addresses", all4);
        f.put("all_ipv6_addresses", all6);
        return f;
    }

    private static void bonding(Map<String, Object> link, Map<String, Object> iface) {
        iface.put("type", "bonding");
        iface.put("slaves", List.of(stripped(link.get("bonding_slaves")).split("\\s+")).stream()
                .filter(s -> !s.isEmpty()).toList());
        for (String key : List.of("mode", "miimon", "lacp_rate")) {
            String[] words = stripped(link.get("bonding_" + key)).split("\\s+");
            iface.put(key, words[0]);
        }
        String primary = stripped(link.get("bonding_primary"));
        if (!primary.isEmpty()) {
            iface.put("primary", primary);
            if (link.containsKey("bonding_all_slaves_active")) {
                iface.put("all_slaves_active", stripped(link.get("bonding_all_slaves_active")).equals("1"));
            }
        }
    }

    private static String stripped(Object value) {
        return value == null ? "" : value.toString().strip();
    }

    /** The default route's interface, source address and gateway from {@code ip route get}. */
    static Map<String, Object> route(Raw raw, String command, String target) {
        Map<String, Object> r = new LinkedHashMap<>();
        String out = raw.command(command).map(Raw.Command::out).orElse("");
        if (out.isEmpty()) {
            return r;
        }
        String[] words = out.split("\n", -1)[0].strip().split("\\s+");
        if (words.length > 0 && words[0].equals(target)) {
            for (int i = 0; i < words.length - 1; i++) {
                switch (words[i]) {
                    case "dev" -> r.put("interface", words[i + 1]);
                    case "src" -> r.put("address", words[i + 1]);
                    case "via" -> {
                        if (!words[i + 1].equals(target)) {
                            r.put("gateway", words[i + 1]);
                        }
                    }
                    default -> {
                    }
                }
            }
        }
        return r;
    }

    /** {@code ip addr show}'s output cut into each device's lines (its header line first). */
    static Map<String, List<String>> blocks(String out) {
        Map<String, List<String>> blocks = new LinkedHashMap<>();
        List<String> current = null;
        for (String line : out.split("\n")) {
            Matcher m = HEADER.matcher(line);
            if (m.find()) {
                current = blocks.computeIfAbsent(m.group(1), k -> new ArrayList<>());
            }
            if (current != null) {
                current.add(line);
            }
        }
        return blocks;
    }

    /** One device's address lines read into the interfaces and the defaults, as Ansible's parse_ip_output. */
    private record Parse(String device, Map<String, Map<String, Object>> interfaces, Map<String, Object> v4,
                         Map<String, Object> v6, String macaddress, List<Object> all4, List<Object> all6) {

        void lines(List<String> lines, boolean secondary) {
            for (String line : lines) {
                if (line.isEmpty()) {
                    continue;
                }
                String[] words = line.strip().split("\\s+");
                if (words[0].equals("inet")) {
                    inet(words, secondary);
                } else if (words[0].equals("inet6")) {
                    inet6(words);
                }
            }
        }

        private void inet(String[] words, boolean secondary) {
            String address;
            String prefix;
            String broadcast = "";
            if (words[1].contains("/")) {
                String[] parts = words[1].split("/", 2);
                address = parts[0];
                prefix = parts[1];
                if (words.length > 3 && words[2].equals("brd")) {
                    broadcast = words[3];
                }
            } else {
                address = words[1];
                prefix = "32";
            }
            long addressBits = ipv4(address);
            int length = Integer.parseInt(prefix);
            long mask = ((1L << 32) - (1L << 32 >> length)) & 0xffffffffL;
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("address", address);
            entry.put("broadcast", broadcast);
            entry.put("netmask", dotted(mask));
            entry.put("network", dotted(addressBits & mask));
            entry.put("prefix", prefix);
            String label = words[words.length - 1];
            if (!label.equals(device)) {
                interfaces.put(label, new LinkedHashMap<>());
            }
            Map<String, Object> target = interfaces.get(label);
            if (!secondary && !target.containsKey("ipv4")) {
                target.put("ipv4", entry);
            } else {
                secondaries(target).add(new LinkedHashMap<>(entry));
            }
            if (secondary) {
                List<Object> own = secondaries(interfaces.get(device));
                if (!device.equals(label)) {
                    own.add(new LinkedHashMap<>(entry));
                }
            }
            if (address.equals(v4.get("address"))) {
                v4.put("broadcast", broadcast);
                v4.put("netmask", entry.get("netmask"));
                v4.put("network", entry.get("network"));
                v4.put("prefix", prefix);
                v4.put("macaddress", macaddress);
                v4.put("mtu", interfaces.get(device).get("mtu"));
                v4.put("type", interfaces.get(device).getOrDefault("type", "unknown"));
                v4.put("alias", label);
            }
            if (!address.startsWith("127.")) {
                all4.add(address);
            }
        }

        @SuppressWarnings("unchecked")
        private static List<Object> secondaries(Map<String, Object> iface) {
            return (List<Object>) iface.computeIfAbsent("ipv4_secondaries", k -> new ArrayList<>());
        }

        private void inet6(String[] words) {
            String address;
            String prefix;
            String scope;
            if (words.length > 2 && words[2].equals("peer")) {
                address = words[1];
                prefix = words[3].split("/", 2)[1];
                scope = words[5];
            } else {
                String[] parts = words[1].split("/", 2);
                address = parts[0];
                prefix = parts[1];
                scope = words[3];
            }
            Map<String, Object> iface = interfaces.get(device);
            @SuppressWarnings("unchecked")
            List<Object> ipv6 = (List<Object>) iface.computeIfAbsent("ipv6", k -> new ArrayList<>());
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("address", address);
            entry.put("prefix", prefix);
            entry.put("scope", scope);
            ipv6.add(entry);
            if (address.equals(v6.get("address"))) {
                v6.put("prefix", prefix);
                v6.put("scope", scope);
                v6.put("macaddress", macaddress);
                v6.put("mtu", iface.get("mtu"));
                v6.put("type", iface.getOrDefault("type", "unknown"));
            }
            if (!address.equals("::1")) {
                all6.add(address);
            }
        }

        private static long ipv4(String address) {
            long bits = 0;
            for (String part : address.split("\\.")) {
                bits = bits << 8 | Long.parseLong(part);
            }
            return bits;
        }

        private static String dotted(long bits) {
            return (bits >> 24 & 255) + "." + (bits >> 16 & 255) + "." + (bits >> 8 & 255) + "." + (bits & 255);
        }
    }
}
