package herd.engine.playbook;

import java.util.Optional;

/**
 * Privilege escalation as written on a play or task; unset fields inherit from the level above.
 *
 * @param enabled  {@code become} written as a boolean
 * @param user     {@code become_user}
 * @param template {@code become} written as a template (for example {@code "{{ plone_become }}"}),
 *                 decided per host
 */
public record Become(Optional<Boolean> enabled, Optional<Text> user, Optional<Text> template) {
    public static final Become UNSET = new Become(Optional.empty(), Optional.empty(), Optional.empty());

    public Become(Optional<Boolean> enabled, Optional<Text> user) {
        this(enabled, user, Optional.empty());
    }

    /** This level's settings over the outer level's. */
    public Become over(Become outer) {
        boolean decidedHere = enabled.isPresent() || template.isPresent();
        return new Become(decidedHere ? enabled : outer.enabled, user.or(outer::user),
                decidedHere ? template : outer.template);
    }
}
