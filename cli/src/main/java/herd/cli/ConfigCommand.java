package herd.cli;

import java.util.concurrent.Callable;

import herd.engine.config.ConfigDump;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "config", mixinStandardHelpOptions = true,
        description = {"Show the ansible.cfg settings herd uses, each with its value and where it came from,",
                "as 'ansible-config dump --only-changed' does: the file (with its line) or the environment variable."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the settings were read", "4:a bad value in the ansible.cfg or an ANSIBLE_ variable",
                "5:bad command-line options"})
final class ConfigCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @ParentCommand
    HerdCommand herd;

    @Option(names = "--all", description = "Every setting, herd's defaults too.")
    boolean all;

    @Mixin
    Verbose verbose;

    @Override
    public Integer call() {
        ConfigDump.lines(herd.config(), all).forEach(spec.commandLine().getOut()::println);
        spec.commandLine().getOut().flush();
        return 0;
    }
}
