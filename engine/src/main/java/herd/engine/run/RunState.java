package herd.engine.run;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;

import herd.engine.event.Event;
import herd.engine.event.HostStats;
import herd.engine.event.Listener;
import herd.engine.event.RunResult;
import herd.engine.event.StepResult;
import herd.engine.inventory.Inventory;
import herd.engine.module.RunControl;
import herd.engine.template.Templates;
import herd.engine.transport.CommandSessions;
import herd.engine.transport.ConnectionCap;
import herd.engine.transport.Endpoint;
import herd.engine.transport.Transport;
import herd.engine.transport.TransportFactory;
import herd.engine.transport.UnreachableException;

/**
 * What one run knows while it goes on, shared by its pieces (plays, batches, steps, handlers): the
 * plan, every host's connection and the variables its tasks set, the steps and counts so far, and
 * how the run is asked to stop. Only the runner's pieces change it; reporters see events.
 */
final class RunState {
    final RunOptions options;
    final Plan plan;
    final Templates templates;
    final CommandBuilder commands;
    final Listener listener;
    final ExecutorService executor;
    final Semaphore forks;
    final Map<Endpoint.Kind, TransportFactory> factories;
    /** Every host's connection, opened on first use; the runner closes them (an interrupt too). */
    final Map<String, Transport> transports;
    /** What earlier tasks registered or set on a host. */
    final Map<String, Map<String, Object>> facts = new ConcurrentHashMap<>();
    /** The facts modules returned (setup, gather_facts), per host. */
    final FactCache factCache = new FactCache();
    final List<StepResult> steps = Collections.synchronizedList(new ArrayList<>());
    final Map<String, HostStats> stats = new LinkedHashMap<>();
    /** Hosts that failed or could not be reached: they stop for the rest of the playbook. */
    final Set<String> stopped = ConcurrentHashMap.newKeySet();
    /** Hosts that failed or were unreachable, for the batch rules (max_fail_percentage, a failed roll). */
    final Set<String> failedHosts = ConcurrentHashMap.newKeySet();
    /** Hosts whose errors a meta clear_host_errors cleared and that have not failed since. */
    final Set<String> forgiven = ConcurrentHashMap.newKeySet();
    /** What meta tasks asked of the runner, per host, until the batch carries it out. */
    final Map<String, RunControl> controls = new ConcurrentHashMap<>();
    /** Per host, the handler names and topics that tasks which changed something notified. */
    final Map<String, Set<String>> notified = new ConcurrentHashMap<>();
    /** Hosts that could not be reached to lock them, with why: unreachable at their first contact. */
    final Map<String, String> unlocked = new ConcurrentHashMap<>();
    final PoolTracker pool = new PoolTracker();
    final Stop stop;
    final AtomicBoolean interrupted;
    /** True once the running steps' commands were ended after an interrupt. */
    final AtomicBoolean ended;
    /** The run is putting the load balancer back after an interrupt. */
    volatile boolean restoring;
    /** A stop rule or the deadline ended the playbook. */
    volatile boolean aborted;
    /** Why herd stops the run after the running batch (the journal could not be written); null while it may go on. */
    volatile String halted;
    /** The deadline stopped the run between batches. */
    volatile boolean outOfTime;
    /** The inventory as add_host and group_by left it so far: the plan's until one of them changes it. */
    private volatile Inventory inventory;
    /** How the hosts add_host brought in are reached. */
    private final Map<String, Endpoint> added = new ConcurrentHashMap<>();
    private final ConnectionCap cap;
    private final Optional<CommandSessions> sessions;
    /** How long a command session may take to start before a host's commands run without one. */
    private static final Duration SESSION_START = Duration.ofSeconds(10);

    RunState(RunOptions options, Plan plan, Templates templates, CommandBuilder commands, Listener listener,
             ExecutorService executor, Map<Endpoint.Kind, TransportFactory> factories, Stop stop,
             AtomicBoolean interrupted, AtomicBoolean ended, Map<String, Transport> transports) {
        this.options = options;
        this.plan = plan;
        this.templates = templates;
        this.commands = commands;
        this.listener = listener;
        this.executor = executor;
        this.forks = new Semaphore(options.forks());
        this.factories = factories;
        this.stop = stop;
        this.interrupted = interrupted;
        this.ended = ended;
        this.transports = transports;
        this.inventory = plan.inventory();
        this.cap = new ConnectionCap(options.connectionCap());
        this.sessions = options.sessions() ? Optional.of(new CommandSessions(SESSION_START, cap::crowded))
                : Optional.empty();
    }

