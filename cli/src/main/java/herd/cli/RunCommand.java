package herd.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import herd.engine.Herd;
import herd.engine.event.ExitCodes;
import herd.engine.event.Listener;
import herd.engine.event.RunResult;
import herd.engine.report.ConsoleReporter;
import herd.engine.report.HtmlReporter;
import herd.engine.report.JsonReporter;
import herd.engine.report.JunitReporter;
import herd.engine.run.BecomePassword;
import herd.engine.run.LockOptions;
import herd.engine.run.Plan;
import herd.engine.run.RunOptions;
import herd.engine.run.RunRequest;
import herd.engine.run.Runner;
import herd.engine.run.Window;
import herd.engine.transport.ConnectOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run a playbook on the hosts of an inventory.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every host ok", "1:an unexpected error", "2:a host failed",
                "3:a host was unreachable and none failed", "4:the playbook or inventory could not be read",
                "5:bad command-line options", "6:another run holds the lock of a targeted host; nothing was run",
                "7:out of time: the maintenance window or deadline left too little time for the next batch (or the"
                + " window is closed); every batch that started finished",
                "99:interrupted (SIGINT or SIGTERM)"})
final class RunCommand implements java.util.concurrent.Callable<Integer>, Verbose {

    @Spec
    CommandSpec spec;

    @Mixin
    PlaybookOptions selection;

    @Option(names = {"-f", "--forks"}, paramLabel = "N", defaultValue = "20",
            description = "How many hosts work at once (default: ${DEFAULT-VALUE}).")
    int forks;

    @Option(names = {"-u", "--user"}, paramLabel = "USER", description = "Remote user when the inventory names none.")
    String user;

    @Option(names = "--private-key", paramLabel = "FILE", description = "Private key when the inventory names none.")
    Path privateKey;

    @Option(names = "--known-hosts", paramLabel = "FILE", description = "known_hosts file (default: ~/.ssh/known_hosts).")
    Path knownHosts;

    @Option(names = {"-F", "--ssh-config"}, paramLabel = "FILE",
            description = "SSH client configuration, instead of ~/.ssh/config and /etc/ssh/ssh_config.")
    Path sshConfig;

    @Option(names = "--host-key-checking", paramLabel = "POLICY",
            description = "yes (refuse unknown host keys), accept-new (add them to the known_hosts file) or no (accept"
                    + " them); a changed key is always refused (default: StrictHostKeyChecking of ~/.ssh/config, else yes;"
                    + " ANSIBLE_HOST_KEY_CHECKING=False means no).")
    String hostKeyChecking;

    @Option(names = {"-T", "--timeout"}, paramLabel = "SECONDS", defaultValue = "10",
            description = "Connect timeout in seconds (default: ${DEFAULT-VALUE}).")
    int timeout;

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

    @Option(names = "--json", paramLabel = "FILE", description = "Write the whole run as JSON to FILE.")
    Path json;

    @Option(names = "--junit", paramLabel = "FILE",
            description = "Write JUnit XML to FILE: a testsuite per play, a testcase per host and task.")
    Path junit;

    @Option(names = "--html", paramLabel = "FILE",
            description = "Write a self-contained HTML report to FILE: recap, a timeline per host, batches, failures.")
    Path html;

    @Option(names = {"-C", "--check"},
            description = "Print, per host, the exact command each task would run (templates filled, sudo included), and run nothing.")
    boolean check;

    @Option(names = "--list-hosts", description = "List the hosts each play targets, and run nothing.")
    boolean listHosts;

    @Option(names = "--list-tasks", description = "List the tasks of each play, and run nothing.")
    boolean listTasks;

    @Option(names = "--list-tags", description = "List the tags of each play's tasks, and run nothing.")
    boolean listTags;

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

    @Option(names = "--no-color", description = "No colours in the output (NO_COLOR is honoured too).")
    boolean noColor;

    @Option(names = {"-v", "--verbose"}, description = "Show stack traces of unexpected errors.")
    boolean verbose;

    @Override
    public boolean verbose() {
        return verbose;
    }

    @Override
    public Integer call() {
        RunRequest request = request();
        Herd herd = new Herd();
        Plan plan = herd.plan(request);
        if (listHosts || listTasks || listTags) {
            PlanListing.print(plan, listHosts, listTasks, listTags, spec.commandLine().getOut());
            return 0;
        }
        if (check) {
            PlanListing.printDryRun(herd.dryRun(plan, request), spec.commandLine().getOut());
            return 0;
        }
        List<Listener> listeners = new ArrayList<>();
        listeners.add(new ConsoleReporter(spec.commandLine().getOut(), color(), live()));
        if (json != null) {
            listeners.add(new JsonReporter(json));
        }
        if (junit != null) {
            listeners.add(new JunitReporter(junit));
        }
        if (html != null) {
            listeners.add(new HtmlReporter(html));
        }
        Runner runner = herd.runner(request, event -> listeners.forEach(l -> l.on(event)));
        java.io.PrintWriter err = spec.commandLine().getErr();
        Signals.onInterrupt(new Runnable() {
            private boolean again;

            @Override
            public void run() {
                err.println(again ? "herd: interrupted again: ending the running steps now"
                        : "herd: interrupted: no new step starts; running steps have " + grace + " s to finish"
                        + " (Ctrl-C again ends them now); then servers this run took out of the load balancer are"
                        + " put back");
                err.flush();
                again = true;
                runner.interrupt();
            }
        });
        RunResult result = runner.run(plan);
        int code = result.exitCode();
        if (code != ExitCodes.OK && code != ExitCodes.LOCKED) {
            request.options().journal().ifPresent(journal -> {
                spec.commandLine().getErr().println("herd: to go on where this run stopped, run it again with --resume "
                        + journal);
                spec.commandLine().getErr().flush();
            });
        }
        return code;
    }

