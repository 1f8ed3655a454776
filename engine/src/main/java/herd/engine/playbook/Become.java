package herd.engine.playbook;

import java.util.Optional;

/** Privilege escalation as written on a play or task; unset fields inherit from the level above. */
public record Become(Optional<Boolean> enabled, Optional<Text> user) {
    public static final Become UNSET = new Become(Optional.empty(), Optional.empty());

    /** This level's settings over the outer level's. */
    public Become over(Become outer) {
        return new Become(enabled.or(outer::enabled), user.or(outer::user));
    }
}
