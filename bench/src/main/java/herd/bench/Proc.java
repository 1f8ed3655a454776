package herd.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs one process to its end with a time bound; its wall time comes from {@link System#nanoTime}. */
final class Proc {
    static final Duration TIMEOUT = Duration.ofMinutes(10);

    /** How a process ended; {@code exit} is -1 when it was killed for taking longer than the bound. */
    record Result(int exit, long nanos, boolean timedOut, Path stdout, Path stderr) {
        double seconds() {
            return nanos / 1e9;
        }

        String tail() {
            return Proc.tail(stderr) + Proc.tail(stdout);
        }
    }

    private Proc() {
    }

    static Result run(List<String> command, Path dir, Map<String, String> env, Path stdout, Path stderr,
                      Duration timeout) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile());
        pb.environment().putAll(env);
        long t0 = System.nanoTime();
        Process p = pb.start();
        boolean done = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        long nanos = System.nanoTime() - t0;
        if (!done) {
            killTree(p);
            return new Result(-1, nanos, true, stdout, stderr);
        }
        return new Result(p.exitValue(), nanos, false, stdout, stderr);
    }

    /** Runs a short helper command (facts, cleanup) and returns its stdout and stderr, trimmed. */
    static String output(Path dir, String... command) {
        try {
            Path out = Files.createTempFile("herd-bench-", ".out");
            try {
                run(List.of(command), dir, Map.of(), out, out, Duration.ofMinutes(2));
                return Files.readString(out).strip();
            } finally {
                Files.deleteIfExists(out);
            }
        } catch (IOException e) {
            return "(" + String.join(" ", command) + ": " + e.getMessage() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "(interrupted)";
        }
    }

    private static void killTree(Process p) throws InterruptedException {
        List<ProcessHandle> children = p.descendants().toList();
        p.destroyForcibly();
        children.forEach(ProcessHandle::destroyForcibly);
        p.waitFor(10, TimeUnit.SECONDS);
    }

    private static String tail(Path file) {
        try {
            List<String> lines = Files.readAllLines(file);
            List<String> last = lines.subList(Math.max(0, lines.size() - 8), lines.size());
            return last.isEmpty() ? "" : "  " + file.getFileName() + ": " + String.join("\n    ", last) + "\n";
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }
}
