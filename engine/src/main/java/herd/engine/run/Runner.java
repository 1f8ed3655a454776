package herd.engine.run;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import herd.engine.event.Event;
import herd.engine.event.Listener;
import herd.engine.event.RunResult;
import herd.engine.load.InputException;
import herd.engine.load.Position;
import herd.engine.load.Problem;
import herd.engine.playbook.Task;
import herd.engine.template.Templates;
import herd.engine.transport.Endpoint;
import herd.engine.transport.Transport;
import herd.engine.transport.TransportFactory;

/**
 * Runs a plan with Ansible's linear strategy: each task runs on every remaining host of its play, up
 * to {@code forks} at once, before the next task starts. A host that fails or cannot be reached
 * stops there, for the rest of the playbook; the others go on. The runner alone decides the state of
 * the run; it tells its listener through events. This class wires a run together (the lock, the
 * journal, interrupts, putting the load balancer back); {@link PlayRun} and {@link BatchRun} walk the
 * plays, {@link StepRunner} runs one step.
 */
public final class Runner {
    private final RunOptions options;
    private final Map<Endpoint.Kind, TransportFactory> factories;
    private final CommandBuilder commands;
    private final Templates templates;
    private final Listener listener;
    private final Map<String, Transport> transports = new ConcurrentHashMap<>();
    private final AtomicBoolean interrupted = new AtomicBoolean();
    private final Stop stop = new Stop();
    /** Counted down when the plays are over, whether they ran out or were interrupted. */
    private final CountDownLatch playsDone = new CountDownLatch(1);
    /** True once the running steps' commands were ended after an interrupt. */
    private final AtomicBoolean ended = new AtomicBoolean();
    /** What the run being resumed completed (nothing without --resume). */
    private final Journal.Completed completed;

    public Runner(RunOptions options, Map<Endpoint.Kind, TransportFactory> factories, Templates templates,
                  Listener listener) {
        this.options = options;
        this.factories = Map.copyOf(factories);
        this.commands = new CommandBuilder(templates, options.becomePassword(), options.become());
        this.templates = templates;
        this.listener = new Masked(listener);
        this.completed = options.resume().map(Journal::read).orElse(Journal.Completed.NONE);
    }

    /**
     * Stops starting steps; the running ones get the grace period to finish, then their commands are
     * ended (at once on a second call). The run then puts back the load-balancer servers it took out,
     * and ends as interrupted. Safe from any thread.
     */
    public void interrupt() {
        if (interrupted.compareAndSet(false, true)) {
            Thread.ofPlatform().daemon().name("herd-grace").start(() -> {
                try {
                    if (!playsDone.await(options.grace().toMillis(), TimeUnit.MILLISECONDS)) {
                        endRunningSteps();
                    }
                } catch (InterruptedException e) {
                    endRunningSteps();
                }
            });
        } else {
            endRunningSteps();
        }
    }

    /** Ends the commands still running; never once the plays are over (the load balancer is being restored). */
    private void endRunningSteps() {
        synchronized (playsDone) {
            if (playsDone.getCount() > 0 && ended.compareAndSet(false, true)) {
                stop.request();
                transports.values().forEach(Transport::close);
            }
        }
    }

    public RunResult run(Plan plan) {
        checkResumable(plan);
        Instant start = Instant.now();
        long startNanos = System.nanoTime();
        String playbook = plan.playbook().file().toString();
        RunLock.Taking locks = RunLock.Taking.NONE;
        RunState run;
        Journal journal;
        try (ExecutorService executor = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("herd-step-", 0).factory())) {
            run = new RunState(options, plan, templates, commands, listener, executor, factories, stop, interrupted,
                    ended, transports);
            // before anything else: a run that cannot keep its journal does not start
            journal = options.journal().map(file -> Journal.open(file, playbookPath(plan), start)).orElse(null);
            run.emit(new Event.RunStarted(playbook, start));
            Optional<RunLock> lock = options.lock().enabled()
                    ? Optional.of(new RunLock(options.lock(), LockHolder.current(playbook), LockHolder.controllerName(),
                            run::emit))
                    : Optional.empty();
            try {
                if (lock.isPresent()) {
                    locks = lock.get().take(RunLocks.targets(plan, options.lock()), run::transport, options.forks(),
                            options.connectionCap());
                    run.unlocked.putAll(locks.unreachable());
                }
                StepRunner steps = new StepRunner(run, completed, journal);
                PlayRun plays = new PlayRun(run, steps);
                for (PlannedPlay planned : plan.plays()) {
                    if (interrupted.get() || run.aborted || run.halted != null || !locks.refusals().isEmpty()) {
                        break;
                    }
                    plays.run(planned);
                }
                synchronized (playsDone) {
                    playsDone.countDown();
                }
                if (interrupted.get()) {
                    restorePool(run, steps);
                }
            } finally {
                // before the transports close: an interrupt closed them already, and release reconnects
                if (lock.isPresent()) {
                    lock.get().release(locks.taken(), run::transport, options.forks());
                }
                transports.values().forEach(Transport::close);
                factories.values().forEach(TransportFactory::close);
            }
        }
        RunResult result = new RunResult(playbook, start, Duration.ofNanos(System.nanoTime() - startNanos), run.steps,
                run.stats, interrupted.get(), run.pool.leftOut(), run.pool.timeOut(), run.outOfTime, locks.refusals(),
                run.forgiven, Optional.ofNullable(run.halted), run.connections());
        if (journal != null) {
            journal.end(result.exitCode());
            journal.close();
        }
        run.emit(new Event.RunFinished(result));
        return result;
    }

    private static String playbookPath(Plan plan) {
        return plan.playbook().file().toAbsolutePath().normalize().toString();
    }

    /** A journal from another playbook would skip the wrong steps. */
    private void checkResumable(Plan plan) {
        if (!completed.playbook().isEmpty() && !completed.playbook().equals(playbookPath(plan))) {
            throw new InputException(Problem.at(Position.of(options.resume().orElseThrow().toString()),
                    "this journal is of " + completed.playbook() + ", not of " + playbookPath(plan),
                    "resume a run with the journal that run wrote"));
        }
    }

    /**
     * After an interrupt: every load-balancer server this run took out and left out is enabled
     * again by the haproxy task that took it out, now with state enabled, waiting until HAProxy
     * reports it UP. A server that does not come UP stays in the loud out-of-pool list.
     */
    private void restorePool(RunState run, StepRunner steps) {
        Map<String, PoolTracker.Restore> out = run.pool.stillOut();
        if (out.isEmpty()) {
            return;
        }
        run.restoring = true;
        if (ended.get()) {
            // the interrupt closed the connections: open new ones
            transports.values().forEach(Transport::close);
            transports.clear();
        }
        for (PoolTracker.Restore restore : out.values()) {
            Task enable = PoolRestore.enableTask(restore);
            run.emit(new Event.TaskStarted(restore.play().displayName(), enable.name().orElseThrow().raw(),
                    List.of(restore.host().name())));
            run.record(steps.step(restore.play(), enable, restore.host(), restore.vars(), false, "restore"));
        }
    }
}
