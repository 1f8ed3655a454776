package herd.engine.facts;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * distribution, os_family, pkg_mgr and service_mgr, decided as Ansible 2.14 decides them on Linux:
 * a guess from os-release (Ansible's bundled distro), then the distribution files (the Debian family's
 * read as Ansible reads them), then the family map.
 */
final class DistributionFacts {
    private static final Map<String, String> FAMILY = family();
    private static final Pattern DEBIAN_RELEASE = Pattern.compile("PRETTY_NAME=[^(]+ \\(?([^)]+?)\\)");
    private static final Pattern DEBIAN_MINOR = Pattern.compile("(\\d+)\\.(\\d+)");
    private static final Pattern DEVUAN_RELEASE = Pattern.compile("PRETTY_NAME=\"?[^(\"]+ \\(?([^) \"]+)\\)?");
    private static final Pattern DEVUAN_VERSION = Pattern.compile("VERSION_ID=\"(.*)\"");
    private static final Pattern DISTRIB_RELEASE = Pattern.compile("DISTRIB_RELEASE=(.*)");

    private DistributionFacts() {
    }

    private static Map<String, String> family() {
        Map<String, List<String>> byFamily = new LinkedHashMap<>();
        byFamily.put("RedHat", List.of("RedHat", "RHEL", "Fedora", "CentOS", "Scientific", "SLC", "Ascendos",
                "CloudLinux", "PSBM", "OracleLinux", "OVS", "OEL", "Amazon", "Virtuozzo", "XenServer", "Alibaba",
                "EulerOS", "openEuler", "AlmaLinux", "Rocky", "TencentOS", "EuroLinux", "Kylin Linux Advanced Server"));
        byFamily.put("Debian", List.of("Debian", "Ubuntu", "Raspbian", "Neon", "KDE neon", "Linux Mint", "SteamOS",
                "Devuan", "Kali", "Cumulus Linux", "Pop!_OS", "Parrot", "Pardus GNU/Linux", "Uos", "Deepin", "OSMC"));
        byFamily.put("Suse", List.of("SuSE", "SLES", "SLED", "openSUSE", "openSUSE Tumbleweed", "SLES_SAP",
                "SUSE_LINUX", "openSUSE Leap"));
        byFamily.put("Archlinux", List.of("Archlinux", "Antergos", "Manjaro"));
        byFamily.put("Mandrake", List.of("Mandrake", "Mandriva"));
        byFamily.put("Slackware", List.of("Slackware"));
        byFamily.put("Altlinux", List.of("Altlinux"));
        byFamily.put("Gentoo", List.of("Gentoo", "Funtoo"));
        byFamily.put("Alpine", List.of("Alpine"));
        byFamily.put("ClearLinux", List.of("Clear Linux OS", "Clear Linux Mix"));
        Map<String, String> m = new LinkedHashMap<>();
        byFamily.forEach((fam, names) -> names.forEach(n -> m.put(n, fam)));
        return m;
    }

    static Map<String, Object> distribution(Raw raw) {
        Map<String, String> osRelease = osRelease(raw.file("/etc/os-release").or(() -> raw.file("/usr/lib/os-release"))
                .orElse(""));
        Map<String, Object> f = new LinkedHashMap<>();
        String id = osRelease.getOrDefault("ID", "");
        String name = capitalize(id);
        name = switch (name) {
            case "Amzn" -> "Amazon";
            case "Rhel" -> "Redhat";
            case "" -> "OtherLinux";
            default -> name;
        };
        String version = osRelease.getOrDefault("VERSION_ID", "");
        String codename = osRelease.get("VERSION_CODENAME");
        if (codename == null) {
            codename = osRelease.get("UBUNTU_CODENAME");
        }
        if (codename == null) {
            String v = osRelease.getOrDefault("VERSION", "");
            int open = v.indexOf('(');
            int close = v.indexOf(')', open + 1);
            codename = open >= 0 && close > open ? v.substring(open + 1, close) : null;
        }
        f.put("distribution", name);
        f.put("distribution_version", version.isEmpty() ? "NA" : version);
        f.put("distribution_release", codename == null || codename.isEmpty() ? "NA" : codename);
        String major = String.valueOf(f.get("distribution_version")).split("\\.", -1)[0];
        f.put("distribution_major_version", major.isEmpty() ? "NA" : major);
        debianFile(raw, f);
        String distro = String.valueOf(f.get("distribution"));
        f.put("os_family", FAMILY.getOrDefault(distro, distro));
        return f;
    }

