package herd.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Issue 3's benchmark: for each workload, start its container hosts as the tests do, then run it
 * with herd, ansible-playbook and a plain ssh ControlMaster loop, alternating them over several
 * rounds; print the medians, herd's peak RSS, the ratios and the targets, and write them as markdown.
 * Run it with {@code bench/run}.
 */
public final class Benchmark {
    static final String COMMAND = "bench/run";
    private static final String USAGE = """
            usage: bench/run [--rounds N] [--only NAME[,NAME...]] [--out FILE] [--keep] [--list] [--hold NAME]
              --rounds N   rounds per workload (default 3; a workload may fix its own)
              --only       run only these workloads (see --list)
              --out FILE   write the markdown results there (default bench/results.md)
              --keep       keep the work directory (inventories, outputs, JSON reports)
              --list       list the workloads and exit
              --hold NAME  start the hosts of one workload, print how to run each tool by hand, and
                           keep them until this process is ended (SIGINT/SIGTERM): for profiling""";

    private final Path root;
    private final Path launcher;
    private final int rounds;
    private final boolean keep;
    private final List<Contender> contenders;

    private Benchmark(Path root, int rounds, boolean keep) {
        this.root = root;
        this.launcher = root.resolve("herd");
        this.rounds = rounds;
        this.keep = keep;
        this.contenders = List.of(new HerdContender(launcher, Tool.HERD), new HerdContender(launcher, Tool.HERD_LOCKED),
                new HerdContender(launcher, Tool.HERD_CHANNELS),
                new SshLoopContender(), new FanOutContender(Tool.PDSH), new FanOutContender(Tool.CLUSH),
                new AnsibleContender(false), new AnsibleContender(true));
    }

