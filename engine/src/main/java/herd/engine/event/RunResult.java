package herd.engine.event;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The whole run: every step, the per-host counts, and how it ended. */
public record RunResult(String playbook, Instant start, Duration duration, List<StepResult> steps,
                        Map<String, HostStats> stats, boolean interrupted) {
    public RunResult {
        steps = List.copyOf(steps);
        stats = Collections.unmodifiableMap(new LinkedHashMap<>(stats));
    }

    /** Exit codes as Ansible documents them: 2 a host failed, 3 unreachable only, 99 interrupted. */
    public int exitCode() {
        if (interrupted) {
            return ExitCodes.INTERRUPTED;
        }
        if (stats.values().stream().anyMatch(s -> s.failed() > 0)) {
            return ExitCodes.HOST_FAILED;
        }
        if (stats.values().stream().anyMatch(s -> s.unreachable() > 0)) {
            return ExitCodes.HOST_UNREACHABLE;
        }
        return ExitCodes.OK;
    }
}
