package herd.cli;

/** The herd command line. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(Cli.execute(System.out, System.err, args));
    }
}
