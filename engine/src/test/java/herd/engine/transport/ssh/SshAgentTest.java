package herd.engine.transport.ssh;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import net.schmizz.sshj.common.Buffer;
import net.schmizz.sshj.common.KeyType;
import net.schmizz.sshj.signature.Signature;
import net.schmizz.sshj.signature.SignatureRSA;

/** The agent client against a real OpenSSH ssh-agent, started by the test. */
class SshAgentTest {
    @TempDir
    Path dir;

    private Process agent;
    private Path socket;

    @BeforeEach
    void startAgent() throws Exception {
        socket = dir.resolve("agent.sock");
        agent = new ProcessBuilder("ssh-agent", "-D", "-a", socket.toString()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("agent.log").toFile()).start();
        // ssh-agent makes the socket before it serves: wait for it (a start-up guard, not a timing assertion)
        for (int i = 0; i < 500 && !Files.exists(socket); i++) {
            Thread.sleep(10);
        }
        assertTrue(Files.exists(socket), "ssh-agent did not start");
    }

    @AfterEach
    void stopAgent() {
        agent.destroy();
    }

    private Path key(String type, String name) throws Exception {
        Path key = dir.resolve(name);
        run(List.of("ssh-keygen", "-q", "-t", type, "-N", "", "-C", name, "-f", key.toString()));
        run(List.of("ssh-add", key.toString()));
        return key;
    }

    private void run(List<String> command) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("SSH_AUTH_SOCK", socket.toString());
        Process p = builder.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, command + ": " + out);
    }

    private static byte[] blobOf(Path publicKeyFile) throws IOException {
        return java.util.Base64.getDecoder().decode(Files.readString(publicKeyFile).split(" ")[1]);
    }

    @Test
    void listsTheKeysTheAgentHoldsInItsOrderWithTheirComments() throws Exception {
        Path ed = key("ed25519", "first");
        Path rsa = key("rsa", "second");
        List<SshAgent.Identity> ids = new SshAgent(socket).identities();
        assertEquals(List.of("first", "second"), ids.stream().map(SshAgent.Identity::comment).toList());
        assertArrayEquals(blobOf(Path.of(ed + ".pub")), ids.get(0).blob());
        assertArrayEquals(blobOf(Path.of(rsa + ".pub")), ids.get(1).blob());
        assertEquals(KeyType.ED25519, KeyType.fromKey(ids.get(0).publicKey()));
    }

    @Test
    void anEmptyAgentHoldsNoKeys() throws Exception {
        assertEquals(List.of(), new SshAgent(socket).identities());
    }

    @Test
    void signsWithRsaSha2AsAskedAndTheSignatureVerifies() throws Exception {
        key("rsa", "rsa");
        SshAgent client = new SshAgent(socket);
        SshAgent.Identity id = client.identities().getFirst();
        PublicKey pub = id.publicKey();
        byte[] data = "session id and request".getBytes(StandardCharsets.UTF_8);
        List<String> algorithms = new ArrayList<>();
        for (int flags : new int[] {SshAgent.RSA_SHA2_256, SshAgent.RSA_SHA2_512}) {
            Buffer.PlainBuffer sig = new Buffer.PlainBuffer(client.sign(id.blob(), data, flags));
            String algorithm = sig.readString();
            algorithms.add(algorithm);
            Signature verifier = algorithm.equals("rsa-sha2-256") ? new SignatureRSA.FactoryRSASHA256().create()
                    : new SignatureRSA.FactoryRSASHA512().create();
            verifier.initVerify(pub);
            verifier.update(data);
            assertTrue(verifier.verify(new Buffer.PlainBuffer().putString(algorithm).putBytes(sig.readBytes()).getCompactData()),
                    algorithm);
        }
        assertEquals(List.of("rsa-sha2-256", "rsa-sha2-512"), algorithms);
    }

    @Test
    void aKeyTheAgentDoesNotHoldIsRefusedWithAMessage() throws Exception {
        key("ed25519", "held");
        Path loose = dir.resolve("loose");
        new ProcessBuilder("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", loose.toString()).start().waitFor();
        IOException e = assertThrows(IOException.class,
                () -> new SshAgent(socket).sign(blobOf(Path.of(loose + ".pub")), new byte[] {1}, 0));
        assertEquals("ssh-agent at " + socket + " refused the request", e.getMessage());
    }

    @Test
    void aSocketWithoutAnAgentSaysWhichSocket() {
        Path none = dir.resolve("none.sock");
        IOException e = assertThrows(IOException.class, () -> new SshAgent(none).identities());
        assertTrue(e.getMessage().startsWith("cannot talk to ssh-agent at " + none + " (SSH_AUTH_SOCK): "), e.getMessage());
    }
}
