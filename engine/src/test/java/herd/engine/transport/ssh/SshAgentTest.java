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

    private Path key(String type, String name) throws Exception {
        return agent.key(type, name, true);
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
