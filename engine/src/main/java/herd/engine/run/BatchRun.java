package herd.engine.run;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

import herd.engine.event.Event;
import herd.engine.event.Status;
import herd.engine.event.StepResult;
import herd.engine.inventory.Host;
import herd.engine.module.RunControl;
import herd.engine.playbook.Action;
import herd.engine.playbook.Handler;
import herd.engine.playbook.Play;
import herd.engine.playbook.Task;

/**
 * One batch of a play with Ansible's linear strategy: in each round, the hosts at the lowest place
 * of the play's program each run their next task (hosts inside an include run the included file's
 * tasks, those that included the same file side by side), up to forks at once; hosts that jumped
 * ahead (into a rescue or always section) wait for the others. Handlers run at the program's flush
 * points; meta tasks steer the batch.
 */
final class BatchRun {
    private final RunState run;
    private final StepRunner steps;
    private final Includes includes;
    private final Play play;
    private final Program program;
    private final List<Host> batch;
    private final List<String> playHosts;
    private final Map<String, Variables> scopes;
    private final Map<String, HostPosition> positions = new LinkedHashMap<>();
    /** A meta end_play ended the play. */
    private volatile boolean playEnded;
    /** A task with any_errors_fatal failed on a host: the batch, the play and the playbook end. */
    private volatile boolean fatal;
    /** With the free strategy: every host ends the batch before its next task (end_batch, end_play). */
    private volatile boolean allEnd;
    /** With the free strategy: every host stops for the playbook (any_errors_fatal, max_fail_percentage). */
    private volatile boolean allStop;

    BatchRun(RunState run, StepRunner steps, Play play, Program program, List<Host> batch, List<String> playHosts,
             Map<String, Variables> scopes) {
        this.run = run;
        this.steps = steps;
        this.includes = new Includes(run);
        this.play = play;
        this.program = program;
        this.batch = batch;
        this.playHosts = playHosts;
        this.scopes = scopes;
        batch.forEach(h -> positions.put(h.name(), new HostPosition(program)));
    }

    /** How the batch ended: a meta end_play ended the play; a task's any_errors_fatal ends the playbook. */
    record Ended(boolean play, boolean fatal) {
    }

    /** Runs the batch. */
    Ended run() {
        Set<String> failedBefore = Set.copyOf(run.failedHosts);
        if (play.rolling().strategy() == herd.engine.playbook.Rolling.Strategy.FREE) {
            free(failedBefore);
            return ended();
        }
        while (!run.interrupted()) {
            List<Host> going = batch.stream()
                    .filter(h -> !run.stopped.contains(h.name()) && !positions.get(h.name()).done()).toList();
            if (going.isEmpty()) {
                break;
            }
            int pc = going.stream().mapToInt(h -> positions.get(h.name()).playPc()).min().orElseThrow();
            List<Host> active = going.stream().filter(h -> positions.get(h.name()).playPc() == pc).toList();
            if (program.slot(pc).flushesHandlers()) {
                flushHandlers(active, false);
                active.forEach(h -> positions.get(h.name()).moved(HostPosition.Went.ON));
                continue;
            }
            for (Map.Entry<Object, List<Host>> group : byTask(active).entrySet()) {
                runGroup(group.getValue());
            }
            steer(active);
            if ((play.rolling().anyErrorsFatal() || fatal) && active.stream().anyMatch(h -> run.stopped.contains(h.name()))) {
                batch.forEach(h -> run.stopped.add(h.name()));
                break;
            }
            long failedNow = batch.stream()
                    .filter(h -> run.failedHosts.contains(h.name()) && !failedBefore.contains(h.name())).count();
            if (StopRules.overMaxFail(play.rolling(), batch.size(), failedNow)) {
                // as Ansible's linear strategy: checked after every task, the rest of the batch stops at once
                batch.forEach(h -> run.stopped.add(h.name()));
                break;
            }
        }
        return ended();
    }

    /**
     * The free strategy: every host walks the play on its own, as fast as it can, one step after the
     * other (up to forks at once); handlers run for a host at its own flush points.
     */
    private void free(Set<String> failedBefore) {
        List<Future<?>> walks = new ArrayList<>();
        for (Host host : batch) {
            walks.add(run.executor.submit(() -> walk(host, failedBefore)));
        }
        for (Future<?> walk : walks) {
            try {
                walk.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException e) {
                throw new IllegalStateException("a step failed inside herd itself", e.getCause());
            }
        }
    }

