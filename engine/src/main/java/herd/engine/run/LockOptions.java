package herd.engine.run;

import java.util.Optional;

/**
 * Whether a run locks its hosts, and where.
 *
 * @param enabled   take a lock on every targeted host before any task runs ({@code --no-lock} turns it off)
 * @param path      the lock folder on every host ({@code --lock-path}); when empty, a host's
 *                  {@code herd_lock_path} variable, else {@link #DEFAULT_PATH}
 * @param breakLock remove locks whose holder is gone before taking ours ({@code --break-lock})
 */
public record LockOptions(boolean enabled, Optional<String> path, boolean breakLock) {
    /** In /tmp, which every user may write, so taking the lock needs no sudo. */
    public static final String DEFAULT_PATH = "/tmp/herd.lock";
    public static final LockOptions OFF = new LockOptions(false, Optional.empty(), false);
    public static final LockOptions ON = new LockOptions(true, Optional.empty(), false);

    public LockOptions {
        if (path.isPresent() && path.get().isBlank()) {
            throw new IllegalArgumentException("the lock path must not be empty");
        }
    }
}