    private RunRequest request() {
        if (forks < 1) {
            throw new UsageException("--forks must be at least 1, not " + forks);
        }
        if (grace < 0) {
            throw new UsageException("--grace cannot be negative, not " + grace);
        }
        if (timeout < 1) {
            throw new UsageException("--timeout must be at least 1 second, not " + timeout);
        }
        Path home = Path.of(System.getProperty("user.home"));
        ConnectOptions connect = new ConnectOptions(
                knownHosts != null ? knownHosts : home.resolve(".ssh/known_hosts"),
                Duration.ofSeconds(timeout), Duration.ofSeconds(15), 3,
                user != null ? user : System.getProperty("user.name"),
                Optional.ofNullable(privateKey), Optional.ofNullable(sshConfig), given(),
                HostKeyChecking.of(hostKeyChecking, System.getenv(HostKeyChecking.ANSIBLE_VARIABLE)),
                new PassphrasePrompt());
        if (sshConfig != null && !java.nio.file.Files.isRegularFile(sshConfig)) {
            throw new UsageException("--ssh-config " + sshConfig + ": no such file");
        }
        if (noLock && (breakLock || lockPath != null)) {
            throw new UsageException("--no-lock takes no lock, so it goes with neither --break-lock nor --lock-path");
        }
        if (lockPath != null && lockPath.isBlank()) {
            throw new UsageException("--lock-path must not be empty");
        }
        return new RunRequest(selection.playbook, selection.inventorySources(), selection.limit(),
                selection.extraVars(), connect, selection.tagFilter(),
                new RunOptions(forks, Duration.ofSeconds(grace), deadline(), becomePassword(),
                        new LockOptions(!noLock, Optional.ofNullable(lockPath), breakLock), journal(), Optional.ofNullable(resume)));
    }

    /** The options given on the command line, which win over the SSH client configuration. */
    private java.util.Set<ConnectOptions.Given> given() {
        java.util.Set<ConnectOptions.Given> given = java.util.EnumSet.noneOf(ConnectOptions.Given.class);
        if (user != null) {
            given.add(ConnectOptions.Given.USER);
        }
        if (knownHosts != null) {
            given.add(ConnectOptions.Given.KNOWN_HOSTS);
        }
        if (spec.commandLine().getParseResult().hasMatchedOption("-T")) {
            given.add(ConnectOptions.Given.CONNECT_TIMEOUT);
        }
        return given;
    }

    /** The earlier of --deadline and the end of --window; a window that is closed now runs nothing. */
    private Optional<java.time.Instant> deadline() {
        java.time.ZonedDateTime now = java.time.ZonedDateTime.now();
        Optional<java.time.Instant> end = Optional.empty();
        try {
            if (window != null) {
                end = Optional.of(Window.end(window, now));
            }
            if (deadline != null) {
                java.time.Instant at = Window.deadline(deadline, now);
                end = Optional.of(end.filter(e -> e.isBefore(at)).orElse(at));
            }
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        return end;
    }

    /** -K asks the terminal once; else HERD_BECOME_PASSWORD; else none (sudo -n, as before). */
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
            java.util.Arrays.fill(typed, ' ');
        } else {
            password = System.getenv("HERD_BECOME_PASSWORD");
            if (password == null) {
                return Optional.empty();
            }
        }
        try {
            return Optional.of(new BecomePassword(password));
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    /** --journal, else a new file under the user's state folder (XDG_STATE_HOME), keeping the 50 newest. */
    private Optional<Path> journal() {
        if (journalFile != null) {
            return Optional.of(journalFile);
        }
        String state = System.getenv("XDG_STATE_HOME");
        Path dir = (state != null && !state.isBlank() ? Path.of(state)
                : Path.of(System.getProperty("user.home"), ".local", "state")).resolve("herd").resolve("journals");
        String name = java.time.LocalDateTime.now().format(java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS"))
                + "-" + selection.playbook.getFileName().toString().replaceAll("\\.ya?ml$", "") + ".jsonl";
        Journals.prune(dir, 50);
        return Optional.of(dir.resolve(name));
    }

    /** A progress line at the bottom: only on a terminal that can redraw a line. */
    private static boolean live() {
        return Terminal.isInteractive() && !"dumb".equals(System.getenv("TERM"));
    }

    private boolean color() {
        return !noColor && System.getenv("NO_COLOR") == null && Terminal.isInteractive();
    }
}
