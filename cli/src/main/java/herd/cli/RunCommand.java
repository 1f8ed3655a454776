package herd.cli;

import java.util.List;

import herd.engine.vault.Vault;
import herd.engine.Herd;
import herd.engine.config.AnsibleConfig;
import herd.engine.event.ExitCodes;
import herd.engine.event.Listener;
import herd.engine.event.RunResult;
import herd.engine.run.Plan;
import herd.engine.run.RunOptions;
import herd.engine.run.RunRequest;
import herd.engine.run.Runner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;
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
final class RunCommand implements java.util.concurrent.Callable<Integer> {

    @Spec
    CommandSpec spec;

    @ParentCommand
    HerdCommand herd;

    @Mixin
    PlaybookOptions selection;

    @Mixin
    RunControlOptions control;

    @Mixin
    ConnectionOptions connection;

    @Mixin
    ReportOptions reports;

    @Option(names = {"-C", "--check"},
            description = "Ansible's check mode: contact the hosts, let each module predict what it would change, change"
                    + " nothing (commands are skipped). Writes no journal.")
    boolean check;

    @Option(names = {"-D", "--diff"},
            description = "Show what file and service modules change (or would change, with --check) as unified diffs.")
    boolean diff;

    @Option(names = "--dry-run",
            description = "Print, per host, the exact command each task would run (templates filled, sudo included);"
                    + " contact no host and run nothing.")
    boolean dryRun;

    @Option(names = "--list-hosts", description = "List the hosts each play targets, and run nothing.")
    boolean listHosts;

    @Option(names = "--list-tasks", description = "List the tasks of each play, and run nothing.")
    boolean listTasks;

    @Option(names = "--list-tags", description = "List the tags of each play's tasks, and run nothing.")
    boolean listTags;

    @Mixin
    Verbose verbose;

    @Mixin
    VaultOptions vault;

    @Override
    public Integer call() {
        RunRequest request = request();
        Herd herd = new Herd(new TerminalPrompter());
        Plan plan = herd.plan(request);
        plan.playbook().warnings().forEach(spec.commandLine().getErr()::println);
        if (listHosts || listTasks || listTags) {
            PlanListing.print(plan, listHosts, listTasks, listTags, spec.commandLine().getOut());
            return 0;
        }
        if (dryRun) {
            PlanListing.printDryRun(herd.dryRun(plan, request), spec.commandLine().getOut());
            return 0;
        }
        List<Listener> listeners = reports.reporters(spec.commandLine().getOut());
        Runner runner = herd.runner(request, event -> listeners.forEach(l -> l.on(event)));
        java.io.PrintWriter err = spec.commandLine().getErr();
        Signals.onInterrupt(new Runnable() {
            private boolean again;

            @Override
            public void run() {
                err.println(again ? "herd: interrupted again: ending the running steps now"
                        : "herd: interrupted: no new step starts; running steps have " + control.grace + " s to finish"
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
                spec.commandLine().getErr().println((result.halted().isPresent()
                        ? "herd: make the journal writable again (free space?); steps done after it failed are run again."
                        + " To go on where this run stopped, run it again with --resume "
                        : "herd: to go on where this run stopped, run it again with --resume ") + journal);
                spec.commandLine().getErr().flush();
            });
        }
        return code;
    }

    private RunRequest request() {
        AnsibleConfig config = herd.config();
        Vault.use(vault.secrets(config));
        RunOptions options = control.runOptions(selection.playbook, config).withModes(new RunOptions.Modes(check, diff));
        if (check) {
            options = options.withoutJournal();
        }
        return new RunRequest(selection.playbook, selection.inventorySources(config), selection.limit(),
                selection.extraVars(), connection.connectOptions(config), selection.tagFilter(), options,
                config.rolesPath().value()).withModules(ConfigModules.of(config));
    }
}
