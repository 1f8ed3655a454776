package herd.cli;

import java.util.Locale;
import java.util.Optional;

import herd.engine.transport.HostKeyPolicy;

/**
 * The host-key policy the command line sets for every host: {@code --host-key-checking}, else
 * Ansible's {@code ANSIBLE_HOST_KEY_CHECKING=False} (as {@code no}); empty leaves it to the SSH
 * configuration's StrictHostKeyChecking, else yes.
 */
final class HostKeyChecking {
    static final String ANSIBLE_VARIABLE = "ANSIBLE_HOST_KEY_CHECKING";

    private HostKeyChecking() {
    }

    static Optional<HostKeyPolicy> of(String option, String ansibleVariable) {
        if (option != null) {
            return Optional.of(switch (option) {
                case "yes" -> HostKeyPolicy.YES;
                case "accept-new" -> HostKeyPolicy.ACCEPT_NEW;
                case "no" -> HostKeyPolicy.NO;
                default -> throw new UsageException("--host-key-checking must be yes, accept-new or no, not '" + option + "'");
            });
        }
        if (ansibleVariable == null) {
            return Optional.empty();
        }
        // Ansible's boolean words; a true value leaves ssh's own policy in force, as in Ansible
        return switch (ansibleVariable.strip().toLowerCase(Locale.ROOT)) {
            case "false", "no", "n", "f", "off", "0" -> Optional.of(HostKeyPolicy.NO);
            default -> Optional.empty();
        };
    }
}
