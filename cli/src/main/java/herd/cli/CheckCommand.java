package herd.cli;

import java.io.PrintWriter;
import java.util.List;

import herd.engine.vault.Vault;
import herd.engine.Herd;
import herd.engine.config.AnsibleConfig;
import herd.engine.playbook.Action;
import herd.engine.playbook.Task;
import herd.engine.run.Plan;
import herd.engine.run.PlannedPlay;
import herd.engine.run.RunOptions;
import herd.engine.run.RunRequest;
import herd.engine.transport.ConnectOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "check", mixinStandardHelpOptions = true,
        description = "Check a playbook and its inventory without connecting anywhere.",
        footer = {"%nChecks YAML, keys, modules, handlers, host patterns, and every template and variable for every",
                "host; every problem is reported at once with file:line:column."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:no problems", "4:problems found (each with file:line:column)", "5:bad command-line options"})
final class CheckCommand implements java.util.concurrent.Callable<Integer> {
    @Spec
    CommandSpec spec;

    @ParentCommand
    HerdCommand herd;

    @Mixin
    PlaybookOptions selection;

    @Mixin
    Verbose verbose;

    @Mixin
    VaultOptions vault;

    @Override
    public Integer call() {
        AnsibleConfig config = herd.config();
        Vault.use(vault.secrets(config));
        RunRequest request = new RunRequest(selection.playbook, selection.inventorySources(config), selection.limit(),
                selection.extraVars(), ConnectOptions.defaults(), selection.tagFilter(),
                new RunOptions(1).withBecome(ConfigBecome.of(config)).withGathering(config.gathering().value()),
                config.rolesPath().value()).withModules(ConfigModules.of(config));
        Plan plan = new Herd(new TerminalPrompter()).plan(request);
        plan.playbook().warnings().forEach(spec.commandLine().getErr()::println);
        PrintWriter out = spec.commandLine().getOut();
        int number = 0;
        for (PlannedPlay planned : plan.plays()) {
            number++;
            out.println("play #" + number + " (" + planned.play().hosts().raw() + "): " + planned.play().displayName()
                    + ": " + count(planned.hosts().size(), "host") + ", " + count(tasks(planned.play().writtenTasks()), "task")
                    + (planned.play().handlers().isEmpty() ? "" : ", " + count(planned.play().handlers().size(), "handler")));
        }
        out.println("ok: " + plan.playbook().file() + " has no problems; nothing was contacted.");
        out.flush();
        return 0;
    }

    private static String count(int n, String what) {
        return n + " " + what + (n == 1 ? "" : "s");
    }

    private static int tasks(List<Task> tasks) {
        int n = 0;
        for (Task task : tasks) {
            n += switch (task.action()) {
                case Action.Block block -> tasks(block.tasks());
                case Action.Include include -> 1 + tasks(include.tasks());
                default -> 1;
            };
        }
        return n;
    }
}
