package herd.bench;

/** The ways the benchmark runs a workload. */
enum Tool {
    /** {@code ./herd run --no-lock}: one sshj connection per host, a command session per host and user. */
    HERD("herd"),
    /** {@code ./herd run} as users run it: with its run lock (two more commands a host). */
    HERD_LOCKED("herd+lock"),
    /** {@code ./herd run --no-sessions}, with its lock: a channel and a sudo per step, as herd ran before command sessions. */
    HERD_CHANNELS("herd+lock channels"),
    /** A bash loop of plain {@code ssh} over ControlMaster connections: the floor set by ssh and the hosts. */
    SSH("ssh"),
    /** {@code pdsh -R ssh}, one invocation per step, over ControlMaster connections. */
    PDSH("pdsh"),
    /** ClusterShell's {@code clush}, one invocation per step, over ControlMaster connections. */
    CLUSH("clush"),
    /** Debian's {@code ansible-playbook}, pipelining on, ControlPersist, forks = hosts. */
    ANSIBLE("ansible"),
    /** ansible-playbook with Mitogen's {@code mitogen_linear} strategy (Debian's ansible-mitogen). */
    MITOGEN("mitogen");

    private final String label;

    Tool(String label) {
        this.label = label;
    }

    String label() {
        return label;
    }
}
