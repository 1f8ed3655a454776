package herd.engine.playbook;

import java.util.Optional;

/**
 * Privilege escalation as written on a play or task; unset fields inherit from the level above.
 *
 * @param enabled  {@code become} written as a boolean
 * @param user     {@code become_user}
 * @param template {@code become} written as a template (for example {@code "{{ plone_become }}"}),
 *                 decided per host
 * @param flags    {@code become_flags}: sudo's options instead of herd's {@code -H} (su's: none)
 * @param method   {@code become_method}: {@code sudo} or {@code su}
 */
public record Become(Optional<Boolean> enabled, Optional<Text> user, Optional<Text> template, Optional<Text> flags,
                     Optional<Text> method) {
    /** The become methods herd has. */
    public static final java.util.Set<String> METHODS = java.util.Set.of("sudo", "su");

    public static final Become UNSET = new Become(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
            Optional.empty());

    public Become(Optional<Boolean> enabled, Optional<Text> user, Optional<Text> template, Optional<Text> flags) {
        this(enabled, user, template, flags, Optional.empty());
    }

    public Become(Optional<Boolean> enabled, Optional<Text> user) {
        this(enabled, user, Optional.empty(), Optional.empty());
    }

    public Become(Optional<Boolean> enabled, Optional<Text> user, Optional<Text> template) {
        this(enabled, user, template, Optional.empty());
    }

    /** The same with {@code become_flags}. */
    public Become withFlags(Optional<Text> written) {
        return new Become(enabled, user, template, written, method);
    }

    /** The same with {@code become_method}. */
    public Become withMethod(Optional<Text> written) {
        return new Become(enabled, user, template, flags, written);
    }

    /** This level's settings over the outer level's. */
    public Become over(Become outer) {
        boolean decidedHere = enabled.isPresent() || template.isPresent();
        return new Become(decidedHere ? enabled : outer.enabled, user.or(outer::user),
                decidedHere ? template : outer.template, flags.or(outer::flags), method.or(outer::method));
    }
}
