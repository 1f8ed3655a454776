package herd.engine.run;

import java.util.Map;
import java.util.Optional;

import herd.engine.playbook.Task;
import herd.engine.transport.ExecRequest;
import herd.engine.transport.ExecResult;
import herd.engine.transport.UnreachableException;

/**
 * One call of a mapping-style module on one host: its arguments with templates filled, the host's
 * variables, how to become the user, and the way to run commands on the host (connected on first use).
 */
record ModuleCall(Task task, Map<String, Object> args, Map<String, Object> vars, Optional<Sudo> sudo,
                  Host host, Stop stop) {

    /** Runs commands on the call's host. */
    interface Host {
        ExecResult exec(ExecRequest request) throws UnreachableException;
    }

    /** The same call with one argument set. */
    ModuleCall with(String name, Object value) {
        Map<String, Object> changed = new java.util.LinkedHashMap<>(args);
        changed.put(name, value);
        return new ModuleCall(task, changed, vars, sudo, host, stop);
    }

    String string(String name, String fallback) {
        Object value = args.get(name);
        return value == null ? fallback : value.toString();
    }

    /** Runs a script through /bin/sh on the host, as the become user when there is one. */
    ExecResult sh(String script) throws UnreachableException {
        return Sudo.exec(host, Sudo.wrap(script, sudo), Optional.empty(), task.timeout(), sudo.flatMap(Sudo::password));
    }
}
