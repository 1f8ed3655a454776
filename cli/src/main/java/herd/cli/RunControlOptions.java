package herd.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Optional;

import herd.engine.vault.Secrets;
import herd.engine.config.AnsibleConfig;
import herd.engine.run.BecomePassword;
import herd.engine.run.LockOptions;
import herd.engine.run.RunOptions;
import herd.engine.run.Window;
import picocli.CommandLine.Option;

/** How a run is kept safe and resumable: locks, grace period, maintenance window, journal, become password. */
final class RunControlOptions {
    @Option(names = {"-f", "--forks"}, paramLabel = "N",
            description = "How many hosts work at once (default: ansible.cfg's forks, else 20).")
    Integer forks;

    @Option(names = "--grace", paramLabel = "SECONDS", defaultValue = "30",
            description = "After Ctrl-C or SIGTERM, how long running steps may finish before they are ended"
                    + " (default: ${DEFAULT-VALUE}; a second Ctrl-C ends them at once).")
    int grace;

    @Option(names = "--window", paramLabel = "WINDOW",
            description = "Maintenance window, e.g. '02:00-04:00' or '02:00-04:00 Europe/Berlin': outside it nothing runs;"
                    + " inside it no batch starts when less time is left than the slowest batch took (exit 7).")
    String window;

    @Option(names = "--deadline", paramLabel = "TIME",
            description = "No batch starts when less time is left before TIME (04:00, 2026-11-27T04:00 or with an offset)"
                    + " than the slowest batch took (exit 7).")
    String deadline;

    @Option(names = "--journal", paramLabel = "FILE",
            description = "Where to write the journal of completed steps, flushed per step"
                    + " (default: a new file in ~/.local/state/herd/journals, the 50 newest kept).")
    Path journalFile;

    @Option(names = "--resume", paramLabel = "JOURNAL",
            description = "Go on where a broken or interrupted run stopped: skip the steps its journal says it completed.")
    Path resume;

    @Option(names = {"-K", "--ask-become-pass"},
            description = "Ask once for the password sudo needs to become another user (HERD_BECOME_PASSWORD works without a terminal).")
    boolean askBecomePass;

    @Option(names = "--lock-path", paramLabel = "PATH",
            description = "The run lock folder on every host (default: the host's herd_lock_path, else /tmp/herd.lock).")
    String lockPath;

    @Option(names = "--no-lock", description = "Take no run lock: other runs may work on the same hosts at once.")
    boolean noLock;

    @Option(names = "--break-lock",
            description = "Remove the run lock of a run that is gone (dead on this controller, or held from another controller) before taking ours.")
    boolean breakLock;

    @Option(names = "--max-connections", paramLabel = "N", defaultValue = "" + RunOptions.DEFAULT_MAX_CONNECTIONS,
            description = "At most N SSH connections open at once, or --forks if more (default: ${DEFAULT-VALUE}, about 1 MB each);"
                    + " past it the least recently used idle one is closed and its host reconnects when needed.")
    int maxConnections;

    @Option(names = "--no-sessions", description = "Run every command on an SSH channel of its own, with a sudo of its own,"
            + " instead of in one command session per host and become user (see the README, Command sessions).")
    boolean noSessions;

    RunOptions runOptions(Path playbook, AnsibleConfig config) {
        if (forks != null && forks < 1) {
            throw new UsageException("--forks must be at least 1, not " + forks);
        }
        if (grace < 0) {
            throw new UsageException("--grace cannot be negative, not " + grace);
        }
        if (noLock && (breakLock || lockPath != null)) {
            throw new UsageException("--no-lock takes no lock, so it goes with neither --break-lock nor --lock-path");
        }
        if (maxConnections < 1) {
            throw new UsageException("--max-connections must be at least 1, not " + maxConnections);
        }
        if (lockPath != null && lockPath.isBlank()) {
            throw new UsageException("--lock-path must not be empty");
        }
        return new RunOptions(forks != null ? forks : config.forks().value(), Duration.ofSeconds(grace), deadline(),
                becomePassword(), new LockOptions(!noLock, Optional.ofNullable(lockPath), breakLock), journal(playbook),
                Optional.ofNullable(resume), ConfigBecome.of(config), RunOptions.Modes.NONE, config.gathering().value(),
                maxConnections, !noSessions);
    }

    /** The earlier of --deadline and the end of --window; a window that is closed now runs nothing. */
    private Optional<Instant> deadline() {
        ZonedDateTime now = ZonedDateTime.now();
        Optional<Instant> end = Optional.empty();
        try {
            if (window != null) {
                end = Optional.of(Window.end(window, now));
            }
            if (deadline != null) {
                Instant at = Window.deadline(deadline, now);
                end = Optional.of(end.filter(e -> e.isBefore(at)).orElse(at));
            }
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        return end;
    }

    /** -K asks the terminal once; else HERD_BECOME_PASSWORD; else none (sudo -n). */
    private Optional<BecomePassword> becomePassword() {
        String password;
        if (askBecomePass) {
            if (!Terminal.isInteractive()) {
                throw new UsageException("--ask-become-pass needs a terminal to ask on; without one, "
                        + "set the environment variable HERD_BECOME_PASSWORD");
            }
            char[] typed = System.console().readPassword("BECOME password: ");
            if (typed == null) {
                throw new UsageException("--ask-become-pass: no password was typed");
            }
            password = new String(typed);
            Arrays.fill(typed, ' ');
        } else {
            password = System.getenv("HERD_BECOME_PASSWORD");
            if (password == null) {
                return Optional.empty();
            }
        }
        Secrets.add(password);
        try {
            return Optional.of(new BecomePassword(password));
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    /** --journal, else a new file under the user's state folder (XDG_STATE_HOME), keeping the 50 newest. */
    private Optional<Path> journal(Path playbook) {
        if (journalFile != null) {
            return Optional.of(journalFile);
        }
        String state = System.getenv("XDG_STATE_HOME");
        Path dir = (state != null && !state.isBlank() ? Path.of(state)
                : Path.of(System.getProperty("user.home"), ".local", "state")).resolve("herd").resolve("journals");
        String name = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS"))
                + "-" + playbook.getFileName().toString().replaceAll("\\.ya?ml$", "") + ".jsonl";
        Journals.prune(dir, 50);
        return Optional.of(dir.resolve(name));
    }
}
