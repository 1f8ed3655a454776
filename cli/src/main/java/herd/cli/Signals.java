package herd.cli;

import sun.misc.Signal;

/** Routes SIGINT and SIGTERM to the run, so it can stop cleanly and exit 99. */
final class Signals {
    private Signals() {
    }

    static void onInterrupt(Runnable action) {
        for (String name : new String[] {"INT", "TERM"}) {
            try {
                Signal.handle(new Signal(name), signal -> action.run());
            } catch (IllegalArgumentException e) {
                // the signal is not available on this platform; the default handling stays
            }
        }
    }
}