    private void walk(Host host, Set<String> failedBefore) {
        HostPosition p = positions.get(host.name());
        while (!run.interrupted() && !allEnd && !allStop && !run.stopped.contains(host.name()) && !p.done()) {
            if (p.slot().flushesHandlers()) {
                flushHandlers(List.of(host), false);
                p.moved(HostPosition.Went.ON);
                continue;
            }
            runGroup(List.of(host));
            RunControl control = run.controls.remove(host.name());
            if (control == RunControl.END_BATCH || control == RunControl.END_PLAY) {
                playEnded |= control == RunControl.END_PLAY;
                allEnd = true;
            } else if (control != null) {
                run.controls.put(host.name(), control);
                steer(List.of(host));
            }
            long failedNow = batch.stream()
                    .filter(h -> run.failedHosts.contains(h.name()) && !failedBefore.contains(h.name())).count();
            if ((play.rolling().anyErrorsFatal() || fatal) && run.stopped.contains(host.name())
                    || StopRules.overMaxFail(play.rolling(), batch.size(), failedNow)) {
                allStop = true;
            }
        }
        if (allStop) {
            run.stopped.add(host.name());
        } else if (allEnd) {
            // as end_batch does under the linear strategy: the host's notified handlers are not run
            p.end();
            run.notified.remove(host.name());
        }
    }

    /** What is left to do when the batch's tasks are over: forced handlers, the no-hosts-left notice. */
    private Ended ended() {
        if (play.forceHandlers() && !run.interrupted()) {
            // force_handlers: the handlers a host that failed had notified still run, as in Ansible
            flushHandlers(batch.stream().filter(h -> positions.get(h.name()).failed()).toList(), true);
        }
        boolean tasksLeft = batch.stream().anyMatch(h -> positions.get(h.name()).stoppedEarly()
                || !positions.get(h.name()).done());
        if (!batch.isEmpty() && batch.stream().allMatch(h -> run.stopped.contains(h.name())) && tasksLeft
                && !run.interrupted()) {
            run.emit(new Event.NoHostsLeft(play.displayName()));
        }
        return new Ended(playEnded, fatal);
    }

    /** The round's hosts by the task each runs next (and the include item it runs it for), in host order. */
    private Map<Object, List<Host>> byTask(List<Host> active) {
        Map<Object, List<Host>> groups = new LinkedHashMap<>();
        Map<Task, Map<String, Object>> keys = new IdentityHashMap<>();
        for (Host host : active) {
            HostPosition p = positions.get(host.name());
            Object key = keys.computeIfAbsent(p.task(), t -> new LinkedHashMap<>())
                    .computeIfAbsent(p.item().prefix(), prefix -> new Object());
            groups.computeIfAbsent(key, k -> new ArrayList<>()).add(host);
        }
        return groups;
    }

    /** One task on the hosts that run it this round; run_once (and meta end_play) on the first only. */
    private void runGroup(List<Host> hosts) {
        HostPosition first = positions.get(hosts.getFirst().name());
        Task task = first.task();
        boolean oncePerBatch = task.runOnce()
                || task.action() instanceof Action.Module m && m.implementation().oncePerBatch(m.args());
        List<Host> running = oncePerBatch ? List.of(hosts.getFirst()) : hosts;
        java.util.concurrent.Semaphore throttle = new java.util.concurrent.Semaphore(
                task.options().throttle().orElse(Integer.MAX_VALUE));
        String prefix = first.item().prefix();
        String name = prefix + steps.taskName(task, vars(hosts.getFirst(), task));
        run.emit(new Event.TaskStarted(play.displayName(), name, names(running), false));
        Map<String, HostPosition.Went> went = parallel(running, host -> {
            throttle.acquireUninterruptibly();
            try {
                return runOn(host, task, prefix);
            } finally {
                throttle.release();
            }
        });
        if (oncePerBatch) {
            shareRunOnceResult(task, hosts.getFirst(), hosts.subList(1, hosts.size()));
            hosts.subList(1, hosts.size()).forEach(h -> went.put(h.name(), went.getOrDefault(hosts.getFirst().name(),
                    HostPosition.Went.ON)));
        }
        went.forEach((host, how) -> {
            HostPosition p = positions.get(host);
            p.moved(how);
            if (p.failed()) {
                run.stop(host);
                fatal |= task.options().anyErrorsFatal() && !task.ignoreErrors();
            }
        });
    }

    /** The task on one host: an include taken in (the host walks it next), or a step. */
    private HostPosition.Went runOn(Host host, Task task, String prefix) {
        HostPosition p = positions.get(host.name());
        Map<String, Object> vars = vars(host, task);
        if (task.action() instanceof Action.Include include) {
            Includes.Expansion e = includes.expand(play, task, steps.taskName(task, vars), host, vars, p.item(),
                    p.rescues());
            if (e.failed()) {
                return HostPosition.Went.FAILED;
            }
            p.include(Program.of(include.tasks()), e.items());
            return null;
        }
        StepResult step = steps.step(play, task, host, vars, p.rescues(), prefix);
        steps.record(task, prefix.isEmpty() ? step : step.renamed(prefix + step.task(), step.rescued()));
        return went(step);
    }

    /** A host's variables for a task: its play scope, the task's, the include's params, what it set, -e. */
    private Map<String, Object> vars(Host host, Task task) {
        return scopes.get(host.name()).forTask(task)
                .with(Variables.Layer.INCLUDE, positions.get(host.name()).item().vars())
                .with(Variables.Layer.FACTS, run.facts(host.name())).merged();
    }

