package herd.engine.run;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

import herd.engine.config.Gathering;

/**
 * How the runner works and stops: at most {@code forks} hosts work at once; after an interrupt the
 * running steps get {@code grace} to finish before their commands are ended; with a {@code deadline},
 * no batch starts when the time left is shorter than the slowest batch so far took; the become
 * password serves hosts whose variables give none; {@code lock} says whether and where the run locks
 * its hosts; the {@code journal} records the completed steps, and a journal to {@code resume} from
 * names the steps an earlier run completed; {@code become} is what become means where nothing in the
 * playbook or inventory says (ansible.cfg's become settings); {@code gathering} is when plays gather
 * facts (ansible.cfg's {@code gathering}); at most {@code maxConnections} connections stay open at
 * once (see {@link herd.engine.transport.ConnectionCap}); with {@code sessions}, a host's commands run in
 * command sessions (see {@link herd.engine.transport.CommandSessions}).
 */
public record RunOptions(int forks, Duration grace, Optional<Instant> deadline, Optional<BecomePassword> becomePassword,
                         LockOptions lock, Optional<Path> journal, Optional<Path> resume, BecomeDefaults become,
                         Modes modes, Gathering gathering, int maxConnections, boolean sessions) {
    public static final Duration DEFAULT_GRACE = Duration.ofSeconds(30);
    /** Open connections at once, unless {@code --max-connections} says otherwise: about 300 MB of memory. */
    public static final int DEFAULT_MAX_CONNECTIONS = 256;

    public RunOptions {
        if (maxConnections < 1) {
            throw new IllegalArgumentException("maxConnections must be at least 1, not " + maxConnections);
        }
        if (forks < 1) {
            throw new IllegalArgumentException("forks must be at least 1, not " + forks);
        }
        if (grace.isNegative()) {
            throw new IllegalArgumentException("the grace period cannot be negative");
        }
        Objects.requireNonNull(deadline, "deadline");
        Objects.requireNonNull(becomePassword, "becomePassword");
        Objects.requireNonNull(lock, "lock");
        Objects.requireNonNull(journal, "journal");
        Objects.requireNonNull(resume, "resume");
        Objects.requireNonNull(become, "become");
        Objects.requireNonNull(modes, "modes");
        Objects.requireNonNull(gathering, "gathering");
    }

    /**
     * Ansible's check mode ({@code --check}) and diff mode ({@code --diff}) for the whole run; a task's
     * {@code check_mode}/{@code diff} keywords override them.
     */
    public record Modes(boolean check, boolean diff) {
        public static final Modes NONE = new Modes(false, false);
    }

    /** With the default cap on open connections. */
    public RunOptions(int forks, Duration grace, Optional<Instant> deadline, Optional<BecomePassword> becomePassword,
                      LockOptions lock, Optional<Path> journal, Optional<Path> resume, BecomeDefaults become,
                      Modes modes, Gathering gathering) {
        this(forks, grace, deadline, becomePassword, lock, journal, resume, become, modes, gathering,
                DEFAULT_MAX_CONNECTIONS, true);
    }

    /** Outside check mode, with Ansible's default gathering (implicit). */
    public RunOptions(int forks, Duration grace, Optional<Instant> deadline, Optional<BecomePassword> becomePassword,
                      LockOptions lock, Optional<Path> journal, Optional<Path> resume, BecomeDefaults become) {
        this(forks, grace, deadline, becomePassword, lock, journal, resume, become, Modes.NONE, Gathering.IMPLICIT);
    }

    /** With Ansible's become defaults (none, root). */
    public RunOptions(int forks, Duration grace, Optional<Instant> deadline, Optional<BecomePassword> becomePassword,
                      LockOptions lock, Optional<Path> journal, Optional<Path> resume) {
        this(forks, grace, deadline, becomePassword, lock, journal, resume, BecomeDefaults.NONE);
    }

    /** A copy with other become defaults. */
    public RunOptions withBecome(BecomeDefaults defaults) {
        return new RunOptions(forks, grace, deadline, becomePassword, lock, journal, resume, defaults, modes, gathering, maxConnections, sessions);
    }

    /** A copy that writes no journal (a check-mode run: its steps changed nothing, so none is done). */
    public RunOptions withoutJournal() {
        return new RunOptions(forks, grace, deadline, becomePassword, lock, Optional.empty(), resume, become, modes,
                gathering, maxConnections, sessions);
    }

    /** A copy in other modes. */
    public RunOptions withModes(Modes other) {
        return new RunOptions(forks, grace, deadline, becomePassword, lock, journal, resume, become, other, gathering, maxConnections, sessions);
    }

    /** A copy with another fact-gathering policy. */
    public RunOptions withGathering(Gathering policy) {
        return new RunOptions(forks, grace, deadline, becomePassword, lock, journal, resume, become, modes, policy, maxConnections, sessions);
    }

    /**
     * How many connections may stay open: {@code maxConnections}, or the forks when they are more (the
     * forks are busy at once anyway: a cap below them would only close what the next step reopens).
     */
    public int connectionCap() {
        return Math.max(maxConnections, forks);
    }

    /** A copy with another cap on open connections. */
    public RunOptions withMaxConnections(int max) {
        return new RunOptions(forks, grace, deadline, becomePassword, lock, journal, resume, become, modes, gathering, max, sessions);
    }

    /** No run lock, no journal: for tests and embedders that coordinate runs themselves. */
    public RunOptions(int forks) {
        this(forks, DEFAULT_GRACE, Optional.empty(), Optional.empty(), LockOptions.OFF, Optional.empty(), Optional.empty());
    }

    public RunOptions(int forks, Optional<BecomePassword> becomePassword) {
        this(forks, DEFAULT_GRACE, Optional.empty(), becomePassword, LockOptions.OFF, Optional.empty(), Optional.empty());
    }

    public RunOptions(int forks, LockOptions lock) {
        this(forks, DEFAULT_GRACE, Optional.empty(), Optional.empty(), lock, Optional.empty(), Optional.empty());
    }
}
