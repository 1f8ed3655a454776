package herd.cli;

/** The herd command line. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) throws java.io.IOException {
        if (args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"))) {
            // the one answer that needs no command model: building picocli's for every subcommand
            // costs more than the JVM's own start
            for (String line : new HerdCommand.Version().getVersion()) {
                System.out.println(line);
            }
            return;
        }
        System.exit(Cli.execute(System.out, System.err, args));
    }
}
