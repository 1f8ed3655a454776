package herd.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import herd.engine.Herd;
import herd.engine.event.Listener;
import herd.engine.event.RunResult;
import herd.engine.report.ConsoleReporter;
import herd.engine.report.HtmlReporter;
import herd.engine.report.JsonReporter;
import herd.engine.report.JunitReporter;
import herd.engine.run.LockOptions;
import herd.engine.run.Plan;
import herd.engine.run.RunRequest;
import herd.engine.run.Runner;
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
                "5:bad command-line options",
                "6:another run holds the lock of a targeted host; nothing was run", "99:interrupted (SIGINT or SIGTERM)"})
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

    @Option(names = {"-T", "--timeout"}, paramLabel = "SECONDS", defaultValue = "10",
            description = "Connect timeout in seconds (default: ${DEFAULT-VALUE}).")
    int timeout;

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
            PlanListing.printDryRun(herd.dryRun(plan), spec.commandLine().getOut());
            return 0;
        }
        List<Listener> listeners = new ArrayList<>();
        listeners.add(new ConsoleReporter(spec.commandLine().getOut(), color()));
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
        Signals.onInterrupt(runner::interrupt);
        RunResult result = runner.run(plan);
        return result.exitCode();
    }

    private RunRequest request() {
        if (forks < 1) {
            throw new UsageException("--forks must be at least 1, not " + forks);
        }
        if (timeout < 1) {
            throw new UsageException("--timeout must be at least 1 second, not " + timeout);
        }
        Path home = Path.of(System.getProperty("user.home"));
        ConnectOptions connect = new ConnectOptions(
                knownHosts != null ? knownHosts : home.resolve(".ssh/known_hosts"),
                Duration.ofSeconds(timeout), Duration.ofSeconds(15), 3,
                user != null ? user : System.getProperty("user.name"),
                Optional.ofNullable(privateKey));
        if (noLock && (breakLock || lockPath != null)) {
            throw new UsageException("--no-lock takes no lock, so it goes with neither --break-lock nor --lock-path");
        }
        if (lockPath != null && lockPath.isBlank()) {
            throw new UsageException("--lock-path must not be empty");
        }
        return new RunRequest(selection.playbook, selection.inventorySources(), selection.limit(),
                selection.extraVars(), forks, connect, selection.tagFilter(),
                new LockOptions(!noLock, Optional.ofNullable(lockPath), breakLock));
    }

    private boolean color() {
        return !noColor && System.getenv("NO_COLOR") == null && Terminal.isInteractive();
    }
}
