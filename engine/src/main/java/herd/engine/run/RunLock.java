package herd.engine.run;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.function.Consumer;
import java.util.function.Function;

import herd.engine.event.Event;
import herd.engine.shell.ShellWords;
import herd.engine.transport.ExecRequest;
import herd.engine.transport.ExecResult;
import herd.engine.transport.Transport;
import herd.engine.transport.UnreachableException;

/**
 * The run lock: before any task runs, a folder made with {@code mkdir} on every targeted machine
 * (atomic, so of two runs started at once exactly one gets it), holding a {@code holder} file that
 * says who took it. A run that finds a lock taken stops before changing anything and names the
 * holder; a run removes only the locks that carry its own run id.
 */
public final class RunLock {
    private static final String TAKEN = "herd-lock:taken";
    private static final String HELD = "herd-lock:held";
    private static final String NOT_OURS = "herd-lock:not-ours";

    /**
     * One lock folder on one machine, and the inventory hosts it covers: hosts that reach the same
     * machine (several {@code ansible_connection: local} hosts, or two names for one address) share it.
     */
    public record Target(String machine, String path, List<String> hosts) {
        public Target {
            hosts = List.copyOf(hosts);
        }

        String host() {
            return hosts.getFirst();
        }
    }

    /**
     * What taking the locks came to.
     *
     * @param taken       the locks this run holds and must release
     * @param unreachable hosts that could not be reached to lock them, with why: they run nothing
     * @param refusals    why the run may not start, one line per locked host; empty when it may
     */
    public record Taking(List<Target> taken, Map<String, String> unreachable, List<String> refusals) {
        public Taking {
            taken = List.copyOf(taken);
            unreachable = Collections.unmodifiableMap(new LinkedHashMap<>(unreachable));
            refusals = List.copyOf(refusals);
        }

        public static final Taking NONE = new Taking(List.of(), Map.of(), List.of());
    }

    private final LockOptions options;
    private final LockHolder me;
    private final String thisController;
    private final Consumer<Event> emit;

    public RunLock(LockOptions options, LockHolder me, String thisController, Consumer<Event> emit) {
        this.options = options;
        this.me = me;
        this.thisController = thisController;
        this.emit = emit;
    }

    public LockHolder holder() {
        return me;
    }

    /**
     * Takes the lock on every target, up to {@code forks} at once, one command each. When any target
     * is locked by another run, releases the locks already taken here and returns the refusals.
     * Events name the hosts in the order of {@code targets}; the locks are taken in order of machine,
     * the same in every run. While the first is taken, up to {@code keepOpen} others connect (the
     * run's cap on open connections: more would be closed again before their lock is taken).
     */
    public Taking take(List<Target> targets, Function<String, Transport> transports, int forks, int keepOpen) {
        List<Target> taken = Collections.synchronizedList(new ArrayList<>());
        Map<String, String> unreachable = new ConcurrentHashMap<>();
        Map<Target, String> refused = new ConcurrentHashMap<>();
        // The first machine alone, then the rest at once: of two runs on the same hosts started together,
        // the one that gets the first lock gets them all, and the other gives up having taken none.
        List<Target> byMachine = targets.stream()
                .sorted(java.util.Comparator.comparing(Target::machine).thenComparing(Target::path)).toList();
        // While the first lock is taken, the other machines connect: the lock then costs one command
        // per machine, not a handshake the first steps would have paid anyway.
        List<Target> rest = byMachine.size() > 1 ? byMachine.subList(1, byMachine.size()) : List.of();
        if (!byMachine.isEmpty()) {
            try (ExecutorService connecting = Executors.newThreadPerTaskExecutor(
                    Thread.ofVirtual().name("herd-lock-connect-", 0).factory())) {
                Semaphore slots = new Semaphore(Math.max(1, forks - 1));
                for (Target target : rest.subList(0, Math.min(rest.size(), Math.max(0, keepOpen - 1)))) {
                    connecting.submit(() -> connect(target, transports, slots, unreachable));
                }
                takeEach(byMachine.subList(0, 1), transports, 1, taken, unreachable, refused);
            }
        }
        List<Target> reached = rest.stream().filter(t -> !unreachable.containsKey(t.host())).toList();
        if (refused.isEmpty() && !reached.isEmpty()) {
            takeEach(reached, transports, forks, taken, unreachable, refused);
        }
        List<Target> ordered = targets.stream().filter(taken::contains).toList();
        List<String> refusals = targets.stream().filter(refused::containsKey).map(refused::get).toList();
        if (!refusals.isEmpty()) {
            emit.accept(new Event.LockRefused(refusals));
            release(ordered, transports, forks);
            return new Taking(List.of(), orderedBy(targets, unreachable), refusals);
        }
        if (!ordered.isEmpty()) {
            emit.accept(new Event.LockTaken(hosts(ordered)));
        }
        return new Taking(ordered, orderedBy(targets, unreachable), List.of());
    }