    /** What the cap on open connections and the command sessions did in this run. */
    RunResult.Connections connections() {
        ConnectionCap.Use use = cap.use();
        CommandSessions.Use in = sessions.map(CommandSessions::use).orElse(new CommandSessions.Use(0, 0, 0));
        return new RunResult.Connections(use.max(), use.peak(), use.closedForRoom(), use.reopened(), in.started(),
                in.inSession(), in.onChannels());
    }

    /** A new connection to the endpoint; SSH connections count against the run's cap and keep command sessions. */
    private Transport open(Endpoint endpoint) {
        Transport transport = factories.get(endpoint.kind()).open(endpoint);
        if (endpoint.kind() != Endpoint.Kind.SSH) {
            return transport;
        }
        return cap.wrap(sessions.map(s -> s.wrap(transport)).orElse(transport));
    }

    Inventory inventory() {
        return inventory;
    }

    /** How a host is reached: planned, or added by add_host; empty for a name the inventory does not have. */
    Optional<Endpoint> endpoint(String host) {
        return Optional.ofNullable(plan.endpoints().get(host)).or(() -> Optional.ofNullable(added.get(host)));
    }

    /**
     * Makes the inventory change a module's result asks for ({@link herd.engine.module.Trait#EDITS_INVENTORY}),
     * for the rest of the run, as Ansible's strategy does.
     *
     * @return whether the inventory changed (the step's "changed")
     */
    synchronized boolean editInventory(String host, Map<String, Object> result) throws TemplateProblem {
        Inventory before = inventory;
        if (result.get("add_host") instanceof Map<?, ?> add) {
            String name = String.valueOf(add.get("host_name"));
            Map<String, Object> vars = new java.util.LinkedHashMap<>();
            if (add.get("host_vars") instanceof Map<?, ?> given) {
                given.forEach((k, v) -> vars.put(String.valueOf(k), v));
            }
            List<String> groups = add.get("groups") instanceof List<?> list
                    ? list.stream().map(String::valueOf).toList() : List.of();
            inventory = inventory.withHost(name, vars, groups);
            if (inventory != before && !plan.endpoints().containsKey(name)) {
                herd.engine.inventory.Host added = inventory.host(name).orElseThrow();
                this.added.put(name, Endpoints.of(added, templates.lazy(new HashMap<>(added.vars())), commands,
                        plan.playbook().plays().getFirst().position(), Optional.empty(), Optional.empty()));
            }
        } else if (result.get("add_group") != null) {
            List<String> parents = result.get("parent_groups") instanceof List<?> list
                    ? list.stream().map(String::valueOf).toList() : List.of("all");
            inventory = inventory.withGroup(host, String.valueOf(result.get("add_group")), parents);
        }
        return inventory != before;
    }

    boolean interrupted() {
        return interrupted.get();
    }

    /** What earlier tasks registered or set on a host (values may be null, so no ConcurrentHashMap). */
    Map<String, Object> facts(String host) {
        return facts.computeIfAbsent(host, h -> Collections.synchronizedMap(new HashMap<>()));
    }

    /** The host failed or could not be reached: it stops for the rest of the playbook. */
    void stop(String host) {
        stopped.add(host);
        failedHosts.add(host);
        forgiven.remove(host);
    }

    synchronized void record(StepResult step) {
        steps.add(step);
        stats.merge(step.host(), HostStats.ZERO.plus(step), (old, one) -> old.plus(step));
        listener.on(new Event.StepFinished(step));
    }

    /** A step shown but not counted in the recap (a meta task its when skipped, as Ansible). */
    synchronized void recordUncounted(StepResult step) {
        steps.add(step);
        listener.on(new Event.StepFinished(step));
    }

    synchronized void emit(Event event) {
        listener.on(event);
    }

    Transport transport(String host) {
        return transports.computeIfAbsent(host,
                name -> {
                    Endpoint endpoint = endpoint(name).orElseThrow();
                    return open(endpoint);
                });
    }

    /**
     * The host's connection as another login user (a task's remote_user): one more connection, kept
     * for the run like the host's own; the host's own when the user is the same.
     */
    Transport contact(String host, Optional<String> login) throws UnreachableException {
        Endpoint endpoint = endpoint(host).orElseThrow();
        if (login.isEmpty() || login.equals(endpoint.user()) || endpoint.kind() == Endpoint.Kind.LOCAL) {
            return contact(host);
        }
        String why = unlocked.get(host);
        if (why != null) {
            throw new UnreachableException(why);
        }
        Endpoint as = endpoint.withUser(login.get());
        return transports.computeIfAbsent(host + " as " + login.get(), key -> open(as));
    }

    /** The host's connection for a step; a host that could not be locked is unreachable. */
    Transport contact(String host) throws UnreachableException {
        String why = unlocked.get(host);
        if (why != null) {
            throw new UnreachableException(why);
        }
        return transport(host);
    }
}
