package herd.engine.run;

import java.time.Duration;
import java.util.Optional;

import herd.engine.module.Target;
import herd.engine.transport.ExecResult;
import herd.engine.transport.UnreachableException;

/** The {@link Target} a module call sees: the step's host, its become user and password, its timeout. */
record StepTarget(HostExec host, Optional<Sudo> sudo, Optional<Duration> timeout, Stop stop) implements Target {

    @Override
    public ExecResult sh(String script) throws UnreachableException {
        return Sudo.exec(host, Sudo.wrap(script, sudo), Optional.empty(), timeout, sudo.flatMap(Sudo::password));
    }

    @Override
    public ExecResult program(String command, byte[] input) throws UnreachableException {
        return Sudo.exec(host, Sudo.wrapReadingStdin(command, sudo), Optional.of(input), timeout,
                sudo.flatMap(Sudo::password));
    }

    @Override
    public Optional<String> becomeUser() {
        return sudo.map(Sudo::user);
    }

    @Override
    public boolean sleep(Duration duration) {
        return stop.sleep(duration);
    }
}
