package herd.engine.run;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import herd.engine.event.Event;
import herd.engine.event.HostStats;
import herd.engine.inventory.Host;
import herd.engine.inventory.Inventory;
import herd.engine.playbook.Play;
import herd.engine.playbook.Rolling;

/**
 * One play: its program compiled once, its hosts in serial batches, the deadline checked before
 * each batch starts and the stop rules after each ends.
 */
final class PlayRun {
    private final RunState run;
    private final StepRunner steps;
    /** The longest a batch of this run took so far: the estimate for the next one. */
    private Duration slowestBatch = Duration.ZERO;

    PlayRun(RunState run, StepRunner steps) {
        this.run = run;
        this.steps = steps;
    }

    void run(PlannedPlay planned) {
        Play play = planned.play();
        Inventory inventory = run.inventory();
        List<Host> hosts = planned.hostsIn(inventory, run.plan.inventory());
        List<String> playHosts = names(hosts);
        LiveHostVars hostvars = new LiveHostVars(() -> run.inventory().hostvars(), run.factCache::vars, run.facts::get);
        run.emit(new Event.PlayStarted(play.displayName(), playHosts));
        Map<String, Variables> scopes = new LinkedHashMap<>();
        for (Host host : hosts) {
            synchronized (run) {
                run.stats.putIfAbsent(host.name(), HostStats.ZERO);
            }
            scopes.put(host.name(), planned.variables(inventory, host, playHosts, run.plan.extraVars())
                    .withMagic(Map.of("hostvars", hostvars, "groups", new LiveGroups(run::inventory),
                            "group_names", LiveGroups.namesOf(run::inventory, host.name()))));
        }
        List<List<Host>> batches = Batches.of(Planner.serial(run.templates, play, run.plan.extraVars()), hosts);
        Program program = Program.play(play.sections());
        Rolling rolling = play.rolling();
        for (int b = 0; b < batches.size() && !run.interrupted() && !run.aborted && run.halted == null; b++) {
            List<Host> batch = batches.get(b);
            Optional<String> late = StopRules.outOfTime(run.options.deadline(), slowestBatch, Instant.now());
            if (late.isPresent()) {
                run.outOfTime = true;
                run.aborted = true;
                run.emit(new Event.PlayAborted(play.displayName(), late.get()));
                break;
            }
            long t0 = System.nanoTime();
            if (rolling.isRolling()) {
                run.emit(new Event.BatchStarted(play.displayName(), b + 1, batches.size(), names(batch)));
            }
            Set<String> before = Set.copyOf(run.failedHosts);
            for (Host host : batch) {
                scopes.put(host.name(), scopes.get(host.name())
                        .withMagic(Map.of("ansible_play_batch", names(batch), "play_hosts", names(batch))));
            }
            BatchRun.Ended ended = new BatchRun(run, steps, play, program, batch, playHosts, scopes).run();
            Duration took = Duration.ofNanos(System.nanoTime() - t0);
            slowestBatch = took.compareTo(slowestBatch) > 0 ? took : slowestBatch;
            List<String> failed = names(batch).stream().filter(h -> run.failedHosts.contains(h) && !before.contains(h)).toList();
            if (rolling.isRolling()) {
                run.emit(new Event.BatchFinished(play.displayName(), b + 1, batches.size(), failed, took));
            }
            Optional<String> stop = ended.fatal() ? Optional.of("any_errors_fatal: " + String.join(", ", failed) + " failed")
                    : StopRules.afterBatch(rolling, batch.size(), failed, b + 1 < batches.size());
            if (stop.isPresent()) {
                run.aborted = true;
                run.emit(new Event.PlayAborted(play.displayName(), stop.get()));
            }
            if (ended.play()) {
                break;
            }
        }
    }

    private static List<String> names(List<Host> hosts) {
        return hosts.stream().map(Host::name).toList();
    }
}
