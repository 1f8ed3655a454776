package herd.cli;

import java.io.PrintStream;
import java.io.PrintWriter;

import herd.engine.config.AnsibleConfigLoader;
import herd.engine.event.ExitCodes;
import herd.engine.load.InputException;
import herd.engine.load.Problem;
import picocli.CommandLine;

/**
 * Builds the command line and is the one place where exceptions become messages and exit codes:
 * bad input 4, bad options 5, anything unexpected 1. Stack traces only with -v.
 */
public final class Cli {
    private Cli() {
    }

    public static int execute(PrintStream out, PrintStream err, String... args) {
        return execute(AnsibleConfigLoader.ofProcess(), out, err, args);
    }

    /** With the ansible.cfg and ANSIBLE_* variables {@code config} finds (tests give their own). */
    public static int execute(AnsibleConfigLoader config, PrintStream out, PrintStream err, String... args) {
        PrintWriter outWriter = new PrintWriter(out, true);
        PrintWriter errWriter = new PrintWriter(err, true);
        CommandLine cli = new CommandLine(new HerdCommand(config));
        cli.setOut(outWriter);
        cli.setErr(errWriter);
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setParameterExceptionHandler((e, arguments) -> {
            errWriter.println("herd: " + e.getMessage());
            CommandLine.UnmatchedArgumentException.printSuggestions(e, errWriter);
            errWriter.println("Try '" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help' for more information.");
            return ExitCodes.BAD_OPTIONS;
        });
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            boolean verbose = Verbose.of(commandLine);
            if (e instanceof InputException input) {
                for (Problem problem : input.problems()) {
                    errWriter.println("ERROR: " + problem.render());
                }
                if (input.problems().size() > 1) {
                    errWriter.println(input.problems().size() + " problems; nothing was run.");
                }
                if (verbose) {
                    e.printStackTrace(errWriter);
                }
                return ExitCodes.BAD_INPUT;
            }
            if (e instanceof herd.engine.run.Window.Closed closed) {
                errWriter.println("herd: " + closed.getMessage() + "; nothing was run.");
                return ExitCodes.OUT_OF_TIME;
            }
            if (e instanceof UsageException usage) {
                errWriter.println("herd: " + usage.getMessage());
                return ExitCodes.BAD_OPTIONS;
            }
            errWriter.println("herd: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage())
                    + (verbose ? "" : " (run with -v for details)"));
            if (verbose) {
                e.printStackTrace(errWriter);
            }
            return ExitCodes.ERROR;
        });
        return cli.execute(args);
    }
}
