package herd.engine.transport.ssh;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A real OpenSSH ssh-agent on a socket in a test's folder, and keys made with ssh-keygen for it. */
final class TestAgent implements AutoCloseable {
    private final Path dir;
    private final Path socket;
    private final Process agent;

    private TestAgent(Path dir, Path socket, Process agent) {
        this.dir = dir;
        this.socket = socket;
        this.agent = agent;
    }

    static TestAgent start(Path dir) throws Exception {
        Path socket = dir.resolve("agent.sock");
        Process agent = new ProcessBuilder("ssh-agent", "-D", "-a", socket.toString()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("agent.log").toFile()).start();
        // ssh-agent makes the socket before it serves: wait for it (a start-up guard, not a timing assertion)
        for (int i = 0; i < 500 && !Files.exists(socket); i++) {
            Thread.sleep(10);
        }
        assertTrue(Files.exists(socket), "ssh-agent did not start");
        return new TestAgent(dir, socket, agent);
    }

    Path socket() {
        return socket;
    }

    /** A new key without passphrase, named {@code name} in the test's folder; in the agent when asked. */
    Path key(String type, String name, boolean intoAgent) throws Exception {
        Path key = dir.resolve(name);
        run(List.of("ssh-keygen", "-q", "-t", type, "-N", "", "-C", name, "-f", key.toString()));
        if (intoAgent) {
            run(List.of("ssh-add", key.toString()));
        }
        return key;
    }

    private void run(List<String> command) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("SSH_AUTH_SOCK", socket.toString());
        Process p = builder.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, command + ": " + out);
    }

    @Override
    public void close() {
        agent.destroy();
    }
}
