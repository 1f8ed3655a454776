package herd.engine.run;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;

import herd.engine.event.Event;
import herd.engine.event.HostStats;
import herd.engine.event.Listener;
import herd.engine.event.RunResult;
import herd.engine.event.Status;
import herd.engine.event.StepResult;
import herd.engine.inventory.Host;
import herd.engine.playbook.Action;
import herd.engine.playbook.Loop;
import herd.engine.playbook.Play;
import herd.engine.playbook.Rolling;
import herd.engine.playbook.Task;
import herd.engine.playbook.Text;
import herd.engine.template.TemplateError;
import herd.engine.template.Templates;
import herd.engine.transport.Endpoint;
import herd.engine.transport.Transport;
import herd.engine.transport.TransportFactory;

/**
 * Runs a plan with Ansible's linear strategy: each task runs on every remaining host of its play, up
 * to {@code forks} at once, before the next task starts. A host that fails or cannot be reached
 * stops there, for the rest of the playbook; the others go on. The runner alone decides the state of
 * the run; it tells its listener through events.
 */
public final class Runner {
    private final RunOptions options;
    private final Map<Endpoint.Kind, TransportFactory> factories;
    private final CommandBuilder commands;
    private final Templates templates;
    private final Listener listener;
    private final Map<String, Transport> transports = new ConcurrentHashMap<>();
    private final Map<String, Map<String, Object>> facts = new ConcurrentHashMap<>();
    private final AtomicBoolean interrupted = new AtomicBoolean();
    private volatile boolean aborted;
    /** Load-balancer servers a haproxy task touched, with the status HAProxy last reported. */
    private final PoolTracker pool = new PoolTracker();
    private final Set<String> failedHosts = ConcurrentHashMap.newKeySet();
    private final Stop stop = new Stop();
    private final StepExecutor executor;

    public Runner(RunOptions options, Map<Endpoint.Kind, TransportFactory> factories, Templates templates,
                  Listener listener) {
        this.options = options;
        this.factories = Map.copyOf(factories);
        this.commands = new CommandBuilder(templates);
        this.templates = templates;
        this.listener = listener;
        this.executor = new StepExecutor(commands, stop);
    }

    /** Stops starting steps and ends the running ones; the run then ends as interrupted. Safe from any thread. */
    public void interrupt() {
        if (interrupted.compareAndSet(false, true)) {
            stop.request();
            transports.values().forEach(Transport::close);
        }
    }

