package herd.engine.facts;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * virtualization_type and virtualization_role as Ansible's Linux collector decides them for
 * containers (docker, lxc, podman, containerd, openvz, systemd's container file) and KVM and Xen
 * hosts. Ansible's checks of virtual machines (DMI product names, /proc/cpuinfo flags) are not
 * made: a VM that is not a container reads as NA.
 */
final class VirtualFacts {
    private static final Pattern DOCKER = Pattern.compile("/docker(/|-[0-9a-f]+\\.scope)");

    private VirtualFacts() {
    }

    static Map<String, Object> virtual(Raw raw) {
        String type = null;
        String role = null;
        Set<String> guest = new LinkedHashSet<>();
        Set<String> host = new LinkedHashSet<>();
        for (String line : SystemFacts.lines(raw.file("/proc/1/cgroup").orElse(""))) {
            if (DOCKER.matcher(line).find()) {
                guest.add("docker");
                if (type == null) {
                    type = "docker";
                }
            }
            if (line.contains("/lxc/") || line.contains("/machine.slice/machine-lxc")) {
                guest.add("lxc");
                if (type == null) {
                    type = "lxc";
                }
            }
            if (line.contains("/system.slice/containerd.service")) {
                guest.add("containerd");
                if (type == null) {
                    type = "containerd";
                }
            }
        }
        for (String entry : raw.file("/proc/1/environ").orElse("").split("\0")) {
            if (entry.contains("container=lxc")) {
                guest.add("lxc");
                type = type == null ? "lxc" : type;
            }
            if (entry.contains("container=podman")) {
                guest.add("podman");
                type = type == null ? "podman" : type;
            }
            if (entry.matches("(?s)^container=..*")) {
                guest.add("container");
                type = type == null ? "container" : type;
            }
        }
        if (type != null) {
            role = "guest";
        }
        if (raw.exists("/proc/vz") && !raw.exists("/proc/lve")) {
            boolean found = type != null;
            type = "openvz";
            if (raw.exists("/proc/bc")) {
                host.add("openvz");
                role = found ? role : "host";
            } else {
                guest.add("openvz");
                role = found ? role : "guest";
            }
        }
        String systemdContainer = raw.content("/run/systemd/container");
        if (systemdContainer != null) {
            guest.add(systemdContainer);
            if (type == null) {
                type = systemdContainer;
                role = "guest";
            }
        }
        if (raw.exists("/.dockerenv") || raw.exists("/.dockerinit")) {
            guest.add("docker");
            if (type == null) {
                type = "docker";
                role = "guest";
            }
        }
        if (guest.contains("docker") || guest.contains("lxc") || guest.contains("podman") || guest.contains("openvz")
                || guest.contains("containerd") || systemdContainer != null) {
            guest.add("container");
        }
        if (raw.exists("/proc/xen") && raw.file("/proc/xen/capabilities").orElse("").contains("control_d")) {
            host.add("xen");
            if (type == null) {
                type = "xen";
                role = "host";
            }
        }
        if (raw.exists("/dev/kvm")) {
            host.add("kvm");
            if (type == null) {
                type = "kvm";
                role = "host";
            }
        }
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("virtualization_type", type == null ? "NA" : type);
        f.put("virtualization_role", role == null ? "NA" : role);
        f.put("virtualization_tech_guest", new ArrayList<>(guest));
        f.put("virtualization_tech_host", new ArrayList<>(host));
        return f;
    }
}
