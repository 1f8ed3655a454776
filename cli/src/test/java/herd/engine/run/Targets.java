package herd.engine.run;

import java.util.Optional;

import herd.engine.module.Target;
import herd.engine.transport.Transport;

/**
 * Test only: the {@link Target} a module call sees, over a real transport, for the integration tests
 * in {@code herd.it}. {@link StepTarget} stays package-private; the engine's own tests have no
 * containers, so this door lives in the cli's test sources, in the same package.
 */
public final class Targets {
    private Targets() {
    }

    /** As the login user, or as {@code becomeUser} through sudo, with {@code becomePassword} when given. */
    public static Target over(Transport transport, Optional<String> becomeUser, Optional<String> becomePassword) {
        Optional<Sudo> sudo = becomeUser.map(user -> new Sudo(user, becomePassword.map(BecomePassword::new)));
        return new StepTarget(HostExec.over(() -> transport), sudo, Optional.empty(), new Stop());
    }
}
