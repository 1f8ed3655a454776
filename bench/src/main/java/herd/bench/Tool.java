package herd.bench;

/** The three ways the benchmark runs a workload. */
enum Tool {
    /** {@code ./herd run}: one sshj connection per host, a channel per step. */
    HERD("herd"),
    /** A bash loop of plain {@code ssh} over ControlMaster connections: the floor set by ssh and the hosts. */
    SSH("ssh"),
    /** Debian's {@code ansible-playbook}, pipelining on, ControlPersist, forks = hosts. */
    ANSIBLE("ansible");

    private final String label;

    Tool(String label) {
        this.label = label;
    }

    String label() {
        return label;
    }
}
