package herd.cli;

import java.util.Optional;

import herd.engine.config.Configured;
import herd.engine.transport.HostKeyPolicy;

/**
 * The host-key policy the command line sets for every host: {@code --host-key-checking}, else
 * ansible.cfg's {@code host_key_checking} (or ANSIBLE_HOST_KEY_CHECKING) False, as {@code no}; empty
 * leaves it to the SSH configuration's StrictHostKeyChecking, else yes.
 */
final class HostKeyChecking {
    private HostKeyChecking() {
    }

    static Optional<HostKeyPolicy> of(String option, Configured<Boolean> fromConfig) {
        if (option != null) {
            return Optional.of(switch (option) {
                case "yes" -> HostKeyPolicy.YES;
                case "accept-new" -> HostKeyPolicy.ACCEPT_NEW;
                case "no" -> HostKeyPolicy.NO;
                default -> throw new UsageException("--host-key-checking must be yes, accept-new or no, not '" + option + "'");
            });
        }
        // a true value leaves ssh's own policy in force, as in Ansible
        return fromConfig.value() ? Optional.empty() : Optional.of(HostKeyPolicy.NO);
    }
}
