package herd.it;

import java.util.ArrayList;
import java.util.List;

/**
 * Starts a program the way a terminal would for a user pressing Ctrl-C: with SIGINT at its default.
 * A test run started in the background (as CI jobs and `cmd &` are) hands its children SIGINT
 * ignored, and a JVM started that way cannot handle it, so a SIGINT test would wait for nothing.
 * python3 resets the signal and then becomes the program (exec: same pid).
 */
final class Foreground {
    private static final String RESET_AND_EXEC =
            "import os, signal, sys; signal.signal(signal.SIGINT, signal.SIG_DFL); os.execvp(sys.argv[1], sys.argv[1:])";

    private Foreground() {
    }

    static ProcessBuilder process(List<String> command) {
        List<String> wrapped = new ArrayList<>(List.of("python3", "-c", RESET_AND_EXEC));
        wrapped.addAll(command);
        return new ProcessBuilder(wrapped);
    }
}
