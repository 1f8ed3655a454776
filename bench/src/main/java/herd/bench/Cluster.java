package herd.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import herd.testbed.TestHost;
import herd.testbed.TestKeys;

/**
 * The container hosts of one workload, as the tests start them, and the files every tool reads: the
 * inventory, the playbook and one known_hosts with the key lines of every address. All traffic stays
 * on 127.0.0.0/8.
 */
final class Cluster implements AutoCloseable {
    /** Containers started at once; starting is mostly waiting for Docker. */
    private static final int STARTERS = 4;

    /** One inventory host: its name and where its sshd listens. */
    record Host(String name, String address, int port) {
    }

    private final List<TestHost> containers;
    private final List<Host> targets;
    private final Path dir;
    private final Path inventory;
    private final Path playbook;
    private final Path knownHosts;

    private Cluster(List<TestHost> containers, List<Host> targets, Path dir, Path inventory, Path playbook,
                    Path knownHosts) {
        this.containers = containers;
        this.targets = targets;
        this.dir = dir;
        this.inventory = inventory;
        this.playbook = playbook;
        this.knownHosts = knownHosts;
    }

    static Cluster start(Workload workload, Path dir, Path root) throws IOException, InterruptedException {
        List<TestHost> containers = startContainers(workload);
        try {
            List<Host> targets = new ArrayList<>();
            int width = Math.max(3, Integer.toString(workload.hosts()).length());
            for (TestHost container : containers) {
                for (String address : container.addresses()) {
                    String name = "h" + "0".repeat(width - Integer.toString(targets.size() + 1).length())
                            + (targets.size() + 1);
                    targets.add(new Host(name, address, container.port()));
                }
            }
            Files.createDirectories(dir);
            Path knownHosts = TestHost.writeKnownHosts(dir.resolve("known_hosts"), containers.toArray(TestHost[]::new));
            java.util.Map<String, String> vars = workload.job().prepare(root, containers, targets);
            Path inventory = Files.writeString(dir.resolve("inventory.yml"), inventory(targets, vars));
            Path playbook = Files.writeString(dir.resolve("playbook.yml"), workload.job().playbook());
            for (var file : workload.job().files().entrySet()) {
                Files.writeString(dir.resolve(file.getKey()), file.getValue());
            }
            return new Cluster(containers, List.copyOf(targets), dir, inventory, playbook, knownHosts);
        } catch (IOException | RuntimeException e) {
            containers.forEach(TestHost::stop);
            throw e;
        }
    }

    private static List<TestHost> startContainers(Workload workload) throws InterruptedException {
        List<TestHost> started = new ArrayList<>();
        List<Future<TestHost>> starting = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(STARTERS)) {
            int left = workload.hosts();
            while (left > 0) {
                int count = Math.min(left, workload.hostsPerContainer());
                starting.add(pool.submit(() -> TestHost.startMany(count)));
                left -= count;
            }
            RuntimeException failure = null;
            for (Future<TestHost> f : starting) {
                try {
                    started.add(f.get());
                } catch (ExecutionException e) {
                    failure = new IllegalStateException("a container host did not start: " + e.getCause().getMessage(),
                            e.getCause());
                }
            }
            if (failure != null) {
                started.forEach(TestHost::stop);
                throw failure;
            }
        }
        return started;
    }

    private static String inventory(List<Host> targets, java.util.Map<String, String> vars) {
        StringBuilder yaml = new StringBuilder()
                .append("all:\n")
                .append("  vars:\n")
                .append("    ansible_user: deploy\n")
                .append("    ansible_ssh_private_key_file: ").append(TestKeys.privateKey()).append('\n');
        new java.util.TreeMap<>(vars).forEach((k, v) -> yaml.append("    ").append(k).append(": \"").append(v).append("\"\n"));
        yaml.append("  hosts:\n");
        for (Host t : targets) {
            yaml.append("    ").append(t.name()).append(": {ansible_host: ").append(t.address())
                    .append(", ansible_port: ").append(t.port()).append("}\n");
        }
        return yaml.toString();
    }

    List<Host> targets() {
        return targets;
    }

    List<String> hostNames() {
        return targets.stream().map(Host::name).toList();
    }

    Path dir() {
        return dir;
    }

    Path inventory() {
        return inventory;
    }

    Path playbook() {
        return playbook;
    }

    Path knownHosts() {
        return knownHosts;
    }

    Path privateKey() {
        return TestKeys.privateKey();
    }

    int containerCount() {
        return containers.size();
    }

    @Override
    public void close() {
        containers.forEach(TestHost::stop);
    }
}