    /** Ansible's DistributionFiles for /etc/os-release and /etc/lsb-release with the Debian parser. */
    private static void debianFile(Raw raw, Map<String, Object> f) {
        for (String path : List.of("/etc/os-release", "/etc/lsb-release")) {
            String data = raw.file(path).orElse("");
            if (data.isEmpty()) {
                continue;
            }
            Map<String, Object> parsed = new LinkedHashMap<>();
            if (data.contains("Debian") || data.contains("Raspbian")) {
                parsed.put("distribution", "Debian");
                String release = SystemFacts.group(DEBIAN_RELEASE, data, 1);
                if (release != null) {
                    parsed.put("distribution_release", release);
                }
                for (String line : SystemFacts.lines(raw.file("/etc/debian_version").orElse(""))) {
                    String minor = SystemFacts.group(DEBIAN_MINOR, line.strip(), 2);
                    if (minor != null) {
                        parsed.put("distribution_minor_version", minor);
                    }
                }
            } else if (data.contains("Ubuntu")) {
                parsed.put("distribution", "Ubuntu");
            } else if (data.contains("SteamOS")) {
                parsed.put("distribution", "SteamOS");
            } else if (data.contains("Kali") || data.contains("Parrot")) {
                parsed.put("distribution", data.contains("Kali") ? "Kali" : "Parrot");
                String release = SystemFacts.group(DISTRIB_RELEASE, data, 1);
                if (release != null) {
                    parsed.put("distribution_release", release);
                }
            } else if (data.contains("Devuan")) {
                parsed.put("distribution", "Devuan");
                String release = SystemFacts.group(DEVUAN_RELEASE, data, 1);
                if (release != null) {
                    parsed.put("distribution_release", release);
                }
                String version = SystemFacts.group(DEVUAN_VERSION, data, 1);
                if (version != null) {
                    parsed.put("distribution_version", version);
                    parsed.put("distribution_major_version", version);
                }
            } else {
                continue;
            }
            f.put("distribution", parsed.get("distribution"));
            f.put("distribution_file_path", path);
            f.put("distribution_file_variety", "Debian");
            f.put("distribution_file_parsed", true);
            f.putAll(parsed);
            return;
        }
    }

