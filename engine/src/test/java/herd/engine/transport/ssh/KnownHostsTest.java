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
        assertEquals(Optional.of(line), check.knownLine());
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
}