    public RunResult run(Plan plan) {
        Instant start = Instant.now();
        long startNanos = System.nanoTime();
        String playbook = plan.playbook().file().toString();
        emit(new Event.RunStarted(playbook, start));
        List<StepResult> steps = Collections.synchronizedList(new ArrayList<>());
        Map<String, HostStats> stats = new LinkedHashMap<>();
        Set<String> stopped = ConcurrentHashMap.newKeySet();
        Semaphore forks = new Semaphore(options.forks());
        try (ExecutorService executor = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("herd-step-", 0).factory())) {
            for (PlannedPlay planned : plan.plays()) {
                if (interrupted.get() || aborted) {
                    break;
                }
                runPlay(plan, planned, executor, forks, steps, stats, stopped);
            }
        } finally {
            transports.values().forEach(Transport::close);
            factories.values().forEach(TransportFactory::close);
        }
        RunResult result = new RunResult(playbook, start, Duration.ofNanos(System.nanoTime() - startNanos), steps,
                stats, interrupted.get(), pool.leftOut(), pool.timeOut());
        emit(new Event.RunFinished(result));
        return result;
    }

    private void runPlay(Plan plan, PlannedPlay planned, ExecutorService executor, Semaphore forks,
                         List<StepResult> steps, Map<String, HostStats> stats, Set<String> stopped) {
        Play play = planned.play();
        List<String> playHosts = planned.hosts().stream().map(Host::name).toList();
        emit(new Event.PlayStarted(play.displayName(), playHosts));
        Map<String, Map<String, Object>> scopes = new LinkedHashMap<>();
        for (Host host : planned.hosts()) {
            stats.putIfAbsent(host.name(), HostStats.ZERO);
            scopes.put(host.name(), Scope.of(plan.inventory(), host, play, playHosts, plan.extraVars()));
        }
        List<List<Host>> batches = Batches.of(serial(plan, play), planned.hosts());
        Rolling rolling = play.rolling();
        for (int b = 0; b < batches.size() && !interrupted.get() && !aborted; b++) {
            List<Host> batch = batches.get(b);
            long t0 = System.nanoTime();
            if (rolling.isRolling()) {
                emit(new Event.BatchStarted(play.displayName(), b + 1, batches.size(), names(batch)));
            }
            Set<String> before = Set.copyOf(failedHosts);
            for (Host host : batch) {
                scopes.get(host.name()).put("ansible_play_batch", names(batch));
                scopes.get(host.name()).put("play_hosts", names(batch));
            }
            runBatch(plan, play, batch, scopes, executor, forks, steps, stats, stopped);
            List<String> failed = names(batch).stream().filter(h -> failedHosts.contains(h) && !before.contains(h)).toList();
            if (rolling.isRolling()) {
                emit(new Event.BatchFinished(play.displayName(), b + 1, batches.size(), failed,
                        Duration.ofNanos(System.nanoTime() - t0)));
            }
            Optional<String> stop = stopReason(rolling, batch, failed, b + 1 < batches.size());
            if (stop.isPresent()) {
                aborted = true;
                emit(new Event.PlayAborted(play.displayName(), stop.get()));
            }
        }
    }

    /**
     * Why the playbook stops after a batch: in a rolling play any failed host stops the roll, so no
     * further batch takes capacity out; max_fail_percentage and any_errors_fatal as in Ansible.
     */
    private static Optional<String> stopReason(Rolling rolling, List<Host> batch, List<String> failed, boolean more) {
        if (failed.isEmpty()) {
            return Optional.empty();
        }
        if (rolling.anyErrorsFatal()) {
            return Optional.of("any_errors_fatal: " + String.join(", ", failed) + " failed");
        }
        if (rolling.maxFailPercentage().isPresent()) {
            double percent = 100.0 * failed.size() / batch.size();
            return percent > rolling.maxFailPercentage().get()
                    ? Optional.of(String.format(java.util.Locale.ROOT, "%.0f%% of the batch failed (%s), more than"
                    + " max_fail_percentage %d", percent, String.join(", ", failed), rolling.maxFailPercentage().get()))
                    : Optional.empty();
        }
        if (rolling.isRolling()) {
            return Optional.of("the roll stops because " + String.join(", ", failed) + " failed"
                    + (more ? "; no further batch starts" : ""));
        }
        return Optional.empty();
    }

    private List<String> serial(Plan plan, Play play) {
        return Planner.serial(templates, play, plan.extraVars());
    }

    private static List<String> names(List<Host> hosts) {
        return hosts.stream().map(Host::name).toList();
    }

    private void runBatch(Plan plan, Play play, List<Host> batch, Map<String, Map<String, Object>> scopes,
                          ExecutorService executor, Semaphore forks, List<StepResult> steps,
                          Map<String, HostStats> stats, Set<String> stopped) {
        for (Task task : play.tasks()) {
            List<Host> active = batch.stream().filter(h -> !stopped.contains(h.name())).toList();
            if (active.isEmpty()) {
                if (!batch.isEmpty()) {
                    emit(new Event.NoHostsLeft(play.displayName()));
                }
                return;
            }
            if (interrupted.get()) {
                return;
            }
            String taskName = taskName(task, vars(plan, active.getFirst().name(), scopes));
            List<Host> others = task.runOnce() ? active.subList(1, active.size()) : List.of();
            if (task.runOnce()) {
                active = List.of(active.getFirst());
            }
            emit(new Event.TaskStarted(play.displayName(), taskName, names(active)));
            List<Future<?>> running = new ArrayList<>();
            for (Host host : active) {
                running.add(executor.submit(() -> {
                    if (!acquire(forks)) {
                        return;
                    }
                    try {
                        if (interrupted.get()) {
                            return;
                        }
                        if (task.action() instanceof Action.Include include) {
                            include(plan, play, task, include, host, scopes, Map.of(), "", steps, stats, stopped);
                        } else {
                            StepResult step = step(plan, play, task, host, vars(plan, host.name(), scopes));
                            record(step, steps, stats, stopped);
                        }
                    } finally {
                        forks.release();
                    }
                }));
            }
            for (Future<?> future : running) {
                await(future);
            }
            shareRunOnceResult(task, active.getFirst(), others);
            if (play.rolling().anyErrorsFatal() && active.stream().anyMatch(h -> stopped.contains(h.name()))) {
                batch.forEach(h -> stopped.add(h.name()));
                return;
            }
        }
    }

    /**
     * include_tasks on one host: its tasks run in order on this host, once per loop item, each a step
     * of its own named "label | task". Hosts of a batch go through their includes side by side.
     */
    private void include(Plan plan, Play play, Task task, Action.Include include, Host host,
                         Map<String, Map<String, Object>> scopes, Map<String, Object> outerItems, String prefix,
                         List<StepResult> steps, Map<String, HostStats> stats, Set<String> stopped) {
        Map<String, Object> vars = vars(plan, host.name(), scopes);
        vars.putAll(outerItems);
        Map<String, Object> lazy = templates.lazy(vars);
        List<Object> items = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        if (task.loop().isEmpty()) {
            items.add(null);
            labels.add("");
        } else {
            Loop loop = task.loop().get();
            try {
                for (Object item : Loops.items(templates, loop, lazy)) {
                    Map<String, Object> itemVars = new HashMap<>(vars);
                    itemVars.put(loop.loopVar(), item);
                    items.add(item);
                    labels.add(Loops.label(templates, loop, item, templates.lazy(itemVars)));
                }
            } catch (TemplateError e) {
                record(failedStep(play, task, host, prefix, "loop: " + e.getMessage()), steps, stats, stopped);
                return;
            }
        }
        for (int i = 0; i < items.size(); i++) {
            Map<String, Object> itemVars = new HashMap<>(outerItems);
            if (task.loop().isPresent()) {
                itemVars.put(task.loop().get().loopVar(), items.get(i));
                long index = i;
                task.loop().get().indexVar().ifPresent(name -> itemVars.put(name, index));
            }
            String itemPrefix = prefix + (labels.get(i).isEmpty() ? "" : labels.get(i) + " | ");
            Map<String, Object> whenVars = new HashMap<>(vars);
            whenVars.putAll(itemVars);
            try {
                if (!Loops.allHold(templates, task.when(), templates.lazy(whenVars))) {
                    continue;
                }
            } catch (TemplateError e) {
                record(failedStep(play, task, host, itemPrefix, "when: " + e.getMessage()), steps, stats, stopped);
                return;
            }
            for (Task inner : include.tasks()) {
                if (interrupted.get() || stopped.contains(host.name())) {
                    return;
                }
                if (inner.action() instanceof Action.Include nested) {
                    include(plan, play, inner, nested, host, scopes, itemVars, itemPrefix, steps, stats, stopped);
                    continue;
                }
                if (inner.runOnce()) {
                    record(failedStep(play, inner, host, itemPrefix, "run_once inside include_tasks is not supported"
                            + " by herd; put the task in the play itself"), steps, stats, stopped);
                    return;
                }
                Map<String, Object> innerVars = vars(plan, host.name(), scopes);
                innerVars.putAll(itemVars);
                StepResult step = step(plan, play, inner, host, innerVars);
                record(renamed(step, itemPrefix + step.task()), steps, stats, stopped);
            }
        }
    }

    private static StepResult renamed(StepResult s, String task) {
        return new StepResult(s.host(), s.play(), task, s.status(), s.rc(), s.stdout(), s.stderr(), s.message(),
                s.ignored(), s.start(), s.duration(), s.items());
    }

    private static StepResult failedStep(Play play, Task task, Host host, String prefix, String message) {
        return new StepResult(host.name(), play.displayName(), prefix + task.displayName(), Status.FAILED,
                OptionalInt.empty(), "", "", Optional.of(message), task.ignoreErrors(), Instant.now(),
                Duration.ZERO, List.of());
    }

    /** A run_once task's registered result and facts belong to every host of the batch, as in Ansible. */
    private void shareRunOnceResult(Task task, Host ran, List<Host> others) {
        Map<String, Object> source = facts.getOrDefault(ran.name(), Map.of());
        for (Host other : others) {
            Map<String, Object> hostFacts = facts(other.name());
            task.register().ifPresent(name -> hostFacts.put(name, source.get(name)));
            if (task.action() instanceof Action.Module m && m.module().equals("set_fact")) {
                m.args().keySet().forEach(name -> hostFacts.put(name, source.get(name)));
            }
        }
    }

    private String taskName(Task task, Map<String, Object> vars) {
        if (task.name().isEmpty()) {
            return task.displayName();
        }
        try {
            return commands.render(task.name().get(), templates.lazy(vars));
        } catch (TemplateProblem e) {
            return task.name().get().raw();
        }
    }

    private synchronized void record(StepResult step, List<StepResult> steps, Map<String, HostStats> stats,
                                     Set<String> stopped) {
        steps.add(step);
        stats.merge(step.host(), HostStats.ZERO.plus(step), (old, one) -> old.plus(step));
        if (step.stopsHost()) {
            stopped.add(step.host());
            failedHosts.add(step.host());
        }
        listener.on(new Event.StepFinished(step));
    }

    /** What earlier tasks registered or set on a host (values may be null, so no ConcurrentHashMap). */
    private Map<String, Object> facts(String host) {
        return facts.computeIfAbsent(host, h -> Collections.synchronizedMap(new HashMap<>()));
    }

    /** A host's variables for a step: the play's scope, then what earlier tasks registered or set, then -e. */
    private Map<String, Object> vars(Plan plan, String host, Map<String, Map<String, Object>> scopes) {
        Map<String, Object> vars = new HashMap<>(scopes.get(host));
        vars.putAll(facts.getOrDefault(host, Map.of()));
        vars.putAll(plan.extraVars());
        return vars;
    }

    private StepResult step(Plan plan, Play play, Task task, Host host, Map<String, Object> vars) {
        Instant start = Instant.now();
        long t0 = System.nanoTime();
        String taskName = taskName(task, vars);
        String target;
        Outcome outcome;
        try {
            target = task.delegateTo().isPresent() ? commands.render(task.delegateTo().get(), templates.lazy(vars)) : host.name();
            String on = target;
            outcome = plan.endpoints().containsKey(on)
                    ? executor.run(play, task, vars, request -> transport(plan, on).exec(request))
                    : Outcome.failed("delegate_to: '" + on + "' is not a host of the inventory");
        } catch (TemplateProblem e) {
            outcome = Outcome.failed("delegate_to: " + e.getMessage());
        }
        if (interrupted.get() && outcome.status() != Status.OK && outcome.status() != Status.CHANGED) {
            outcome = outcome.withStatus(Status.FAILED, Optional.of("interrupted: herd was asked to stop while this step ran"));
        }
        pool.track(task, outcome);
        Map<String, Object> hostFacts = facts(host.name());
        hostFacts.putAll(outcome.facts());
        Map<String, Object> registered = outcome.result();
        task.register().ifPresent(name -> hostFacts.put(name, registered));
        boolean ignored = outcome.status() == Status.FAILED && task.ignoreErrors() && !interrupted.get();
        return new StepResult(host.name(), play.displayName(), taskName, outcome.status(), outcome.rc(),
                outcome.stdout(), outcome.stderr(), outcome.message().filter(m -> !m.isEmpty()), ignored, start,
                Duration.ofNanos(System.nanoTime() - t0), outcome.items());
    }

    private Transport transport(Plan plan, String host) {
        return transports.computeIfAbsent(host,
                name -> factories.get(plan.endpoints().get(name).kind()).open(plan.endpoints().get(name)));
    }

    private static boolean acquire(Semaphore forks) {
        try {
            forks.acquire();
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void await(Future<?> future) {
        try {
            future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            throw new IllegalStateException("a step failed inside herd itself", e.getCause());
        }
    }

    private synchronized void emit(Event event) {
        listener.on(event);
    }
}