    public static void main(String[] args) throws Exception {
        int rounds = 3;
        Path out = Path.of("bench/results.md");
        List<String> only = List.of();
        boolean keep = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--rounds" -> rounds = Integer.parseInt(value(args, ++i));
                case "--only" -> only = Arrays.asList(value(args, ++i).split(","));
                case "--out" -> out = Path.of(value(args, ++i));
                case "--keep" -> keep = true;
                case "--hold" -> {
                    hold(choose(List.of(value(args, ++i))).getFirst());
                    return;
                }
                case "--list" -> {
                    Workload.ALL.forEach(w -> System.out.println(w.name() + ": " + w.hosts() + " hosts x " + w.steps()
                            + " steps, " + w.tools().stream().map(Tool::label).toList()));
                    return;
                }
                case "-h", "--help" -> {
                    System.out.println(USAGE);
                    return;
                }
                default -> usage("unknown option " + args[i]);
            }
        }
        if (rounds < 1) {
            usage("--rounds must be >= 1");
        }
        List<Workload> chosen = choose(only);
        Path root = Path.of("").toAbsolutePath();
        if (!Files.isRegularFile(root.resolve("cli/target/herd-cli-0.1.0.jar"))) {
            usage("herd is not built: run bench/run from the repository root (it builds herd first)");
        }
        new Benchmark(root, rounds, keep).run(chosen, out, args);
    }

    private static void hold(Workload workload) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("herd-bench-hold-");
        try (Cluster cluster = Cluster.start(workload, dir, Path.of("").toAbsolutePath())) {
            Files.writeString(dir.resolve("ssh-loop.sh"), SshLoopContender.script(workload, cluster));
            Files.writeString(dir.resolve("ssh_config"), FanOutContender.sshConfig(cluster, Path.of("/tmp")));
            Files.writeString(dir.resolve("ansible.cfg"), AnsibleContender.config(workload.hosts(), cluster,
                    Path.of("/tmp/hb-cp-hold")));
            log(workload.name() + ": " + workload.hosts() + " hosts up; files in " + dir);
            log("herd:    ./herd run " + cluster.playbook() + " -i " + cluster.inventory() + " -f " + workload.hosts()
                    + " --known-hosts " + cluster.knownHosts() + " --no-lock");
            log("ansible: ANSIBLE_CONFIG=" + dir.resolve("ansible.cfg") + " ansible-playbook -i " + cluster.inventory()
                    + " " + cluster.playbook());
            log("ssh:     mkdir -p /tmp/hb-ssh-hold && bash " + dir.resolve("ssh-loop.sh") + " /tmp/hb-ssh-hold");
            log("holding until ended (SIGINT or SIGTERM stops the containers)");
            Thread.sleep(Long.MAX_VALUE);
        }
    }

    private static List<Workload> choose(List<String> only) {
        if (only.isEmpty()) {
            return Workload.ALL;
        }
        Set<String> known = Set.copyOf(Workload.ALL.stream().map(Workload::name).toList());
        for (String name : only) {
            if (!known.contains(name)) {
                usage("no workload '" + name + "'; there are: " + String.join(", ",
                        Workload.ALL.stream().map(Workload::name).toList()));
            }
        }
        return Workload.ALL.stream().filter(w -> only.contains(w.name())).toList();
    }

    private void run(List<Workload> workloads, Path out, String[] args) throws Exception {
        Path work = Files.createTempDirectory("herd-bench-");
        log("work directory " + work);
        Map<String, String> machine = Machine.facts(root, launcher);
        machine.forEach((k, v) -> log(k + ": " + v));
        Startup startup = new Startup(medianSeconds(work, List.of("--version")),
                medianSeconds(work, Startup.CHECK));
        log(String.format("./herd --version: median %.3f s of 10 runs; ./herd %s: median %.3f s of 10 runs",
                startup.version(), String.join(" ", Startup.CHECK), startup.check()));
        List<Outcome> outcomes = new ArrayList<>();
        boolean clean = true;
        for (Workload workload : workloads) {
            Outcome outcome = run(workload, work.resolve(workload.name()));
            outcomes.add(outcome);
            clean &= outcome.measurements().stream().allMatch(m -> m.errors() == 0);
        }
        List<Target> targets = Targets.check(outcomes, startup);
        String command = COMMAND + (args.length == 0 ? "" : " " + String.join(" ", args));
        System.out.println();
        System.out.print(Report.table(outcomes));
        System.out.println();
        targets.forEach(t -> System.out.println(t.line()));
        Path parent = out.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(out, Report.document(outcomes, targets, machine, startup, command));
        log("wrote " + out);
        if (keep || !clean) {
            log("kept the work directory " + work + (clean ? "" : " (there were errors: see the outputs there)"));
        } else {
            delete(work);
        }
    }

    private Outcome run(Workload workload, Path dir) throws IOException, InterruptedException {
        int count = workload.rounds().orElse(rounds);
        log(workload.name() + ": starting " + workload.containers() + " container(s) for " + workload.hosts()
                + " hosts");
        long t0 = System.nanoTime();
        String loadBefore = Machine.loadAverage();
        List<Measurement> measurements = new ArrayList<>();
        try (Cluster cluster = Cluster.start(workload, dir, root)) {
            log(String.format("%s: hosts up in %.1f s", workload.name(), (System.nanoTime() - t0) / 1e9));
            List<Contender> active = contenders.stream().filter(c -> workload.tools().contains(c.tool())).toList();
            for (int round = 1; round <= count; round++) {
                for (int i = 0; i < active.size(); i++) {
                    Contender c = active.get((i + round - 1) % active.size());
                    settle(workload);
                    Measurement m = c.run(workload, cluster, round);
                    measurements.add(m);
                    log(String.format("%s round %d %-7s %7.2f s  errors %d%s%s", workload.name(), round,
                            c.tool().label(), m.seconds(), m.errors(),
                            m.peakRssKb().isPresent() ? String.format("  peak RSS %.0f MB", m.peakRssKb().getAsLong() / 1024.0) : "",
                            m.problem().isEmpty() ? "" : "\n  " + m.problem().strip()));
                }
            }
        }
        String load = loadBefore + " -> " + Machine.loadAverage();
        log(workload.name() + ": load average before -> after: " + load);
        return new Outcome(workload, count, measurements, load);
    }

    /** Median wall time of 10 {@code ./herd ARGS}, after one untimed run. */
    private double medianSeconds(Path work, List<String> args) throws IOException, InterruptedException {
        Path out = work.resolve("startup.out");
        List<String> command = new ArrayList<>(List.of(launcher.toString()));
        command.addAll(args);
        List<Double> times = new ArrayList<>();
        for (int i = 0; i <= 10; i++) {
            Proc.Result r = Proc.run(command, root, Map.of(), out, out, java.time.Duration.ofMinutes(1));
            if (r.exit() != 0) {
                throw new IllegalStateException("./herd " + String.join(" ", args) + " failed:\n" + r.tail());
            }
            if (i > 0) {
                times.add(r.seconds());
            }
        }
        times.sort(Comparator.naturalOrder());
        return (times.get(4) + times.get(5)) / 2;
    }

    /** Lets the previous run's sshd processes and masters end before the next clock starts. */
    private static void settle(Workload workload) throws InterruptedException {
        Thread.sleep(Math.max(1000, workload.hosts() * 5L));
    }

    private static String value(String[] args, int i) {
        if (i >= args.length) {
            usage(args[i - 1] + " needs a value");
        }
        return args[i];
    }

    private static void usage(String problem) {
        System.err.println("bench: " + problem);
        System.err.println(USAGE);
        System.exit(2);
    }

    private static void log(String line) {
        System.out.println("bench: " + line);
        System.out.flush();
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
