package herd.bench;

import java.io.IOException;

/** A tool under test: runs the cluster's workload once, timed, and checks that every host-step was ok. */
interface Contender {
    Tool tool();

    Measurement run(Workload workload, Cluster cluster, int round) throws IOException, InterruptedException;
}
