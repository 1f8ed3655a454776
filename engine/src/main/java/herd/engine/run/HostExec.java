package herd.engine.run;

import herd.engine.transport.ExecRequest;
import herd.engine.transport.ExecResult;
import herd.engine.transport.UnreachableException;

/** Runs commands on the host of a step (the delegate's, when delegated), connecting on first use. */
interface HostExec {
    ExecResult exec(ExecRequest request) throws UnreachableException;
}
