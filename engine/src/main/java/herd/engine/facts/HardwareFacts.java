package herd.engine.facts;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Linux hardware collector's facts: memory, processors, uptime and mounts, from /proc/meminfo,
 * /proc/cpuinfo, /proc/uptime, the mount table, findmnt, lsblk and statvfs, as Ansible derives them.
 * DMI, block devices and LVM are not gathered.
 */
final class HardwareFacts {
    private static final Set<String> ORIGINAL_MEMORY = Set.of("MemTotal", "SwapTotal", "MemFree", "SwapFree");
    private static final Set<String> MEMORY = Set.of("MemTotal", "SwapTotal", "MemFree", "SwapFree", "Buffers",
            "Cached", "SwapCached");
    private static final Pattern OCTAL = Pattern.compile("\\\\[0-9]{3}");

    private HardwareFacts() {
    }

    static Map<String, Object> hardware(Raw raw, Map<String, Object> collected) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.putAll(cpu(raw, collected));
        f.putAll(memory(raw));
        String uptime = raw.content("/proc/uptime");
        if (uptime != null) {
            f.put("uptime_seconds", (long) Double.parseDouble(uptime.split(" ")[0]));
        }
        f.put("mounts", mounts(raw));
        return f;
    }

    static Map<String, Object> memory(Raw raw) {
        Map<String, Object> f = new LinkedHashMap<>();
        Map<String, Long> stats = new LinkedHashMap<>();
        String meminfo = raw.file("/proc/meminfo").orElse(null);
        if (meminfo == null) {
            return f;
        }
        for (String line : SystemFacts.lines(meminfo)) {
            String[] data = line.split(":", 2);
            if (data.length < 2) {
                continue;
            }
            String key = data[0];
            if (MEMORY.contains(key)) {
                long mb = Long.parseLong(data[1].strip().split(" ")[0]) / 1024;
                if (ORIGINAL_MEMORY.contains(key)) {
                    f.put(key.toLowerCase(java.util.Locale.ROOT) + "_mb", mb);
                }
                stats.put(key.toLowerCase(java.util.Locale.ROOT), mb);
            }
        }
        Long total = stats.get("memtotal");
        Long free = stats.get("memfree");
        Long nocacheFree = stats.get("cached") != null && free != null && stats.get("buffers") != null
                ? stats.get("cached") + free + stats.get("buffers") : null;
        Map<String, Object> real = new LinkedHashMap<>();
        real.put("total", total);
        real.put("used", total != null && free != null ? total - free : null);
        real.put("free", free);
        Map<String, Object> nocache = new LinkedHashMap<>();
        nocache.put("free", nocacheFree);
        nocache.put("used", total != null && nocacheFree != null ? total - nocacheFree : null);
        Long swapTotal = stats.get("swaptotal");
        Long swapFree = stats.get("swapfree");
        Map<String, Object> swap = new LinkedHashMap<>();
        swap.put("total", swapTotal);
        swap.put("free", swapFree);
        swap.put("used", swapTotal != null && swapFree != null ? swapTotal - swapFree : null);
        swap.put("cached", stats.get("swapcached"));
        Map<String, Object> memory = new LinkedHashMap<>();
        memory.put("real", real);
        memory.put("nocache", nocache);
        memory.put("swap", swap);
        f.put("memory_mb", memory);
        return f;
    }

    static Map<String, Object> cpu(Raw raw, Map<String, Object> collected) {
        Map<String, Object> f = new LinkedHashMap<>();
        boolean xen = raw.exists("/proc/xen") || SystemFacts.lines(raw.file("/sys/hypervisor/type").orElse("")).stream()
                .findFirst().map(l -> l.strip().equals("xen")).orElse(false);
        String cpuinfo = raw.file("/proc/cpuinfo").orElse(null);
        if (cpuinfo == null) {
            return f;
        }
        List<Object> processor = new ArrayList<>();
        f.put("processor", processor);
        int i = 0;
        int vendorIds = 0;
        int modelNames = 0;
        int processors = 0;
        boolean xenParavirt = false;
        String physid = "0";
        String coreid = "0";
        Map<String, Integer> sockets = new LinkedHashMap<>();
        Map<String, Integer> cores = new LinkedHashMap<>();
        for (String line : SystemFacts.lines(cpuinfo)) {
            String[] data = line.split(":", 2);
            String key = data[0].strip();
            String val = data.length > 1 ? data[1].strip() : "";
            if (xen && key.equals("flags") && !val.contains("vme")) {
                xenParavirt = true;
            }
            switch (key) {
                case "model name", "Processor", "vendor_id", "cpu", "Vendor", "processor" -> {
                    processor.add(val);
                    if (key.equals("vendor_id")) {
                        vendorIds++;
                    }
                    if (key.equals("model name")) {
                        modelNames++;
                    }
                    if (key.equals("processor")) {
                        processors++;
                    }
                    i++;
                }
                case "physical id" -> {
                    physid = val;
                    sockets.putIfAbsent(physid, 1);
                }
                case "core id" -> {
                    coreid = val;
                    // Ansible's own: it looks the core up among the sockets
                    if (!sockets.containsKey(coreid)) {
                        cores.put(coreid, 1);
                    }
                }
                case "cpu cores" -> sockets.put(physid, Integer.parseInt(val));
                case "siblings" -> cores.put(coreid, Integer.parseInt(val));
                case "# processors" -> f.put("processor_cores", Integer.parseInt(val));
                case "ncpus active" -> i = Integer.parseInt(val);
                default -> {
                }
            }
        }
        if (vendorIds > 0 && vendorIds == modelNames) {
            i = vendorIds;
        }
        String arch = String.valueOf(collected.getOrDefault("architecture", ""));
        if (arch.startsWith("armv") || arch.startsWith("aarch") || arch.startsWith("ppc")) {
            i = processors;
        }
        if (arch.equals("s390x")) {
            return f;
        }
        if (xenParavirt) {
            f.put("processor_count", i);
            f.put("processor_cores", i);
            f.put("processor_threads_per_core", 1);
            f.put("processor_vcpus", i);
            return f;
        }
        f.put("processor_count", sockets.isEmpty() ? i : sockets.size());
        int perSocket = sockets.isEmpty() ? 0 : sockets.values().iterator().next();
        int coresPerSocket = perSocket != 0 ? perSocket : 1;
        f.put("processor_cores", coresPerSocket);
        int threads = cores.isEmpty() ? 1 / coresPerSocket : cores.values().iterator().next() / coresPerSocket;
        f.put("processor_threads_per_core", threads);
        f.put("processor_vcpus", threads * (int) f.get("processor_count") * coresPerSocket);
        f.put("processor_nproc", raw.get("nproc") instanceof Number n ? n.intValue() : processors);
        return f;
    }

    static List<Object> mounts(Raw raw) {
        Set<String> binds = new HashSet<>();
        raw.command("findmnt").filter(c -> c.rc() == 0).ifPresent(c -> {
            for (String line : c.out().split("\n")) {
                String[] fields = line.strip().split("\\s+");
                if (fields.length >= 2 && fields[1].contains("]")) {
                    binds.add(fields[0]);
                }
            }
        });
        Map<String, String> uuids = new LinkedHashMap<>();
        raw.command("lsblk").filter(c -> c.rc() == 0).ifPresent(c -> {
            for (String line : c.out().split("\n")) {
                String[] fields = line.strip().split("\\s+");
                if (fields.length >= 2) {
                    uuids.putIfAbsent(fields[0], fields[fields.length - 1]);
                }
            }
        });
        Map<String, Object> sizes = raw.map("statvfs");
        Map<String, Map<String, Object>> byMount = new LinkedHashMap<>();
        String mtab = raw.file(String.valueOf(raw.get("mtab"))).orElse("");
        for (String line : SystemFacts.lines(mtab)) {
            String[] fields = line.strip().split("\\s+");
            if (fields.length < 4) {
                continue;
            }
            for (int k = 0; k < fields.length; k++) {
                fields[k] = unescape(fields[k]);
            }
            String device = fields[0];
            String mount = fields[1];
            String fstype = fields[2];
            if (!device.startsWith("/") && !device.startsWith("\\") && !device.contains(":/") || fstype.equals("none")) {
                continue;
            }
            Map<String, Object> info = new LinkedHashMap<>();
            info.put("mount", mount);
            info.put("device", device);
            info.put("fstype", fstype);
            String options = fields[3];
            if (binds.contains(mount) && !options.matches(".*bind.*\"")) {
                options += ",bind";
            }
            info.put("options", options);
            if (sizes.get(mount) instanceof List<?> v && v.size() == 6) {
                long frsize = number(v.get(0));
                long blocks = number(v.get(1));
                long bavail = number(v.get(2));
                info.put("size_total", frsize * blocks);
                info.put("size_available", frsize * bavail);
                info.put("block_size", number(v.get(3)));
                info.put("block_total", blocks);
                info.put("block_available", bavail);
                info.put("block_used", blocks - bavail);
                info.put("inode_total", number(v.get(4)));
                info.put("inode_available", number(v.get(5)));
                info.put("inode_used", number(v.get(4)) - number(v.get(5)));
            }
            info.put("uuid", uuids.getOrDefault(device, "N/A"));
            byMount.put(mount, info);
        }
        return new ArrayList<>(byMount.values());
    }

    private static long number(Object o) {
        return ((Number) o).longValue();
    }

    /** The mount table's octal escapes (\040 for a space) as the characters they stand for. */
    static String unescape(String field) {
        Matcher m = OCTAL.matcher(field);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(String.valueOf((char) Integer.parseInt(m.group().substring(1), 8))));
        }
        m.appendTail(out);
        return out.toString();
    }
}
