package herd.engine.transport;

/** What a finished command left: exit code, output, and whether it was ended by the timeout. */
public record ExecResult(int rc, String stdout, String stderr, boolean timedOut) {
}