    private interface HostWork {
        /** How the host came out of its slot; null when it stays on it (an include it walks next). */
        HostPosition.Went on(Host host);
    }

    /** Runs the work on every host, up to forks at once, and waits for all. */
    private Map<String, HostPosition.Went> parallel(List<Host> hosts, HostWork work) {
        Map<String, HostPosition.Went> went = new ConcurrentHashMap<>();
        List<Future<?>> running = new ArrayList<>();
        for (Host host : hosts) {
            running.add(run.executor.submit(() -> {
                if (!acquire()) {
                    return;
                }
                try {
                    if (!run.interrupted()) {
                        HostPosition.Went how = work.on(host);
                        if (how != null) {
                            went.put(host.name(), how);
                        }
                    }
                } finally {
                    run.forks.release();
                }
            }));
        }
        for (Future<?> future : running) {
            try {
                future.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException e) {
                throw new IllegalStateException("a step failed inside herd itself", e.getCause());
            }
        }
        return went;
    }

    private boolean acquire() {
        try {
            run.forks.acquire();
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Each handler in the order the play lists them, on the given hosts that notified it; with
     * {@code force}, on hosts that failed too.
     */
    private void flushHandlers(List<Host> hosts, boolean force) {
        for (Handler handler : play.handlers()) {
            if (run.interrupted()) {
                break;
            }
            List<Host> notified = hosts.stream().filter(h -> (force || !run.stopped.contains(h.name()))
                    && run.notified.getOrDefault(h.name(), Set.of()).stream().anyMatch(handler::answers)).toList();
            if (notified.isEmpty()) {
                continue;
            }
            Task task = handler.task();
            if (task.action() instanceof herd.engine.playbook.Action.Include) {
                // include_tasks as a handler: the notified hosts run the included file, as a task list of its own
                new BatchRun(run, steps, play, Program.of(List.of(task)), notified, playHosts, scopes).run();
                continue;
            }
            run.emit(new Event.TaskStarted(play.displayName(), steps.taskName(task, vars(notified.getFirst(), task)),
                    names(notified), true));
            parallel(notified, host -> {
                StepResult step = steps.step(play, task, host, vars(host, task), false, "");
                steps.record(task, step);
                return went(step);
            }).forEach((host, how) -> {
                if (how != HostPosition.Went.ON) {
                    run.stop(host);
                }
            });
        }
        hosts.forEach(h -> run.notified.remove(h.name()));
    }

    /**
     * Carries out what meta tasks of the round asked, as Ansible 2.14's linear strategy does:
     * handlers flushed for the hosts that asked, a host, the batch or the play ended (their pending
     * handlers are not run), the play's host errors cleared.
     */
    private void steer(List<Host> active) {
        List<Host> flush = new ArrayList<>();
        for (Host host : active) {
            RunControl control = run.controls.remove(host.name());
            if (control == null) {
                continue;
            }
            switch (control) {
                case NOOP -> {
                }
                case FLUSH_HANDLERS -> flush.add(host);
                case END_HOST -> end(host);
                case END_BATCH, END_PLAY -> {
                    batch.forEach(this::end);
                    playEnded |= control == RunControl.END_PLAY;
                }
                case CLEAR_HOST_ERRORS -> {
                    for (String name : playHosts) {
                        if (run.stopped.remove(name) | run.failedHosts.remove(name)) {
                            run.forgiven.add(name);
                            // a host that stopped in this batch does not come back in it, as in Ansible
                            HostPosition p = positions.get(name);
                            if (p != null) {
                                p.end();
                            }
                        }
                    }
                }
            }
        }
        if (!flush.isEmpty()) {
            flushHandlers(flush, false);
        }
    }

    private void end(Host host) {
        positions.get(host.name()).end();
        run.notified.remove(host.name());
    }

    /** A run_once task's registered result and facts belong to every host of the batch, as in Ansible. */
    private void shareRunOnceResult(Task task, Host ran, List<Host> others) {
        Map<String, Object> source = run.facts.getOrDefault(ran.name(), Map.of());
        for (Host other : others) {
            Map<String, Object> hostFacts = run.facts(other.name());
            task.register().ifPresent(name -> hostFacts.put(name, source.get(name)));
            if (task.action() instanceof Action.Module m) {
                m.implementation().sets(m.args()).forEach(name -> hostFacts.put(name, source.get(name)));
            }
        }
    }

    private static HostPosition.Went went(StepResult step) {
        return step.status() == Status.UNREACHABLE && !step.ignored() ? HostPosition.Went.UNREACHABLE
                : step.status() == Status.FAILED && !step.ignored() ? HostPosition.Went.FAILED : HostPosition.Went.ON;
    }

    private static List<String> names(List<Host> hosts) {
        return hosts.stream().map(Host::name).toList();
    }
}
