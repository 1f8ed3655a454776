package herd.engine.transport.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.util.Base64;
import java.util.Optional;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import net.schmizz.sshj.common.Buffer;

class KnownHostsTest {
    private static PublicKey key;
    private static PublicKey other;

    @TempDir
    Path dir;

    @BeforeAll
    static void keys() throws Exception {
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(1024);
        key = rsa.generateKeyPair().getPublic();
        other = rsa.generateKeyPair().getPublic();
    }

    static String blob(PublicKey k) {
        return Base64.getEncoder().encodeToString(new Buffer.PlainBuffer().putPublicKey(k).getCompactData());
    }

    static String hashed(String name) throws Exception {
        byte[] salt = "0123456789abcdefghij".getBytes(StandardCharsets.UTF_8);
        Mac mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec(salt, "HmacSHA1"));
        byte[] hash = mac.doFinal(name.getBytes(StandardCharsets.UTF_8));
        return "|1|" + Base64.getEncoder().encodeToString(salt) + "|" + Base64.getEncoder().encodeToString(hash);
    }

    KnownHosts file(String... lines) throws Exception {
        Path file = dir.resolve("known_hosts");
        Files.write(file, java.util.List.of(lines));
        return new KnownHosts(file);
    }

    @Test
    void aPlainEntryForHostAndPortMatches() throws Exception {
        KnownHosts known = file("# comment", "[127.0.0.5]:2222 ssh-rsa " + blob(key));
        assertEquals(KnownHosts.Verdict.MATCH, known.check("127.0.0.5", 2222, key).verdict());
        assertEquals(KnownHosts.Verdict.UNKNOWN, known.check("127.0.0.5", 22, key).verdict());
        assertEquals(KnownHosts.Verdict.UNKNOWN, known.check("127.0.0.6", 2222, key).verdict());
    }

    @Test
    void aHashedEntryMatches() throws Exception {
        KnownHosts known = file(hashed("[127.0.0.5]:2222") + " ssh-rsa " + blob(key));
        assertEquals(KnownHosts.Verdict.MATCH, known.check("127.0.0.5", 2222, key).verdict());
        assertEquals(KnownHosts.Verdict.UNKNOWN, known.check("127.0.0.7", 2222, key).verdict());
    }

    @Test
    void aDifferentKeyIsChangedAndNamesTheKnownLine() throws Exception {
        String line = "app1,10.0.0.11 ssh-rsa " + blob(key);
        KnownHosts known = file(line);
        KnownHosts.Check check = known.check("10.0.0.11", 22, other);
        assertEquals(KnownHosts.Verdict.CHANGED, check.verdict());
        assertEquals(Optional.of(dir.resolve("known_hosts") + ":1"), check.entry().map(KnownHosts.Entry::where));
        assertTrue(check.fingerprint().matches("SHA256:[A-Za-z0-9+/]{43}"), check.fingerprint());
    }

    @Test
    void patternsAndNegationsAsOpenSsh() throws Exception {
        KnownHosts known = file("*.example.com,!bad.example.com ssh-rsa " + blob(key));
        assertEquals(KnownHosts.Verdict.MATCH, known.check("app1.example.com", 22, key).verdict());
        assertEquals(KnownHosts.Verdict.UNKNOWN, known.check("bad.example.com", 22, key).verdict());
    }

    @Test
    void aMissingFileKnowsNothing() throws Exception {
        KnownHosts known = new KnownHosts(dir.resolve("none"));
        assertEquals(KnownHosts.Verdict.UNKNOWN, known.check("127.0.0.5", 2222, key).verdict());
    }

    @Test
    void aRevokedKeyIsRevokedForEveryHostAndTheLineIsNamed() throws Exception {
        KnownHosts known = file("[127.0.0.5]:2222 ssh-rsa " + blob(key), "", "@revoked * ssh-rsa " + blob(key));
        KnownHosts.Check check = known.check("127.0.0.5", 2222, key);
        assertEquals(KnownHosts.Verdict.REVOKED, check.verdict());
        assertEquals(dir.resolve("known_hosts") + ":3", check.entry().orElseThrow().where());
        assertEquals(KnownHosts.Verdict.REVOKED, known.check("elsewhere", 22, key).verdict());
        assertEquals(KnownHosts.Verdict.UNKNOWN, known.check("elsewhere", 22, other).verdict());
    }

    @Test
    void addAppendsAnOpenSshLineAndTheKeyIsKnownAtOnce() throws Exception {
        Path path = dir.resolve("sub/known_hosts");
        KnownHosts known = new KnownHosts(path);
        KnownHosts.Entry entry = known.add("127.0.0.5", 2222, key);
        assertEquals(path + ":1", entry.where());
        known.add("app1", 22, other);
        assertEquals(java.util.List.of("[127.0.0.5]:2222 ssh-rsa " + blob(key), "app1 ssh-rsa " + blob(other)),
                Files.readAllLines(path));
        assertEquals(KnownHosts.Verdict.MATCH, known.check("127.0.0.5", 2222, key).verdict());
        assertEquals(KnownHosts.Verdict.MATCH, new KnownHosts(path).check("app1", 22, other).verdict());
    }

    @Test
    void addEndsAnUnterminatedLastLineFirstAndSkipsAKeyAnotherProcessAddedMeanwhile() throws Exception {
        Path path = dir.resolve("known_hosts");
        Files.writeString(path, "# no newline at the end");
        KnownHosts mine = new KnownHosts(path);
        KnownHosts theirs = new KnownHosts(path);
        theirs.add("app1", 22, key);
        KnownHosts.Entry entry = mine.add("app1", 22, key);
        assertEquals(path + ":2", entry.where());
        assertEquals(java.util.List.of("# no newline at the end", "app1 ssh-rsa " + blob(key)), Files.readAllLines(path));
    }

    @Test
    void manyThreadsAddingAtOnceWriteWholeLines() throws Exception {
        Path path = dir.resolve("known_hosts");
        java.util.List<Thread> threads = new java.util.ArrayList<>();
        for (int i = 0; i < 16; i++) {
            String host = "host" + i;
            KnownHosts own = new KnownHosts(path);
            threads.add(Thread.ofPlatform().start(() -> {
                try {
                    own.add(host, 22, key);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        java.util.List<String> lines = Files.readAllLines(path);
        assertEquals(16, lines.size(), String.join("\n", lines));
        for (int i = 0; i < 16; i++) {
            assertTrue(lines.contains("host" + i + " ssh-rsa " + blob(key)), "host" + i);
        }
    }

    @Test
    void aLineWhoseKeyIsNotBase64AndBytesThatAreNotUtf8AreSkipped() throws Exception {
        Path path = dir.resolve("known_hosts");
        Files.write(path, ("# caf\u00e9 \n[127.0.0.5]:2222 ssh-rsa not-base64!!\n").getBytes(StandardCharsets.ISO_8859_1));
        KnownHosts known = new KnownHosts(path);
        assertEquals(KnownHosts.Verdict.UNKNOWN, known.check("127.0.0.5", 2222, key).verdict());
    }
}
