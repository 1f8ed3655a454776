package herd.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** The facts that make a result comparable: hardware, kernel, and the versions of every tool. */
final class Machine {
    private Machine() {
    }

    static Map<String, String> facts(Path root, Path launcher) {
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("CPU", cpuModel() + ", " + Runtime.getRuntime().availableProcessors() + " cores (nproc "
                + Proc.output(root, "nproc") + ")");
        facts.put("memory", memTotal());
        facts.put("kernel", Proc.output(root, "uname", "-sr"));
        facts.put("OS", firstLine(Proc.output(root, "sh", "-c", ". /etc/os-release && echo \"$PRETTY_NAME\"")));
        String javaHome = System.getProperty("java.home");
        facts.put("JDK", firstLine(Proc.output(root, javaHome + "/bin/java", "-version")) + " ("
                + javaHome + ")");
        String commit = Proc.output(root, "git", "rev-parse", "--short", "HEAD");
        String dirty = Proc.output(root, "git", "status", "--porcelain", "--untracked-files=no", "--", "engine", "cli",
                "herd", "pom.xml");
        facts.put("herd", firstLine(Proc.output(root, launcher.toString(), "--version")) + ", commit " + commit
                + (dirty.isEmpty() ? "" : " with uncommitted changes in engine/ or cli/"));
        facts.put("ansible-playbook", firstLine(Proc.output(root, "ansible-playbook", "--version")));
        facts.put("OpenSSH", firstLine(Proc.output(root, "ssh", "-V")));
        facts.put("Docker", firstLine(Proc.output(root, "docker", "version", "--format", "{{.Server.Version}}")));
        return facts;
    }

    /** The 1-minute load average, from /proc/loadavg. */
    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }

    private static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).strip();
                }
            }
        } catch (IOException e) {
            // fall through
        }
        return "unknown CPU";
    }

    private static String memTotal() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    long kb = Long.parseLong(line.replaceAll("\\D", ""));
                    return String.format("%.1f GiB", kb / 1024.0 / 1024.0);
                }
            }
        } catch (IOException | NumberFormatException e) {
            // fall through
        }
        return "unknown";
    }

    private static String firstLine(String text) {
        int nl = text.indexOf('\n');
        return nl < 0 ? text : text.substring(0, nl);
    }
}
