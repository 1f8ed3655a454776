package herd.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * {@code ./herd run} under {@code /usr/bin/time -f %M} (peak RSS; the launcher execs the JVM, so that is
 * the JVM's), with the console output to a file and the JSON report checked: ok == steps on every host.
 */
final class HerdContender implements Contender {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path launcher;
    private final Tool tool;
    private final boolean locked;

    /**
     * {@link Tool#HERD_LOCKED}: as users run it, with the run lock; {@link Tool#HERD}: {@code --no-lock}, as
     * the other tools take none; {@link Tool#HERD_CHANNELS}: with the lock and {@code --no-sessions}.
     */
    HerdContender(Path launcher, Tool tool) {
        this.launcher = launcher;
        this.tool = tool;
        this.locked = tool != Tool.HERD;
    }

    @Override
    public Tool tool() {
        return tool;
    }

    @Override
    public Measurement run(Workload workload, Cluster cluster, int round) throws IOException, InterruptedException {
        Path dir = cluster.dir();
        String tag = tool().label() + "-r" + round;
        Path rss = dir.resolve(tag + ".rss");
        Path report = dir.resolve(tag + ".json");
        Files.deleteIfExists(rss);
        Files.deleteIfExists(report);
        List<String> command = new java.util.ArrayList<>(Timed.wrap(rss, List.of(
                launcher.toString(), "run", cluster.playbook().toString(), "-i", cluster.inventory().toString(),
                "-f", Integer.toString(workload.forks().get(tool())),
                "--known-hosts", cluster.knownHosts().toString(), "--json", report.toString(), "--no-color")));
        if (!locked) {
            // Ansible and the ssh loop take no run lock; herd's costs two commands a host (see README)
            command.add("--no-lock");
        }
        if (tool == Tool.HERD_CHANNELS) {
            command.add("--no-sessions");
        }
        Proc.Result r = Proc.run(command, dir, Map.of(), dir.resolve(tag + ".out"), dir.resolve(tag + ".err"),
                Proc.TIMEOUT);
        int errors = errors(report, cluster.hostNames(), workload.steps());
        String problem = "";
        if (r.timedOut()) {
            problem = "killed after " + Proc.TIMEOUT.toMinutes() + " min";
        } else if (r.exit() != 0) {
            problem = "exit " + r.exit() + "\n" + r.tail();
        }
        if (!problem.isEmpty() && errors == 0) {
            errors = cluster.hostNames().size() * workload.steps();
        }
        return new Measurement(tool(), round, r.nanos(), errors, Timed.read(rss), problem);
    }

    private static int errors(Path report, List<String> hosts, int steps) {
        Map<String, Integer> ok = new HashMap<>();
        try {
            JsonNode stats = JSON.readTree(report.toFile()).path("stats");
            stats.properties().forEach(e -> ok.put(e.getKey(), e.getValue().path("ok").asInt()));
        } catch (IOException e) {
            // no report: every host-step counts as an error
        }
        return Recap.errors(hosts, steps, ok);
    }
}
