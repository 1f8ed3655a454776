package herd.engine.run;

import java.util.Objects;

/**
 * What become means where neither the task, the play nor the host's variables say: ansible.cfg's
 * {@code become} and {@code become_user} (or ANSIBLE_BECOME, ANSIBLE_BECOME_USER), the lowest of
 * Ansible's become settings.
 *
 * @param enabled whether tasks become by default
 * @param user    the user a becoming task runs as when nothing names one
 */
public record BecomeDefaults(boolean enabled, String user) {
    /** Ansible's: no become, and root when a task becomes. */
    public static final BecomeDefaults NONE = new BecomeDefaults(false, "root");

    public BecomeDefaults {
        Objects.requireNonNull(user, "user");
    }
}
