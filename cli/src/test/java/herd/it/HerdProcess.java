package herd.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * herd as its own process, for what the in-process {@link CliRun} cannot set: environment variables
 * (SSH_AUTH_SOCK, HERD_KEY_PASSPHRASE, ANSIBLE_HOST_KEY_CHECKING) and a home folder of its own, so that
 * the keys in the real ~/.ssh never take part.
 */
final class HerdProcess {
    private final Process process;
    private final Path out;
    private final Path err;

    private HerdProcess(Process process, Path out, Path err) {
        this.process = process;
        this.out = out;
        this.err = err;
    }

    /**
     * Starts herd with {@code env} added to this environment (SSH_AUTH_SOCK and every ANSIBLE_ variable
     * removed unless given) and {@code home}.
     */
    static HerdProcess start(Map<String, String> env, Path home, List<String> args) throws IOException {
        String java = ProcessHandle.current().info().command().orElseThrow();
        List<String> command = new ArrayList<>(List.of(java, "-Duser.home=" + home, "-cp",
                System.getProperty("java.class.path"), "herd.cli.Main"));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().remove("SSH_AUTH_SOCK");
        builder.environment().remove("HERD_KEY_PASSPHRASE");
        builder.environment().keySet().removeIf(name -> name.startsWith("ANSIBLE_"));
        builder.environment().putAll(env);
        Path out = Files.createTempFile("herd-out", ".txt");
        Path err = Files.createTempFile("herd-err", ".txt");
        Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        return new HerdProcess(process, out, err);
    }

    static CliRun run(Map<String, String> env, Path home, List<String> args) throws IOException, InterruptedException {
        return start(env, home, args).await();
    }

    /** Waits for the end; its exit code, output and error output. */
    CliRun await() throws IOException, InterruptedException {
        // a guard against a hang, not a speed check
        boolean ended = process.waitFor(5, TimeUnit.MINUTES);
        if (!ended) {
            process.destroyForcibly();
        }
        CliRun run = new CliRun(ended ? process.exitValue() : -1, Files.readString(out), Files.readString(err));
        Files.delete(out);
        Files.delete(err);
        assertTrue(ended, () -> "herd hung:\n" + run);
        return run;
    }
}
