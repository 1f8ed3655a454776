package herd.engine.transport.ssh;

import herd.engine.transport.HostKeyPolicy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import net.schmizz.sshj.DefaultConfig;
import net.schmizz.sshj.userauth.method.AuthMethod;

import herd.engine.transport.KeyPassphrases;

/** The order of logins: the agent's keys, then key files; with IdentitiesOnly only the files, through the agent where it holds them. */
class LoginsTest {
    @TempDir
    Path dir;

    private TestAgent agent;
    private Path socket;

    @BeforeEach
    void startAgent() throws Exception {
        agent = TestAgent.start(dir);
        socket = agent.socket();
    }

    @AfterEach
    void stopAgent() {
        agent.close();
    }

    private Path key(String name, boolean intoAgent) throws Exception {
        return agent.key("ed25519", name, intoAgent);
    }

    private static SshSettings settings(List<Path> files, boolean identitiesOnly) {
        return new SshSettings("h1", "127.0.0.9", 22, "deploy", files, identitiesOnly, List.of(), Duration.ofSeconds(5),
                Duration.ofSeconds(15), 3, HostKeyPolicy.YES, List.of());
    }

    private Logins logins(Optional<SshAgent> agent) {
        return new Logins(agent, new DefaultConfig().getFileKeyProviderFactories(), KeyPassphrases.fromEnvironment());
    }

    @Test
    void agentKeysFirstThenFilesTheAgentDoesNotHold() throws Exception {
        Path held = key("held", true);
        Path other = key("other", true);
        Path loose = key("loose", false);
        List<AuthMethod> methods = logins(Optional.of(new SshAgent(socket))).methodsFor(settings(List.of(loose, held), false));
        assertEquals(List.of("ssh-agent key held", "ssh-agent key other", "file loose"), describe(methods));
        assertTrue(Files.exists(other));
    }

    @Test
    void identitiesOnlyOffersOnlyTheFilesSigningThroughTheAgentWhereItHoldsTheKey() throws Exception {
        Path held = key("held", true);
        key("other", true);
        Path loose = key("loose", false);
        List<AuthMethod> methods = logins(Optional.of(new SshAgent(socket))).methodsFor(settings(List.of(loose, held), true));
        assertEquals(List.of("file loose", "ssh-agent key held"), describe(methods));
    }

    @Test
    void withoutAnAgentOnlyTheFilesAndAStaleSocketIsNamedAsTheProblem() throws Exception {
        Path loose = key("loose", false);
        assertEquals(List.of("file loose"), describe(logins(Optional.empty()).methodsFor(settings(List.of(loose), false))));
        Logins stale = logins(Optional.of(new SshAgent(dir.resolve("gone.sock"))));
        assertEquals(List.of("file loose"), describe(stale.methodsFor(settings(List.of(loose), false))));
        assertEquals(Optional.empty(), stale.problem(settings(List.of(loose), false)));
        assertTrue(stale.agentProblem().orElseThrow()
                .startsWith("cannot talk to ssh-agent at " + dir.resolve("gone.sock") + " (SSH_AUTH_SOCK): "));
    }

    private static List<String> describe(List<AuthMethod> methods) {
        return methods.stream().map(m -> m instanceof AgentAuth ? m.toString()
                : "file " + Path.of(keyOf(m)).getFileName()).toList();
    }

    private static String keyOf(AuthMethod m) {
        try {
            java.lang.reflect.Field f = net.schmizz.sshj.userauth.method.KeyedAuthMethod.class.getDeclaredField("kProv");
            f.setAccessible(true);
            return ((KeyFile) f.get(m)).path().toString();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}
