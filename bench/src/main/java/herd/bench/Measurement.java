package herd.bench;

import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * One timed run of one tool: wall time, how many host-steps did not end ok (0 when the run was
 * clean), the peak resident set size in KB and the CPU time where they are measured.
 */
record Measurement(Tool tool, int round, long nanos, int errors, OptionalLong peakRssKb, OptionalDouble cpuSeconds,
                   String problem) {
    Measurement(Tool tool, int round, long nanos, int errors, Timed timed, String problem) {
        this(tool, round, nanos, errors, timed.peakRssKb(), timed.cpuSeconds(), problem);
    }

    double seconds() {
        return nanos / 1e9;
    }
}