    private static void connect(Target target, Function<String, Transport> transports, Semaphore slots,
                                Map<String, String> unreachable) {
        slots.acquireUninterruptibly();
        try {
            transports.apply(target.host()).connect();
        } catch (UnreachableException e) {
            target.hosts().forEach(h -> unreachable.put(h, e.getMessage()));
        } catch (RuntimeException e) {
            // taking its lock says what is wrong with this host
        } finally {
            slots.release();
        }
    }

    private void takeEach(List<Target> targets, Function<String, Transport> transports, int forks, List<Target> taken,
                          Map<String, String> unreachable, Map<Target, String> refused) {
        Semaphore slots = new Semaphore(forks);
        try (ExecutorService threads = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("herd-lock-", 0).factory())) {
            for (Target target : targets) {
                threads.submit(() -> {
                    slots.acquireUninterruptibly();
                    try {
                        Transport transport = transports.apply(target.host());
                        switch (takeOne(target, transport)) {
                            case Took t -> taken.add(target);
                            case Refused r -> refused.put(target, r.reason());
                        }
                    } catch (UnreachableException e) {
                        target.hosts().forEach(h -> unreachable.put(h, e.getMessage()));
                    } catch (RuntimeException e) {
                        // a host whose lock state is unknown must not run: refuse rather than go on unlocked
                        refused.put(target, "host " + target.host() + ": cannot take the run lock " + target.path()
                                + ": " + e);
                    } finally {
                        slots.release();
                    }
                });
            }
        }
    }

    private sealed interface Attempt permits Took, Refused {
    }

    private record Took() implements Attempt {
    }

    private record Refused(String reason) implements Attempt {
    }

    private Attempt takeOne(Target target, Transport transport) throws UnreachableException {
        Optional<Attempt> first = attempt(target, transport);
        if (first.isPresent()) {
            return first.get();
        }
        // the lock was held by a run that is gone and has just been broken: one more try, as if fresh
        return attempt(target, transport).orElseGet(() -> new Refused(lockedBy(target, Optional.empty(),
                "; it was taken again while herd broke it")));
    }

    /** One mkdir; empty when it found a lock that it broke, so the caller tries once more. */
    private Optional<Attempt> attempt(Target target, Transport transport) throws UnreachableException {
        String dir = ShellWords.quote(target.path());
        // A run that made the folder a moment ago may not have written its holder yet: wait up to a
        // second for it, so the refusal names that run.
        String command = "if mkdir -- " + dir + " 2>/dev/null; then cat > " + dir + "/holder && echo " + TAKEN
                + "; elif [ -d " + dir + " ]; then echo " + HELD + "; i=0; while [ ! -s " + dir + "/holder ]"
                + " && [ $i -lt 10 ]; do sleep 0.1 2>/dev/null || i=10; i=$((i+1)); done;"
                + " cat " + dir + "/holder 2>/dev/null || true;"
                + " else mkdir -- " + dir + "; fi";
        // on a channel of its own, not in a command session: two commands a host (take, release) cost
        // less there than starting the login user's session, which most runs use for nothing else
        ExecResult result = transport.exec(new ExecRequest(command, Optional.of(me.text().getBytes(
                java.nio.charset.StandardCharsets.UTF_8)), Optional.empty()));
        String out = result.stdout();
        if (result.rc() == 0 && out.startsWith(TAKEN)) {
            return Optional.of(new Took());
        }
        if (result.rc() != 0 || !out.startsWith(HELD)) {
            String why = (result.stderr() + result.stdout()).strip();
            return Optional.of(new Refused("host " + target.host() + ": cannot take the run lock " + target.path()
                    + (why.isEmpty() ? " (exit " + result.rc() + ")" : ": " + why)
                    + "; choose another folder with --lock-path or herd_lock_path, or run with --no-lock"));
        }
        Optional<LockHolder> holder = LockHolder.parse(out.substring(HELD.length()));
        if (holder.isPresent() && holder.get().runId().equals(me.runId())) {
            // two inventory names of one machine (an ssh config HostName, say): this run holds it already
            return Optional.of(new Took());
        }
        if (!options.breakLock()) {
            return Optional.of(new Refused(lockedBy(target, holder, "; if that run is gone, run again with --break-lock")));
        }
        if (holder.isPresent() && holder.get().controller().equals(thisController)
                && !holder.get().goneFromHere(thisController)) {
            return Optional.of(new Refused(lockedBy(target, holder,
                    "; that process is still alive on this controller, so --break-lock leaves its lock")));
        }
        Optional<String> failed = breakLock(target, holder, transport);
        return failed.map(why -> new Refused(lockedBy(target, holder, "; --break-lock could not remove it: " + why)));
    }

    private static String lockedBy(Target target, Optional<LockHolder> holder, String advice) {
        return "host " + target.host() + " is locked by " + holder.map(LockHolder::describe)
                .orElse("a run that left no readable " + target.path() + "/holder") + advice;
    }

    /** Removes another run's lock, only if it is still the lock that was read (never a newer one). */
    private Optional<String> breakLock(Target target, Optional<LockHolder> holder, Transport transport)
            throws UnreachableException {
        String dir = ShellWords.quote(target.path());
        String stillThere = holder.map(h -> "grep -qx " + ShellWords.quote("run=" + h.runId()) + " " + dir + "/holder")
                .orElse("! grep -q '^run=' " + dir + "/holder 2>/dev/null");
        ExecResult removed = transport.exec(ExecRequest.of("if " + stillThere + "; then rm -rf -- " + dir + "; fi",
                Optional.empty()));
        if (removed.rc() != 0) {
            // e.g. /tmp's sticky bit: only the user who made the folder (or root) may remove it
            return Optional.of((removed.stderr() + removed.stdout()).strip().lines().findFirst().orElse("exit " + removed.rc()));
        }
        boolean known = holder.isPresent() && holder.get().controller().equals(thisController);
        emit.accept(new Event.LockBroken(target.host(), target.path(), "broke the run lock on host " + target.host()
                + " held by " + holder.map(LockHolder::describe).orElse("an unknown run")
                + (known ? " (that process is gone)" : " (on another controller: herd cannot tell whether that run is gone)")));
        return Optional.empty();
    }

    /**
     * Removes this run's locks, and only those, up to {@code forks} at once: a lock that carries
     * another run id stays. A transport closed by an interrupt reconnects, so the locks go on every
     * way out.
     */
    public void release(List<Target> taken, Function<String, Transport> transports, int forks) {
        if (taken.isEmpty()) {
            return;
        }
        List<String> problems = Collections.synchronizedList(new ArrayList<>());
        Semaphore slots = new Semaphore(forks);
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (Target target : taken) {
                threads.submit(() -> {
                    slots.acquireUninterruptibly();
                    try {
                        releaseOne(target, transports, problems);
                    } finally {
                        slots.release();
                    }
                });
            }
        }
        emit.accept(new Event.LockReleased(hosts(taken).stream().filter(h -> problems.stream()
                .noneMatch(p -> p.startsWith("host " + h + ":"))).toList(), problems));
    }

    private void releaseOne(Target target, Function<String, Transport> transports, List<String> problems) {
        String dir = ShellWords.quote(target.path());
        String command = "if grep -qx " + ShellWords.quote("run=" + me.runId()) + " " + dir + "/holder 2>/dev/null;"
                + " then rm -rf -- " + dir + "; else echo " + NOT_OURS + "; fi";
        String failure = "";
        for (int attempt = 0; attempt < 2; attempt++) {
            try {
                ExecResult result = transports.apply(target.host()).exec(ExecRequest.of(command, Optional.empty()));
                if (result.stdout().startsWith(NOT_OURS)) {
                    problems.add("host " + target.host() + ": the run lock " + target.path()
                            + " is no longer this run's (someone broke it); it stays");
                } else if (result.rc() != 0) {
                    problems.add("host " + target.host() + ": could not remove the run lock " + target.path() + ": "
                            + (result.stderr() + result.stdout()).strip());
                }
                return;
            } catch (UnreachableException e) {
                // an interrupt may have closed the connection under us: the second attempt reconnects
                failure = e.getMessage();
            }
        }
        problems.add("host " + target.host() + ": could not remove the run lock " + target.path() + " (" + failure
                + "); remove it with rm -rf " + target.path() + " once no run is going");
    }

    private static List<String> hosts(List<Target> targets) {
        return targets.stream().flatMap(t -> t.hosts().stream()).toList();
    }

    private static Map<String, String> orderedBy(List<Target> targets, Map<String, String> unreachable) {
        Map<String, String> ordered = new LinkedHashMap<>();
        hosts(targets).stream().filter(unreachable::containsKey).forEach(h -> ordered.put(h, unreachable.get(h)));
        return ordered;
    }
}
