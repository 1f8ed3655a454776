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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import herd.engine.module.Outcome;
import herd.engine.module.RunControl;
import herd.engine.module.Trait;
import herd.engine.event.Event;
import herd.engine.event.HostStats;
import herd.engine.event.ItemResult;
import herd.engine.event.Listener;
import herd.engine.event.RunResult;
import herd.engine.event.Status;
import herd.engine.event.StepResult;
import herd.engine.inventory.Host;
import herd.engine.playbook.Action;
import herd.engine.playbook.Handler;
import herd.engine.playbook.Loop;
import herd.engine.playbook.Play;
import herd.engine.playbook.Rolling;
import herd.engine.playbook.Task;
import herd.engine.template.TemplateError;
import herd.engine.template.Templates;
import herd.engine.transport.Endpoint;
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
    private final Templates templates;
    private final Listener listener;
    private final Map<String, Transport> transports = new ConcurrentHashMap<>();
    private final Map<String, Map<String, Object>> facts = new ConcurrentHashMap<>();
    private final AtomicBoolean interrupted = new AtomicBoolean();
    private volatile boolean aborted;
    /** The deadline stopped the run between batches. */
    private volatile boolean outOfTime;
    /** The longest a batch of this run took so far: the estimate for the next one. */
    private Duration slowestBatch = Duration.ZERO;
    /** Load-balancer servers a haproxy task touched, with the status HAProxy last reported. */
    private final PoolTracker pool = new PoolTracker();
    private final Set<String> failedHosts = ConcurrentHashMap.newKeySet();
    /** Hosts whose errors a meta clear_host_errors cleared and that have not failed since. */
    private final Set<String> forgiven = ConcurrentHashMap.newKeySet();
    /** What meta tasks asked of the runner, per host, until the batch carries it out. */
    private final Map<String, RunControl> controls = new ConcurrentHashMap<>();
    /** A meta end_play ended the play being run: its remaining batches do not start. */
    private volatile boolean playEnded;
    /**
     * Hosts that could not be reached to lock them, with why: they are unreachable at their first
     * contact as they would have been without a lock, and never run a command unlocked.
     */
    private final Map<String, String> unlocked = new ConcurrentHashMap<>();
    /** Per host, the handler names and topics that tasks which changed something notified. */
    private final Map<String, Set<String>> notified = new ConcurrentHashMap<>();
    private final Stop stop = new Stop();
    private final StepExecutor executor;
    /** Runs the steps that put the load balancer back after an interrupt: they have a stop of their own. */
    private final StepExecutor restoreExecutor;
    /** Counted down when the plays are over, whether they ran out or were interrupted. */
    private final CountDownLatch playsDone = new CountDownLatch(1);
    /** True once the running steps' commands were ended after an interrupt. */
    private final AtomicBoolean ended = new AtomicBoolean();
    private volatile boolean restoring;
    /** What the run being resumed completed (nothing without --resume). */
    private final Journal.Completed completed;
    /** This run's journal of completed steps, open while it runs; null without one. */
    private volatile Journal journal;

    public Runner(RunOptions options, Map<Endpoint.Kind, TransportFactory> factories, Templates templates,
                  Listener listener) {
        this.options = options;
        this.factories = Map.copyOf(factories);
        this.commands = new CommandBuilder(templates, options.becomePassword());
        this.templates = templates;
        this.listener = listener;
        this.executor = new StepExecutor(commands, stop);
        this.restoreExecutor = new StepExecutor(commands, new Stop());
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
        emit(new Event.RunStarted(playbook, start));
        List<StepResult> steps = Collections.synchronizedList(new ArrayList<>());
        Map<String, HostStats> stats = new LinkedHashMap<>();
        Set<String> stopped = ConcurrentHashMap.newKeySet();
        Semaphore forks = new Semaphore(options.forks());
        Optional<RunLock> lock = options.lock().enabled()
                ? Optional.of(new RunLock(options.lock(), LockHolder.current(playbook), LockHolder.controllerName(), this::emit))
                : Optional.empty();
        RunLock.Taking locks = RunLock.Taking.NONE;
        journal = options.journal().map(file -> Journal.open(file, playbookPath(plan), start)).orElse(null);
        try (ExecutorService executor = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("herd-step-", 0).factory())) {
            if (lock.isPresent()) {
                locks = lock.get().take(RunLocks.targets(plan, options.lock()), host -> transport(plan, host), options.forks());
                unlocked.putAll(locks.unreachable());
            }
            for (PlannedPlay planned : plan.plays()) {
                if (interrupted.get() || aborted || !locks.refusals().isEmpty()) {
                    break;
                }
                runPlay(plan, planned, executor, forks, steps, stats, stopped);
            }
            synchronized (playsDone) {
                playsDone.countDown();
            }
            if (interrupted.get()) {
                restorePool(plan, steps, stats);
            }
        } finally {
            // before the transports close: an interrupt closed them already, and release reconnects
            if (lock.isPresent()) {
                lock.get().release(locks.taken(), host -> transport(plan, host));
            }
            transports.values().forEach(Transport::close);
            factories.values().forEach(TransportFactory::close);
        }
        RunResult result = new RunResult(playbook, start, Duration.ofNanos(System.nanoTime() - startNanos), steps,
                stats, interrupted.get(), pool.leftOut(), pool.timeOut(), outOfTime, locks.refusals(), forgiven);
        if (journal != null) {
            journal.end(result.exitCode());
            journal.close();
        }
        emit(new Event.RunFinished(result));
        return result;
    }

    private static String playbookPath(Plan plan) {
        return plan.playbook().file().toAbsolutePath().normalize().toString();
    }

    /** A journal from another playbook would skip the wrong steps. */
    private void checkResumable(Plan plan) {
        if (!completed.playbook().isEmpty() && !completed.playbook().equals(playbookPath(plan))) {
            throw new herd.engine.load.InputException(herd.engine.load.Problem.at(
                    herd.engine.load.Position.of(options.resume().orElseThrow().toString()),
                    "this journal is of " + completed.playbook() + ", not of " + playbookPath(plan),
                    "resume a run with the journal that run wrote"));
        }
    }

    private void runPlay(Plan plan, PlannedPlay planned, ExecutorService executor, Semaphore forks,
                         List<StepResult> steps, Map<String, HostStats> stats, Set<String> stopped) {
        Play play = planned.play();
        List<String> playHosts = planned.hosts().stream().map(Host::name).toList();
        LiveHostVars hostvars = new LiveHostVars(plan.inventory().hostvars(), facts::get);
        emit(new Event.PlayStarted(play.displayName(), playHosts));
        Map<String, Map<String, Object>> scopes = new LinkedHashMap<>();
        for (Host host : planned.hosts()) {
            stats.putIfAbsent(host.name(), HostStats.ZERO);
            scopes.put(host.name(), Scope.of(plan.inventory(), host, play, playHosts, plan.extraVars()));
            scopes.get(host.name()).put("hostvars", hostvars);
        }
        List<List<Host>> batches = Batches.of(serial(plan, play), planned.hosts());
        Program program = Program.of(play.tasks());
        Rolling rolling = play.rolling();
        playEnded = false;
        for (int b = 0; b < batches.size() && !interrupted.get() && !aborted && !playEnded; b++) {
            List<Host> batch = batches.get(b);
            Optional<String> late = StopRules.outOfTime(options.deadline(), slowestBatch, Instant.now());
            if (late.isPresent()) {
                outOfTime = true;
                aborted = true;
                emit(new Event.PlayAborted(play.displayName(), late.get()));
                break;
            }
            long t0 = System.nanoTime();
            if (rolling.isRolling()) {
                emit(new Event.BatchStarted(play.displayName(), b + 1, batches.size(), names(batch)));
            }
            Set<String> before = Set.copyOf(failedHosts);
            for (Host host : batch) {
                scopes.get(host.name()).put("ansible_play_batch", names(batch));
                scopes.get(host.name()).put("play_hosts", names(batch));
            }
            runBatch(plan, play, program, batch, playHosts, scopes, executor, forks, steps, stats, stopped);
            Duration took = Duration.ofNanos(System.nanoTime() - t0);
            slowestBatch = took.compareTo(slowestBatch) > 0 ? took : slowestBatch;
            List<String> failed = names(batch).stream().filter(h -> failedHosts.contains(h) && !before.contains(h)).toList();
            if (rolling.isRolling()) {
                emit(new Event.BatchFinished(play.displayName(), b + 1, batches.size(), failed, took));
            }
            Optional<String> stop = StopRules.afterBatch(rolling, batch.size(), failed, b + 1 < batches.size());
            if (stop.isPresent()) {
                aborted = true;
                emit(new Event.PlayAborted(play.displayName(), stop.get()));
            }
        }
    }

    private List<String> serial(Plan plan, Play play) {
        return Planner.serial(templates, play, plan.extraVars());
    }

    private static List<String> names(List<Host> hosts) {
        return hosts.stream().map(Host::name).toList();
    }

    /** How a host came out of one slot: on to the next, failed (a block may take it), or unreachable. */
    private enum Went { ON, FAILED, UNREACHABLE }

    /**
     * Ansible's linear strategy over a program of slots: the hosts at the earliest slot run it
     * together; hosts that jumped ahead (into a rescue or always section) wait for the others.
     * Handlers notified on a host run at the end, once per host.
     */
    private void runBatch(Plan plan, Play play, Program program, List<Host> batch, List<String> playHosts,
                          Map<String, Map<String, Object>> scopes, ExecutorService executor, Semaphore forks,
                          List<StepResult> steps, Map<String, HostStats> stats, Set<String> stopped) {
        Map<String, Program.Cursor> cursors = new HashMap<>();
        batch.forEach(h -> cursors.put(h.name(), new Program.Cursor()));
        Set<String> failedBefore = Set.copyOf(failedHosts);
        while (!interrupted.get()) {
            List<Host> going = batch.stream()
                    .filter(h -> !stopped.contains(h.name()) && !program.done(cursors.get(h.name()))).toList();
            if (going.isEmpty()) {
                break;
            }
            int pc = going.stream().mapToInt(h -> cursors.get(h.name()).pc()).min().orElseThrow();
            List<Host> active = going.stream().filter(h -> cursors.get(h.name()).pc() == pc).toList();
            Map<String, Went> went = runTask(plan, play, program.slot(pc).task(), active, scopes, false,
                    program.rescues(pc, false), executor, forks, steps, stats);
            went.forEach((host, how) -> {
                Program.Cursor cursor = cursors.get(host);
                switch (how) {
                    case ON -> program.completed(cursor);
                    case FAILED -> program.failed(cursor);
                    case UNREACHABLE -> stop(host, stopped);
                }
                if (cursor.failed()) {
                    stop(host, stopped);
                }
            });
            steer(plan, play, program, batch, active, cursors, playHosts, scopes, executor, forks, steps, stats, stopped);
            if (play.rolling().anyErrorsFatal() && active.stream().anyMatch(h -> stopped.contains(h.name()))) {
                batch.forEach(h -> stopped.add(h.name()));
                break;
            }
            long failedNow = batch.stream()
                    .filter(h -> failedHosts.contains(h.name()) && !failedBefore.contains(h.name())).count();
            if (StopRules.overMaxFail(play.rolling(), batch.size(), failedNow)) {
                // as Ansible's linear strategy: checked after every task, the rest of the batch stops at once
                batch.forEach(h -> stopped.add(h.name()));
                break;
            }
        }
        boolean tasksLeft = batch.stream().anyMatch(h -> cursors.get(h.name()).pc() + 1 < program.size());
        if (!batch.isEmpty() && batch.stream().allMatch(h -> stopped.contains(h.name())) && tasksLeft
                && !interrupted.get()) {
            emit(new Event.NoHostsLeft(play.displayName()));
        }
        runHandlers(plan, play, batch, scopes, executor, forks, steps, stats, stopped);
    }

    /** Each handler in the order the play lists them, on the hosts still going that notified it. */
    private void runHandlers(Plan plan, Play play, List<Host> batch, Map<String, Map<String, Object>> scopes,
                             ExecutorService executor, Semaphore forks, List<StepResult> steps,
                             Map<String, HostStats> stats, Set<String> stopped) {
        for (Handler handler : play.handlers()) {
            if (interrupted.get()) {
                break;
            }
            List<Host> hosts = batch.stream().filter(h -> !stopped.contains(h.name())
                    && notified.getOrDefault(h.name(), Set.of()).stream().anyMatch(handler::answers)).toList();
            if (hosts.isEmpty()) {
                continue;
            }
            runTask(plan, play, handler.task(), hosts, scopes, true, false, executor, forks, steps, stats)
                    .forEach((host, how) -> {
                        if (how != Went.ON) {
                            stop(host, stopped);
                        }
                    });
        }
        batch.forEach(h -> notified.remove(h.name()));
    }

    private void stop(String host, Set<String> stopped) {
        stopped.add(host);
        failedHosts.add(host);
        forgiven.remove(host);
    }

    /**
     * Carries out what meta tasks of the slot just run asked, as Ansible 2.14's linear strategy does:
     * handlers flushed for the hosts that asked, a host, the batch or the play ended (their pending
     * handlers are not run), host errors of the play cleared.
     */
    private void steer(Plan plan, Play play, Program program, List<Host> batch, List<Host> active,
                       Map<String, Program.Cursor> cursors, List<String> playHosts,
                       Map<String, Map<String, Object>> scopes, ExecutorService executor, Semaphore forks,
                       List<StepResult> steps, Map<String, HostStats> stats, Set<String> stopped) {
        List<Host> flush = new ArrayList<>();
        for (Host host : active) {
            RunControl control = controls.remove(host.name());
            if (control == null) {
                continue;
            }
            switch (control) {
                case NOOP -> {
                }
                case FLUSH_HANDLERS -> flush.add(host);
                case END_HOST -> {
                    program.end(cursors.get(host.name()));
                    notified.remove(host.name());
                }
                case END_BATCH, END_PLAY -> {
                    batch.forEach(h -> {
                        program.end(cursors.get(h.name()));
                        notified.remove(h.name());
                    });
                    playEnded |= control == RunControl.END_PLAY;
                }
                case CLEAR_HOST_ERRORS -> {
                    for (String name : playHosts) {
                        if (stopped.remove(name) | failedHosts.remove(name)) {
                            forgiven.add(name);
                            // a host that stopped in this batch does not come back in it, as in Ansible
                            Program.Cursor cursor = cursors.get(name);
                            if (cursor != null) {
                                program.end(cursor);
                            }
                        }
                    }
                }
            }
        }
        if (!flush.isEmpty()) {
            runHandlers(plan, play, flush, scopes, executor, forks, steps, stats, stopped);
        }
    }

    /** One task on the given hosts, up to forks at once; how each host came out of it. */
    private Map<String, Went> runTask(Plan plan, Play play, Task task, List<Host> hosts,
                                      Map<String, Map<String, Object>> scopes, boolean handler, boolean rescues,
                                      ExecutorService executor, Semaphore forks, List<StepResult> steps,
                                      Map<String, HostStats> stats) {
        String taskName = taskName(task, vars(plan, hosts.getFirst().name(), scopes, task));
        boolean oncePerBatch = task.action() instanceof Action.Module m && m.implementation().oncePerBatch(m.args());
        List<Host> active = task.runOnce() || oncePerBatch ? List.of(hosts.getFirst()) : hosts;
        emit(new Event.TaskStarted(play.displayName(), taskName, names(active), handler));
        Map<String, Went> went = new ConcurrentHashMap<>();
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
                        went.put(host.name(), include(plan, play, task, include, host, scopes, Map.of(), "", rescues,
                                steps, stats));
                    } else {
                        StepResult step = step(plan, play, task, host, vars(plan, host.name(), scopes, task), rescues, "");
                        if (!steers(task) || step.status() == Status.FAILED || step.status() == Status.UNREACHABLE) {
                            record(step, steps, stats);
                        } else if (step.status() == Status.SKIPPED) {
                            // as Ansible: a meta task that did its work shows nothing; a skipped one shows,
                            // and the recap does not count it
                            recordUncounted(step, steps);
                        }
                        went.put(host.name(), went(step));
                    }
                } finally {
                    forks.release();
                }
            }));
        }
        for (Future<?> future : running) {
            await(future);
        }
        if (task.runOnce()) {
            List<Host> others = hosts.subList(1, hosts.size());
            shareRunOnceResult(task, hosts.getFirst(), others);
            others.forEach(h -> went.put(h.name(), went.getOrDefault(hosts.getFirst().name(), Went.ON)));
        }
        return went;
    }

    private static Went went(StepResult step) {
        return step.status() == Status.UNREACHABLE ? Went.UNREACHABLE
                : step.status() == Status.FAILED && !step.ignored() ? Went.FAILED : Went.ON;
    }

    /**
     * include_tasks on one host: its tasks run in order on this host, once per loop item, each a step
     * of its own named "label | task". Hosts of a batch go through their includes side by side.
     * Blocks inside the file rescue their own failures; others fail the include itself.
     */
    private Went include(Plan plan, Play play, Task task, Action.Include include, Host host,
                         Map<String, Map<String, Object>> scopes, Map<String, Object> outerItems, String prefix,
                         boolean rescuesOutside, List<StepResult> steps, Map<String, HostStats> stats) {
        Map<String, Object> vars = vars(plan, host.name(), scopes, task);
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
                record(failedStep(play, task, host, prefix, "loop: " + e.getMessage(), rescuesOutside), steps, stats);
                return Went.FAILED;
            }
        }
        Program program = Program.of(include.tasks());
        List<Map<String, Object>> itemScopes = new ArrayList<>();
        List<Boolean> taken = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            // the include's own vars reach its tasks, as Ansible's include parameters do
            Map<String, Object> itemVars = new HashMap<>(outerItems);
            itemVars.putAll(task.vars());
            if (task.loop().isPresent()) {
                itemVars.put(task.loop().get().loopVar(), items.get(i));
                long index = i;
                task.loop().get().indexVar().ifPresent(name -> itemVars.put(name, index));
            }
            Map<String, Object> whenVars = new HashMap<>(vars);
            whenVars.putAll(itemVars);
            try {
                taken.add(Loops.allHold(templates, task.when(), templates.lazy(whenVars)));
            } catch (TemplateError e) {
                record(failedStep(play, task, host, prefix, "when: " + e.getMessage(), rescuesOutside), steps, stats);
                return Went.FAILED;
            }
            itemScopes.add(itemVars);
        }
        // as Ansible, the include itself is a step: ok when its file is taken in, skipped when not; and
        // as Ansible, the recap counts an ok for each item whose file was taken in
        StepResult included = includeStep(play, task, host, prefix, labels, taken);
        record(included, steps, stats);
        for (long more = taken.stream().filter(t -> t).count() - 1; more > 0; more--) {
            synchronized (this) {
                stats.merge(host.name(), HostStats.ZERO.plus(included), (old, one) -> old.plus(included));
            }
        }
        for (int i = 0; i < items.size(); i++) {
            if (!taken.get(i)) {
                continue;
            }
            Map<String, Object> itemVars = itemScopes.get(i);
            String itemPrefix = prefix + (labels.get(i).isEmpty() ? "" : labels.get(i) + " | ");
            Program.Cursor cursor = new Program.Cursor();
            while (!program.done(cursor)) {
                if (interrupted.get()) {
                    return Went.ON;
                }
                Task inner = program.slot(cursor.pc()).task();
                boolean rescues = program.rescues(cursor.pc(), rescuesOutside);
                Went went;
                if (inner.action() instanceof Action.Include nested) {
                    went = include(plan, play, inner, nested, host, scopes, itemVars, itemPrefix, rescues, steps, stats);
                } else if (inner.runOnce()) {
                    record(failedStep(play, inner, host, itemPrefix, "run_once inside include_tasks is not supported"
                            + " by herd; put the task in the play itself", rescues), steps, stats);
                    went = Went.FAILED;
                } else {
                    Map<String, Object> innerVars = vars(plan, host.name(), scopes, inner);
                    innerVars.putAll(itemVars);
                    StepResult step = step(plan, play, inner, host, innerVars, rescues, itemPrefix);
                    record(step.renamed(itemPrefix + step.task(), step.rescued()), steps, stats);
                    went = went(step);
                }
                switch (went) {
                    case ON -> program.completed(cursor);
                    case FAILED -> program.failed(cursor);
                    case UNREACHABLE -> {
                        return Went.UNREACHABLE;
                    }
                }
            }
            if (cursor.failed()) {
                return Went.FAILED;
            }
        }
        return Went.ON;
    }

    private StepResult includeStep(Play play, Task task, Host host, String prefix, List<String> labels,
                                   List<Boolean> taken) {
        Action.Include include = (Action.Include) task.action();
        boolean any = taken.contains(true);
        List<ItemResult> items = new ArrayList<>();
        if (task.loop().isPresent()) {
            for (int i = 0; i < labels.size(); i++) {
                items.add(new ItemResult(labels.get(i), taken.get(i) ? Status.OK : Status.SKIPPED, OptionalInt.empty(),
                        "", "", Optional.of(taken.get(i) ? "included" : "Conditional result was False")));
            }
        }
        return new StepResult(host.name(), play.displayName(), prefix + task.displayName(),
                any ? Status.OK : Status.SKIPPED, OptionalInt.empty(), "", "",
                Optional.of(any ? "included: " + include.file().raw() : "Conditional result was False"), false,
                Instant.now(), Duration.ZERO, items);
    }

    private static StepResult failedStep(Play play, Task task, Host host, String prefix, String message,
                                         boolean rescues) {
        return new StepResult(host.name(), play.displayName(), prefix + task.displayName(), Status.FAILED,
                OptionalInt.empty(), "", "", Optional.of(message), task.ignoreErrors(), Instant.now(),
                Duration.ZERO, List.of(), rescues && !task.ignoreErrors(), false);
    }

    /** A run_once task's registered result and facts belong to every host of the batch, as in Ansible. */
    private void shareRunOnceResult(Task task, Host ran, List<Host> others) {
        Map<String, Object> source = facts.getOrDefault(ran.name(), Map.of());
        for (Host other : others) {
            Map<String, Object> hostFacts = facts(other.name());
            task.register().ifPresent(name -> hostFacts.put(name, source.get(name)));
            if (task.action() instanceof Action.Module m) {
                m.implementation().sets(m.args()).forEach(name -> hostFacts.put(name, source.get(name)));
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

    private static boolean steers(Task task) {
        return task.action() instanceof Action.Module m && m.implementation().traits().contains(Trait.STEERS_RUN);
    }

    private synchronized void recordUncounted(StepResult step, List<StepResult> steps) {
        steps.add(step);
        listener.on(new Event.StepFinished(step));
    }

    private synchronized void record(StepResult step, List<StepResult> steps, Map<String, HostStats> stats) {
        steps.add(step);
        stats.merge(step.host(), HostStats.ZERO.plus(step), (old, one) -> old.plus(step));
        listener.on(new Event.StepFinished(step));
    }

    /** What earlier tasks registered or set on a host (values may be null, so no ConcurrentHashMap). */
    private Map<String, Object> facts(String host) {
        return facts.computeIfAbsent(host, h -> Collections.synchronizedMap(new HashMap<>()));
    }

    /**
     * A host's variables for a step, in Ansible's precedence: the play's scope, the task's own vars,
     * what earlier tasks registered or set, then -e.
     */
    private Map<String, Object> vars(Plan plan, String host, Map<String, Map<String, Object>> scopes, Task task) {
        Map<String, Object> vars = new HashMap<>(scopes.get(host));
        vars.putAll(task.vars());
        vars.putAll(facts.getOrDefault(host, Map.of()));
        vars.putAll(plan.extraVars());
        return vars;
    }

    /**
     * After an interrupt: every load-balancer server this run took out and left out is enabled
     * again by the haproxy task that took it out, now with state enabled, waiting until HAProxy
     * reports it UP. A server that does not come UP stays in the loud out-of-pool list.
     */
    private void restorePool(Plan plan, List<StepResult> steps, Map<String, HostStats> stats) {
        Map<String, PoolTracker.Restore> out = pool.stillOut();
        if (out.isEmpty()) {
            return;
        }
        restoring = true;
        if (ended.get()) {
            // the interrupt closed the connections: open new ones
            transports.values().forEach(Transport::close);
            transports.clear();
        }
        for (PoolTracker.Restore restore : out.values()) {
            Task enable = PoolRestore.enableTask(restore);
            emit(new Event.TaskStarted(restore.play().displayName(), enable.name().orElseThrow().raw(),
                    List.of(restore.host().name())));
            record(step(plan, restore.play(), enable, restore.host(), restore.vars(), false, "restore"), steps, stats);
        }
    }

    private StepResult step(Plan plan, Play play, Task task, Host host, Map<String, Object> vars, boolean rescues,
                            String prefix) {
        Instant start = Instant.now();
        long t0 = System.nanoTime();
        String taskName = taskName(task, vars);
        String key = Journal.key(play, task, prefix, host.name());
        Journal.Done done = restoring ? null : completed.steps().get(key);
        if (done != null) {
            return resumed(play, task, host, key, taskName, done);
        }
        String target;
        Outcome outcome;
        try {
            target = task.delegateTo().isPresent() ? commands.render(task.delegateTo().get(), templates.lazy(vars)) : host.name();
            String on = target;
            outcome = plan.endpoints().containsKey(on)
                    ? (restoring ? restoreExecutor : executor).run(play, task, vars,
                            request -> contact(plan, on).exec(request))
                    : Outcome.failed("delegate_to: '" + on + "' is not a host of the inventory");
        } catch (TemplateProblem e) {
            outcome = Outcome.failed("delegate_to: " + e.getMessage());
        }
        boolean cutShort = ended.get() && !restoring;
        if (cutShort && outcome.status() != Status.OK && outcome.status() != Status.CHANGED) {
            outcome = outcome.withStatus(Status.FAILED, Optional.of("interrupted: herd was asked to stop while this step ran"));
        }
        pool.track(play, task, host, vars, outcome);
        if (outcome.status() != Status.SKIPPED) {
            outcome.control().ifPresent(control -> controls.put(host.name(), control));
        }
        Map<String, Object> hostFacts = facts(host.name());
        hostFacts.putAll(outcome.facts());
        Map<String, Object> registered = outcome.result();
        task.register().ifPresent(name -> hostFacts.put(name, registered));
        boolean ignored = outcome.status() == Status.FAILED && task.ignoreErrors() && !cutShort;
        if (outcome.status() == Status.FAILED && !ignored) {
            // what a rescue section sees, as in Ansible
            hostFacts.put("ansible_failed_result", registered);
            hostFacts.put("ansible_failed_task", Map.of("name", taskName));
        }
        if (outcome.status() == Status.CHANGED) {
            notify(task, host);
        }
        boolean completes = outcome.status() == Status.OK || outcome.status() == Status.CHANGED
                || outcome.status() == Status.SKIPPED || ignored;
        if (journal != null && completes && !restoring && !steers(task)) {
            journal.done(key, host.name(), taskName, outcome.status(), task.register(), registered, outcome.facts());
        }
        return new StepResult(host.name(), play.displayName(), taskName, outcome.status(), outcome.rc(),
                outcome.stdout(), outcome.stderr(), outcome.message().filter(m -> !m.isEmpty()), ignored, start,
                Duration.ofNanos(System.nanoTime() - t0), outcome.items(),
                rescues && outcome.status() == Status.FAILED && !ignored && !cutShort,
                Boolean.TRUE.equals(outcome.result().get("changed")));
    }

    private Transport contact(Plan plan, String host) throws UnreachableException {
        String why = unlocked.get(host);
        if (why != null) {
            throw new UnreachableException(why);
        }
        return transport(plan, host);
    }

    private void notify(Task task, Host host) {
        if (!task.notifications().isEmpty()) {
            Set<String> topics = notified.computeIfAbsent(host.name(), h -> ConcurrentHashMap.newKeySet());
            task.notifications().forEach(n -> topics.add(n.raw()));
        }
    }

    /**
     * A step the run being resumed completed: not run again; what it registered and set is restored,
     * its handlers are notified again (the broken run may not have run them), and this run's journal
     * keeps it, so a run resumed from this one skips it too.
     */
    private StepResult resumed(Play play, Task task, Host host, String key, String taskName, Journal.Done done) {
        Map<String, Object> hostFacts = facts(host.name());
        hostFacts.putAll(done.facts());
        done.register().ifPresent(name -> hostFacts.put(name, done.registered()));
        if (done.status() == Status.CHANGED) {
            notify(task, host);
        }
        if (journal != null) {
            journal.done(key, host.name(), taskName, done.status(), done.register(), done.registered(), done.facts());
        }
        return new StepResult(host.name(), play.displayName(), taskName, done.status(), OptionalInt.empty(), "", "",
                Optional.of("done by the run this one resumes"), false, Instant.now(), Duration.ZERO, List.of());
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
