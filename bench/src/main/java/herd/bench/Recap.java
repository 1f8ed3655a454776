package herd.bench;

import java.util.List;
import java.util.Map;

/** Counts the host-steps that did not end ok, from per-host ok counts (herd's JSON stats, Ansible's recap). */
final class Recap {
    private Recap() {
    }

    /** Every host should have {@code steps} ok steps; a host missing from {@code ok} counts all its steps. */
    static int errors(List<String> hosts, int steps, Map<String, Integer> ok) {
        int errors = 0;
        for (String host : hosts) {
            errors += Math.max(0, steps - ok.getOrDefault(host, 0));
        }
        return errors;
    }
}