    /** os-release's KEY=value lines, quotes removed. */
    static Map<String, String> osRelease(String text) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String line : SystemFacts.lines(text)) {
            int eq = line.indexOf('=');
            if (eq <= 0 || line.startsWith("#")) {
                continue;
            }
            String value = line.substring(eq + 1).strip();
            if (value.length() >= 2 && (value.startsWith("\"") && value.endsWith("\"")
                    || value.startsWith("'") && value.endsWith("'"))) {
                value = value.substring(1, value.length() - 1);
            }
            m.put(line.substring(0, eq).strip(), value);
        }
        return m;
    }

    /** Python's str.capitalize: the first letter upper case, the rest lower. */
    private static String capitalize(String s) {
        return s.isEmpty() ? s : s.substring(0, 1).toUpperCase(java.util.Locale.ROOT) + s.substring(1).toLowerCase(java.util.Locale.ROOT);
    }

    private static final List<String[]> PKG_MGRS = List.of(
            new String[] {"/usr/bin/rpm-ostree", "atomic_container"}, new String[] {"/usr/bin/yum", "yum"},
            new String[] {"/usr/bin/dnf", "dnf"}, new String[] {"/usr/bin/apt-get", "apt"},
            new String[] {"/usr/bin/zypper", "zypper"}, new String[] {"/usr/sbin/urpmi", "urpmi"},
            new String[] {"/usr/bin/pacman", "pacman"}, new String[] {"/bin/opkg", "opkg"},
            new String[] {"/usr/pkg/bin/pkgin", "pkgin"}, new String[] {"/opt/local/bin/pkgin", "pkgin"},
            new String[] {"/opt/tools/bin/pkgin", "pkgin"}, new String[] {"/opt/local/bin/port", "macports"},
            new String[] {"/usr/local/bin/brew", "homebrew"}, new String[] {"/opt/homebrew/bin/brew", "homebrew"},
            new String[] {"/sbin/apk", "apk"}, new String[] {"/usr/sbin/pkg", "pkgng"},
            new String[] {"/usr/sbin/swlist", "swdepot"}, new String[] {"/usr/bin/emerge", "portage"},
            new String[] {"/usr/sbin/pkgadd", "svr4pkg"}, new String[] {"/usr/bin/pkg", "pkg5"},
            new String[] {"/usr/bin/xbps-install", "xbps"}, new String[] {"/usr/local/sbin/pkg", "pkgng"},
            new String[] {"/usr/bin/swupd", "swupd"}, new String[] {"/usr/sbin/sorcery", "sorcery"},
            new String[] {"/usr/bin/installp", "installp"}, new String[] {"/QOpenSys/pkgs/bin/yum", "yum"});

    static Map<String, Object> pkgMgr(Raw raw, Map<String, Object> collected) {
        String family = String.valueOf(collected.get("os_family"));
        String name = "unknown";
        for (String[] pkg : PKG_MGRS) {
            if (family.equals("Altlinux") && pkg[0].equals("/usr/bin/pkg")) {
                continue;
            }
            if (raw.exists(pkg[0])) {
                name = pkg[1];
            }
        }
        if (family.equals("RedHat")) {
            name = redHat(raw, name, collected);
        } else if (family.equals("Debian") && !name.equals("apt")) {
            name = "apt";
        } else if (family.equals("Altlinux") && name.equals("apt")) {
            name = "apt_rpm";
        }
        if (name.equals("apt") && raw.exists("/usr/bin/rpm")) {
            name = raw.command("rpm_apt").filter(c -> c.rc() == 0).isPresent() ? "apt_rpm" : "apt";
        }
        return Map.of("pkg_mgr", name);
    }

    private static String redHat(Raw raw, String name, Map<String, Object> collected) {
        if (raw.exists("/run/ostree-booted")) {
            return "atomic_container";
        }
        String distribution = String.valueOf(collected.get("distribution"));
        int major;
        try {
            major = Integer.parseInt(String.valueOf(collected.get("distribution_major_version")));
        } catch (NumberFormatException e) {
            return distribution.equals("Fedora") || distribution.equals("Amazon") ? "dnf" : name;
        }
        if (distribution.equals("Fedora")) {
            return major < 23 ? (raw.exists("/usr/bin/yum") ? "yum" : name) : (raw.exists("/usr/bin/dnf") ? "dnf" : name);
        }
        if (distribution.equals("Amazon")) {
            return major < 2022 ? (raw.exists("/usr/bin/yum") ? "yum" : name) : (raw.exists("/usr/bin/dnf") ? "dnf" : name);
        }
        return major < 8 ? "yum" : "dnf";
    }

    private static final Map<String, String> PROC_1 = Map.of("procd", "openwrt_init", "runit-init", "runit",
            "svscan", "svc", "openrc-init", "openrc");

    static Map<String, Object> serviceMgr(Raw raw, Map<String, Object> collected) {
        String proc1 = raw.file("/proc/1/comm").orElse(null);
        Object link = raw.get("sbin_init");
        if (proc1 == null && link instanceof String l) {
            proc1 = l;
        }
        if (proc1 != null) {
            proc1 = proc1.substring(proc1.lastIndexOf('/') + 1).strip();
            if (proc1.equals("init") || proc1.endsWith("sh")) {
                proc1 = null;
            }
        }
        String name = null;
        Map<String, Object> which = raw.map("which");
        if (proc1 != null) {
            name = PROC_1.getOrDefault(proc1, proc1);
        } else if ("Linux".equals(collected.get("system"))) {
            boolean systemctl = which.get("systemctl") != null;
            if (systemctl && (raw.exists("/run/systemd/system/") || raw.exists("/dev/.run/systemd/")
                    || raw.exists("/dev/.systemd/"))) {
                name = "systemd";
            } else if (which.get("initctl") != null && raw.exists("/etc/init/")) {
                name = "upstart";
            } else if (raw.exists("/sbin/openrc")) {
                name = "openrc";
            } else if (systemctl && link instanceof String l && l.substring(l.lastIndexOf('/') + 1).equals("systemd")) {
                name = "systemd";
            } else if (raw.exists("/etc/init.d/")) {
                name = "sysvinit";
            }
        }
        return Map.of("service_mgr", name == null || name.isEmpty() ? "service" : name);
    }
}
