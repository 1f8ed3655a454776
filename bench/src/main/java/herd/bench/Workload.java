package herd.bench;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One benchmark entry: {@code hosts} inventory hosts (at most {@code hostsPerContainer} loopback
 * addresses per container) doing {@code job}, run by each tool in {@code forks} with that fork count.
 * {@code skipped} says why a tool is left out, for the results. A new workload is one more entry in
 * {@link #ALL}.
 */
record Workload(String name, int hosts, int hostsPerContainer, Job job, Map<Tool, Integer> forks,
                Map<Tool, String> skipped, Optional<Integer> rounds) {

    private static final String ANSIBLE_200 = "measured once with forks = 200 on this 2-core machine"
            + " (2026-11-26): 153 s for one run, and 10 of the 200 hosts failed with \"Timeout (12s) waiting"
            + " for privilege escalation prompt\"; three rounds would add about 8 minutes to measure Ansible"
            + " failing, so the scale comparison with Ansible stops at 100 hosts";
    private static final String ANSIBLE_500 = "forks = 500 is more than 2 cores can serve: already at 200 hosts"
            + " Ansible took 153 s and lost hosts to privilege-escalation timeouts (see scale-200x5)";

    private static final String NO_SSH_MODULES = "a plain ssh loop cannot run Ansible's modules";

    private static final String NO_SSH_FACTS = "a plain ssh loop has nothing that gathers Ansible's facts";

    static final List<Workload> ALL = List.of(
            // Issue 3 (a): 20 container hosts, each its own container, x 10 become steps.
            // Issue 18: with every anchor, herd also as users run it (with its run lock).
            of("a-20x10", 20, 1, new Job.BecomeTrue(10)).with(Tool.ANSIBLE, 20).withAnchors(20),
            // Issue 3 (b): scale, 100 loopback addresses per container.
            of("scale-100x5", 100, 100, new Job.BecomeTrue(5)).with(Tool.ANSIBLE, 100)
                    .with(Tool.HERD_LOCKED, 100).with(Tool.PDSH, 100).with(Tool.CLUSH, 100),
            of("scale-200x5", 200, 100, new Job.BecomeTrue(5)).without(Tool.ANSIBLE, ANSIBLE_200),
            of("scale-500x5", 500, 100, new Job.BecomeTrue(5)).without(Tool.ANSIBLE, ANSIBLE_500),
            // Issue 18 (4): fleet size, herd with forks = 200 and its default cap of 256 open connections.
            of("fleet-100x3", 100, 100, new Job.BecomeTrue(3)).with(Tool.HERD, 100).with(Tool.HERD_LOCKED, 100),
            of("fleet-2000x3", 2000, 100, new Job.BecomeTrue(3)).with(Tool.HERD, 200).with(Tool.HERD_LOCKED, 200)
                    .rounds(1),
            // Facts: gather_facts on 20 container hosts, then one debug task that reads them.
            of("facts-20", 20, 1, new Job.Facts()).with(Tool.ANSIBLE, 20).without(Tool.SSH, NO_SSH_FACTS),
            // Issue 18 (2a): a deploy and roll with facts, files, a handler and serial batches.
            of("deploy-20", 20, 1, new Job.DeployAndRoll(10)).with(Tool.ANSIBLE, 20).with(Tool.MITOGEN, 20)
                    .with(Tool.HERD_LOCKED, 20).with(Tool.HERD_CHANNELS, 20).without(Tool.SSH, NO_SSH_MODULES),
            of("deploy-100", 100, 100, new Job.DeployAndRoll(50)).with(Tool.ANSIBLE, 100).with(Tool.MITOGEN, 100)
                    .with(Tool.HERD_LOCKED, 100).without(Tool.SSH, NO_SSH_MODULES).rounds(1),
            // The module bridge: ansible-core's getent, find and user on 20 container hosts.
            of("roll-20", 20, 20, new Job.RollingRestart(5)).with(Tool.ANSIBLE, 20).with(Tool.MITOGEN, 20)
                    .with(Tool.HERD_LOCKED, 20).without(Tool.SSH, NO_SSH_MODULES),
            of("roll-100", 100, 100, new Job.RollingRestart(25)).with(Tool.ANSIBLE, 100).with(Tool.MITOGEN, 100)
                    .with(Tool.HERD_LOCKED, 100).without(Tool.SSH, NO_SSH_MODULES).rounds(1),
            of("bridge-20x3", 20, 1, new Job.Bridged()).with(Tool.ANSIBLE, 20).with(Tool.MITOGEN, 20)
                    .without(Tool.SSH, NO_SSH_MODULES));

    Workload {
        forks = java.util.Collections.unmodifiableMap(copy(forks));
        skipped = java.util.Collections.unmodifiableMap(copy(skipped));
        if (hosts < 1 || hostsPerContainer < 1 || hostsPerContainer > 100) {
            throw new IllegalArgumentException(name + ": need hosts >= 1 and 1..100 hosts per container");
        }
    }

    /** herd and the ssh loop, both with forks = hosts. */
    static Workload of(String name, int hosts, int hostsPerContainer, Job job) {
        return new Workload(name, hosts, hostsPerContainer, job, Map.of(Tool.HERD, hosts, Tool.SSH, hosts), Map.of(),
                Optional.empty());
    }

    Workload with(Tool tool, int toolForks) {
        Map<Tool, Integer> more = copy(forks);
        more.put(tool, toolForks);
        Map<Tool, String> less = copy(skipped);
        less.remove(tool);
        return new Workload(name, hosts, hostsPerContainer, job, more, less, rounds);
    }

    /** herd with its lock, pdsh, clush and Mitogen too, each with this fan-out. */
    Workload withAnchors(int toolForks) {
        return with(Tool.HERD_LOCKED, toolForks).with(Tool.HERD_CHANNELS, toolForks).with(Tool.PDSH, toolForks).with(Tool.CLUSH, toolForks)
                .with(Tool.MITOGEN, toolForks);
    }

    Workload without(Tool tool, String why) {
        Map<Tool, Integer> less = copy(forks);
        less.remove(tool);
        Map<Tool, String> reasons = copy(skipped);
        reasons.put(tool, why);
        return new Workload(name, hosts, hostsPerContainer, job, less, reasons, rounds);
    }

    /** Runs this workload this many rounds whatever {@code --rounds} says (for slow entries). */
    Workload rounds(int count) {
        return new Workload(name, hosts, hostsPerContainer, job, forks, skipped, Optional.of(count));
    }

    private static <V> Map<Tool, V> copy(Map<Tool, V> map) {
        Map<Tool, V> copy = new EnumMap<>(Tool.class);
        copy.putAll(map);
        return copy;
    }

    List<Tool> tools() {
        return List.copyOf(forks.keySet());
    }

    int steps() {
        return job.steps();
    }

    int containers() {
        return (hosts + hostsPerContainer - 1) / hostsPerContainer;
    }
}
