package herd.bench;

import java.util.List;

/**
 * herd's start-up, measured before the workloads: the median wall time of {@code ./herd --version}
 * and of {@code ./herd check} of the rolling restart on the production inventory (no host contacted).
 */
record Startup(double version, double check) {
    static final List<String> CHECK = List.of("check", "playbooks/rolling-restart.yml", "-i", "inventories/production.yml");
}
