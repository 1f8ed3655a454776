package herd.engine.run;

import java.util.Objects;

/**
 * What become means where neither the task, the play nor the host's variables say: ansible.cfg's
 * {@code become} and {@code become_user} (or ANSIBLE_BECOME, ANSIBLE_BECOME_USER), the lowest of
 * Ansible's become settings.
 *
 * @param enabled whether tasks become by default
 * @param user    the user a becoming task runs as when nothing names one
 * @param method  how, when nothing says: {@code sudo} or {@code su} (ansible.cfg's become_method)
 */
public record BecomeDefaults(boolean enabled, String user, String method) {
    /** Ansible's: no become, and root with sudo when a task becomes. */
    public static final BecomeDefaults NONE = new BecomeDefaults(false, "root", "sudo");

    public BecomeDefaults {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(method, "method");
    }

    public BecomeDefaults(boolean enabled, String user) {
        this(enabled, user, "sudo");
    }
}
