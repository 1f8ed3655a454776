package herd.engine.run;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
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
import herd.engine.playbook.Play;
import herd.engine.playbook.Task;
import herd.engine.template.Templates;
import herd.engine.transport.Endpoint;
import herd.engine.transport.ExecRequest;
import herd.engine.transport.ExecResult;
import herd.engine.transport.Transport;
import herd.engine.transport.TransportFactory;
import herd.engine.transport.UnreachableException;

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
    private final Listener listener;
    private final Map<String, Transport> transports = new ConcurrentHashMap<>();
    private final AtomicBoolean interrupted = new AtomicBoolean();

    public Runner(RunOptions options, Map<Endpoint.Kind, TransportFactory> factories, Templates templates,
                  Listener listener) {
        this.options = options;
        this.factories = Map.copyOf(factories);
        this.commands = new CommandBuilder(templates);
        this.listener = listener;
    }

    /** Stops starting steps and ends the running ones; the run then ends as interrupted. Safe from any thread. */
    public void interrupt() {
        if (interrupted.compareAndSet(false, true)) {
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
                if (interrupted.get()) {
                    break;
                }
                runPlay(plan, planned, executor, forks, steps, stats, stopped);
            }
        } finally {
            transports.values().forEach(Transport::close);
            factories.values().forEach(TransportFactory::close);
        }
        RunResult result = new RunResult(playbook, start, Duration.ofNanos(System.nanoTime() - startNanos), steps,
                stats, interrupted.get());
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
        for (Task task : play.tasks()) {
            List<Host> active = planned.hosts().stream().filter(h -> !stopped.contains(h.name())).toList();
            if (active.isEmpty()) {
                if (!planned.hosts().isEmpty()) {
                    emit(new Event.NoHostsLeft(play.displayName()));
                }
                return;
            }
            if (interrupted.get()) {
                return;
            }
            String taskName = taskName(task, scopes.get(active.getFirst().name()));
            emit(new Event.TaskStarted(play.displayName(), taskName, active.stream().map(Host::name).toList()));
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
                        StepResult step = step(plan, play, task, host, scopes.get(host.name()));
                        record(step, steps, stats, stopped);
                    } finally {
                        forks.release();
                    }
                }));
            }
            for (Future<?> future : running) {
                await(future);
            }
        }
    }

    private String taskName(Task task, Map<String, Object> vars) {
        if (task.name().isEmpty()) {
            return task.displayName();
        }
        try {
            return commands.render(task.name().get(), vars);
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
        }
        listener.on(new Event.StepFinished(step));
    }

    private StepResult step(Plan plan, Play play, Task task, Host host, Map<String, Object> vars) {
        Instant start = Instant.now();
        long t0 = System.nanoTime();
        String taskName = taskName(task, vars);
        StepOutcome outcome = execute(plan, play, task, host, vars);
        if (interrupted.get() && outcome.status() != Status.OK && outcome.status() != Status.CHANGED) {
            outcome = new StepOutcome(Status.FAILED, outcome.rc(), outcome.stdout(), outcome.stderr(),
                    Optional.of("interrupted: herd was asked to stop while this step ran"));
        }
        boolean ignored = outcome.status() == Status.FAILED && task.ignoreErrors() && !interrupted.get();
        return new StepResult(host.name(), play.displayName(), taskName, outcome.status(), outcome.rc(),
                outcome.stdout(), outcome.stderr(), outcome.message(), ignored, start,
                Duration.ofNanos(System.nanoTime() - t0));
    }

    private record StepOutcome(Status status, OptionalInt rc, String stdout, String stderr, Optional<String> message) {
        static StepOutcome of(Status status, String message) {
            return new StepOutcome(status, OptionalInt.empty(), "", "", Optional.of(message));
        }
    }

    private StepOutcome execute(Plan plan, Play play, Task task, Host host, Map<String, Object> vars) {
        PreparedCommand prepared;
        try {
            prepared = commands.prepare(play, task, vars);
        } catch (TemplateProblem e) {
            return StepOutcome.of(Status.FAILED, e.text().position() + ": " + e.getMessage());
        }
        Transport transport = transports.computeIfAbsent(host.name(),
                name -> factories.get(plan.endpoints().get(name).kind()).open(plan.endpoints().get(name)));
        try {
            if (prepared.guard().isPresent()) {
                PreparedCommand.Guard guard = prepared.guard().get();
                ExecResult test = transport.exec(ExecRequest.of(guard.command(), task.timeout()));
                if ((test.rc() == 0) == guard.skipWhenTrue()) {
                    return new StepOutcome(Status.OK, OptionalInt.of(0), "", "", Optional.of(guard.message()));
                }
            }
            ExecResult result = transport.exec(ExecRequest.of(prepared.command(), task.timeout()));
            if (result.timedOut()) {
                return new StepOutcome(Status.FAILED, OptionalInt.empty(), result.stdout(), result.stderr(),
                        Optional.of("the command did not finish within the task's timeout of "
                                + task.timeout().map(Duration::toSeconds).orElse(0L) + " s and was stopped"));
            }
            if (result.rc() != 0) {
                return new StepOutcome(Status.FAILED, OptionalInt.of(result.rc()), result.stdout(), result.stderr(),
                        Optional.of("non-zero return code"));
            }
            return new StepOutcome(Status.CHANGED, OptionalInt.of(0), result.stdout(), result.stderr(), Optional.empty());
        } catch (UnreachableException e) {
            return new StepOutcome(Status.UNREACHABLE, OptionalInt.empty(), e.stdout(), e.stderr(),
                    Optional.of(e.getMessage()));
        }
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
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("a step failed inside herd itself", e.getCause());
        }
    }

    private synchronized void emit(Event event) {
        listener.on(event);
    }
}
