package herd.cli;

import picocli.CommandLine;
import picocli.CommandLine.Option;

/** -v: stack traces of unexpected errors. A mixin of every subcommand; {@link Cli} asks {@link #of}. */
final class Verbose {
    @Option(names = {"-v", "--verbose"}, description = "Show stack traces of unexpected errors.")
    boolean verbose;

    /** True when the command that failed was given -v. */
    static boolean of(CommandLine command) {
        return command.getParseResult() != null && command.getParseResult().hasMatchedOption("--verbose");
    }
}
