package herd.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import herd.testbed.TestHost;

/**
 * Logging in as engineers do, against a real OpenSSH server: through ssh-agent, with an encrypted key,
 * with each key type, and with a CA-signed user certificate. None of these keys is the testbed's own key.
 */
class SshAuthTest {
    private static final String PASSPHRASE = "Tr1cky pass-phrase";

    private static TestHost host;

    @TempDir
    Path dir;

    private Process agent;

    @BeforeAll
    static void startHost() {
        host = TestHost.start();
    }

    @AfterAll
    static void stopHost() {
        host.close();
    }

    @AfterEach
    void stopAgent() {
        if (agent != null) {
            agent.destroy();
        }
    }

    /** A new key pair made with ssh-keygen; {@code passphrase} empty for none. */
    private Path keygen(String name, String passphrase, String... type) throws Exception {
        Path key = dir.resolve(name);
        List<String> command = new ArrayList<>(List.of("ssh-keygen", "-q", "-N", passphrase, "-C", name, "-f", key.toString()));
        command.addAll(List.of(type));
        exec(Map.of(), command);
        return key;
    }

    private static String exec(Map<String, String> env, List<String> command) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(env);
        Process p = builder.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, command + ": " + out);
        return out;
    }

    /** Lets {@code line} log in as deploy, besides the testbed's key. */
    private static void authorize(String line) {
        TestHost.ExecResult r = host.exec("sh", "-c", "printf '%s\\n' \"$1\" >> /home/deploy/.ssh/authorized_keys", "sh", line);
        assertEquals(0, r.exitCode(), r.stderr());
    }

    private static void authorizeKey(Path key) throws IOException {
        authorize(Files.readString(Path.of(key + ".pub")).strip());
    }

    /** An ssh-agent of this test on its own socket, holding {@code keys}. */
    private Path agentWith(Path... keys) throws Exception {
        Path socket = dir.resolve("agent.sock");
        agent = new ProcessBuilder("ssh-agent", "-D", "-a", socket.toString()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("agent.log").toFile()).start();
        // the socket appears when the agent serves: a start-up guard, not a timing assertion
        for (int i = 0; i < 500 && !Files.exists(socket); i++) {
            Thread.sleep(10);
        }
        assertTrue(Files.exists(socket), "ssh-agent did not start");
        for (Path key : keys) {
            exec(Map.of("SSH_AUTH_SOCK", socket.toString()), List.of("ssh-add", key.toString()));
        }
        return socket;
    }

    private List<String> args(String... extra) throws IOException {
        Path inv = dir.resolve("inv.yml");
        Files.writeString(inv, "all:\n  hosts:\n    h1:\n      ansible_host: " + host.address() + "\n      ansible_port: "
                + host.port() + "\n      ansible_user: deploy\n");
        Path pb = dir.resolve("pb.yml");
        Files.writeString(pb, "- hosts: all\n  gather_facts: false\n  tasks:\n    - name: who\n      command: id -un\n");
        Path knownHosts = TestHost.writeKnownHosts(dir.resolve("known_hosts"), host);
        List<String> args = new ArrayList<>(List.of("run", pb.toString(), "-i", inv.toString(), "--known-hosts",
                knownHosts.toString(), "--no-color", "--no-lock", "--json", dir.resolve("r.json").toString()));
        args.addAll(List.of(extra));
        return args;
    }

    /** An empty home folder: no ~/.ssh keys of the machine running the tests take part. */
    private Path home() throws IOException {
        return Files.createDirectories(dir.resolve("home"));
    }

    private void assertLoggedInAsDeploy(CliRun r) throws IOException {
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals("deploy", new ObjectMapper().readTree(dir.resolve("r.json").toFile()).get("steps").get(0)
                .get("stdout").asText(), r::toString);
    }

    @Test
    void throughTheAgentWithNoKeyFileAndNotWithoutIt() throws Exception {
        Path key = keygen("agent_ed25519", "", "-t", "ed25519");
        authorizeKey(key);
        Path socket = agentWith(key);
        Files.delete(key);  // only the agent has the private key now
        assertLoggedInAsDeploy(HerdProcess.run(Map.of("SSH_AUTH_SOCK", socket.toString()), home(), args()));

        CliRun without = HerdProcess.run(Map.of(), home(), args());
        assertEquals(3, without.exitCode(), without::toString);
        assertTrue(without.out().contains("fatal: [h1]: UNREACHABLE! who"), without::toString);
        assertTrue(without.out().contains(" no private key to log in with: give --private-key,"
                + " ansible_ssh_private_key_file, or put a key in ~/.ssh or in ssh-agent (SSH_AUTH_SOCK)"), without::toString);
    }

    @Test
    void anRsaKeyInTheAgentSignsWithRsaSha2() throws Exception {
        // OpenSSH 9.2 refuses ssh-rsa (SHA-1) signatures: a login shows the agent signed with rsa-sha2
        Path key = keygen("agent_rsa", "", "-t", "rsa", "-b", "3072");
        authorizeKey(key);
        Path socket = agentWith(key);
        Files.delete(key);
        assertLoggedInAsDeploy(HerdProcess.run(Map.of("SSH_AUTH_SOCK", socket.toString()), home(), args()));
    }

    @Test
    void anEncryptedKeyWithItsPassphraseFromTheEnvironment() throws Exception {
        Path key = keygen("enc_ed25519", PASSPHRASE, "-t", "ed25519");
        authorizeKey(key);
        assertLoggedInAsDeploy(HerdProcess.run(Map.of("HERD_KEY_PASSPHRASE", PASSPHRASE), home(),
                args("--private-key", key.toString())));
    }

    @Test
    void aWrongPassphraseNamesTheKeyFileAndNeverThePassphrase() throws Exception {
        Path key = keygen("enc_ecdsa", PASSPHRASE, "-t", "ecdsa");
        authorizeKey(key);
        String wrong = "Wr0ng pass-phrase";
        CliRun r = HerdProcess.run(Map.of("HERD_KEY_PASSPHRASE", wrong), home(), args("--private-key", key.toString()));
        assertEquals(3, r.exitCode(), r::toString);
        assertTrue(r.out().contains("fatal: [h1]: UNREACHABLE! who"), r::toString);
        assertTrue(r.out().contains(" authentication as 'deploy' failed at " + host.address()
                + ":" + host.port() + ": wrong passphrase for private key " + key), r::toString);
        String json = Files.readString(dir.resolve("r.json"));
        assertTrue(json.contains("wrong passphrase for private key " + key), json);
        for (String text : List.of(r.out(), r.err(), json)) {
            assertFalse(text.contains(wrong) || text.contains("Wr0ng"), "the passphrase leaked:\n" + text);
            assertFalse(text.contains(PASSPHRASE) || text.contains("Tr1cky"), "the passphrase leaked:\n" + text);
        }
    }

    @Test
    void anEncryptedKeyWithoutPassphraseOrTerminalSaysHowToGiveOne() throws Exception {
        Path key = keygen("enc_rsa", PASSPHRASE, "-t", "rsa");
        authorizeKey(key);
        CliRun r = HerdProcess.run(Map.of(), home(), args("--private-key", key.toString()));
        assertEquals(3, r.exitCode(), r::toString);
        assertTrue(r.out().contains(": private key " + key + " is encrypted and no passphrase was given: set"
                + " HERD_KEY_PASSPHRASE, run herd on a terminal to be asked, or add the key to ssh-agent"), r::toString);
    }

    @Test
    void eachKeyTypeLogsIn() throws Exception {
        List<List<String>> types = List.of(List.of("-t", "rsa", "-b", "3072"), List.of("-t", "ecdsa", "-b", "256"),
                List.of("-t", "ecdsa", "-b", "384"), List.of("-t", "ecdsa", "-b", "521"), List.of("-t", "ed25519"));
        for (List<String> type : types) {
            Path key = keygen("id_" + String.join("", type).replace("-", ""), "", type.toArray(String[]::new));
            authorizeKey(key);
            CliRun r = CliRun.of(args("--private-key", key.toString()).toArray(String[]::new));
            assertLoggedInAsDeploy(r);
        }
    }

    @Test
    void aCaSignedUserCertificateBesideTheKeyLogsInWhereTheKeyAloneCannot() throws Exception {
        Path ca = keygen("user_ca", "", "-t", "ed25519");
        authorize("cert-authority " + Files.readString(Path.of(ca + ".pub")).strip());
        Path key = keygen("id_cert", "", "-t", "ed25519");
        exec(Map.of(), List.of("ssh-keygen", "-q", "-s", ca.toString(), "-I", "herd-test", "-n", "deploy", key + ".pub"));
        assertTrue(Files.exists(Path.of(key + "-cert.pub")));
        assertLoggedInAsDeploy(CliRun.of(args("--private-key", key.toString()).toArray(String[]::new)));

        Files.move(Path.of(key + "-cert.pub"), dir.resolve("elsewhere-cert.pub"));
        CliRun r = CliRun.of(args("--private-key", key.toString()).toArray(String[]::new));
        assertEquals(3, r.exitCode(), r::toString);
        assertTrue(r.out().contains("authentication as 'deploy' failed at " + host.address() + ":" + host.port()
                + " (offered keys were refused"), r::toString);
    }
}
