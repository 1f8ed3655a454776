package herd.bench;

import java.util.OptionalLong;

/**
 * One timed run of one tool: wall time, how many host-steps did not end ok (0 when the run was
 * clean), and the peak resident set size in KB where it is measured (herd).
 */
record Measurement(Tool tool, int round, long nanos, int errors, OptionalLong peakRssKb, String problem) {
    double seconds() {
        return nanos / 1e9;
    }
}
