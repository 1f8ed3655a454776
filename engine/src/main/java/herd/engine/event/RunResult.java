package herd.engine.event;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The whole run: every step, the per-host counts, and how it ended.
 *
 * @param outOfPool load-balancer servers ("backend/server: STATUS") that a haproxy task of this run
 *                  took out of the pool and none put back: the run must say so loudly
 * @param timeOutOfPool for every server a haproxy task of this run took out: how long it was out
 * @param outOfTime     the deadline or maintenance window left too little time, and the run stopped between batches
 * @param lockRefusals  why the run did not start: other runs held the lock of these hosts (exit 6)
 * @param forgiven      hosts whose failures and unreachability a {@code meta: clear_host_errors} cleared, and
 *                      that did not fail again: as in Ansible, the recap still counts them, the exit code does not
 * @param halted        why herd stopped the run itself between batches (the journal could not be written): exit 1
 * @param connections   what the cap on open connections did: how many were open at most, how many it closed and reopened
 */
public record RunResult(String playbook, Instant start, Duration duration, List<StepResult> steps,
                        Map<String, HostStats> stats, boolean interrupted, List<String> outOfPool,
                        Map<String, Duration> timeOutOfPool, boolean outOfTime, List<String> lockRefusals,
                        Set<String> forgiven, java.util.Optional<String> halted, Connections connections) {
    /**
     * The run's SSH connections: at most {@code max} open at once by the cap ({@code --max-connections}),
     * at most {@code peak} were; {@code closedForRoom} idle ones were closed to stay under the cap, and
     * hosts reconnected {@code reopened} times because of it. {@code sessions} command sessions started
     * (one per host and login or become user), {@code inSessions} commands ran in one, and
     * {@code onChannels} commands that could have ran on a channel of their own (a session busy, or one
     * that could not start).
     */
    public record Connections(int max, int peak, long closedForRoom, long reopened, long sessions, long inSessions,
                              long onChannels) {
        public static final Connections NONE = new Connections(0, 0, 0, 0);

        public Connections(int max, int peak, long closedForRoom, long reopened) {
            this(max, peak, closedForRoom, reopened, 0, 0, 0);
        }
    }

    public RunResult {
        java.util.Objects.requireNonNull(halted, "halted");
        java.util.Objects.requireNonNull(connections, "connections");
        forgiven = Set.copyOf(forgiven);
        lockRefusals = List.copyOf(lockRefusals);
        steps = List.copyOf(steps);
        stats = Collections.unmodifiableMap(new LinkedHashMap<>(stats));
        outOfPool = List.copyOf(outOfPool);
        timeOutOfPool = Collections.unmodifiableMap(new LinkedHashMap<>(timeOutOfPool));
    }

    public RunResult(String playbook, Instant start, Duration duration, List<StepResult> steps,
                     Map<String, HostStats> stats, boolean interrupted, List<String> outOfPool,
                     Map<String, Duration> timeOutOfPool, boolean outOfTime, List<String> lockRefusals,
                     Set<String> forgiven, java.util.Optional<String> halted) {
        this(playbook, start, duration, steps, stats, interrupted, outOfPool, timeOutOfPool, outOfTime, lockRefusals,
                forgiven, halted, Connections.NONE);
    }

    public RunResult(String playbook, Instant start, Duration duration, List<StepResult> steps,
                     Map<String, HostStats> stats, boolean interrupted, List<String> outOfPool,
                     Map<String, Duration> timeOutOfPool, boolean outOfTime, List<String> lockRefusals) {
        this(playbook, start, duration, steps, stats, interrupted, outOfPool, timeOutOfPool, outOfTime, lockRefusals,
                Set.of(), java.util.Optional.empty());
    }

    public RunResult(String playbook, Instant start, Duration duration, List<StepResult> steps,
                     Map<String, HostStats> stats, boolean interrupted) {
        this(playbook, start, duration, steps, stats, interrupted, List.of(), Map.of());
    }

    public RunResult(String playbook, Instant start, Duration duration, List<StepResult> steps,
                     Map<String, HostStats> stats, boolean interrupted, List<String> outOfPool,
                     Map<String, Duration> timeOutOfPool) {
        this(playbook, start, duration, steps, stats, interrupted, outOfPool, timeOutOfPool, false, List.of());
    }

    /**
     * Exit codes as Ansible documents them: 2 a host failed, 3 unreachable only, 99 interrupted; and
     * herd's own: 6 another run holds a host's lock (nothing ran), 7 out of time, 1 herd stopped the run (the
     * journal could not be written).
     */
    public int exitCode() {
        if (!lockRefusals.isEmpty()) {
            return ExitCodes.LOCKED;
        }
        if (interrupted) {
            return ExitCodes.INTERRUPTED;
        }
        if (stats.entrySet().stream().anyMatch(e -> e.getValue().failed() > 0 && !forgiven.contains(e.getKey()))) {
            return ExitCodes.HOST_FAILED;
        }
        if (halted.isPresent()) {
            return ExitCodes.ERROR;
        }
        if (outOfTime) {
            return ExitCodes.OUT_OF_TIME;
        }
        if (stats.entrySet().stream().anyMatch(e -> e.getValue().unreachable() > 0 && !forgiven.contains(e.getKey()))) {
            return ExitCodes.HOST_UNREACHABLE;
        }
        return ExitCodes.OK;
    }
}
