package herd.engine.transport.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import herd.engine.transport.HostKeyPolicy;

/** The StrictHostKeyChecking policies over one or several known_hosts files. */
class HostKeyCheckTest {
    private static PublicKey key;
    private static PublicKey other;

    @TempDir
    Path dir;

    @BeforeAll
    static void keys() throws Exception {
        KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
        ec.initialize(256);
        key = ec.generateKeyPair().getPublic();
        other = ec.generateKeyPair().getPublic();
    }

    private KnownHosts file(String name, String... lines) throws Exception {
        Path file = dir.resolve(name);
        Files.write(file, List.of(lines));
        return new KnownHosts(file);
    }

    private static String line(String host, PublicKey k) {
        return host + " ecdsa-sha2-nistp256 " + KnownHostsTest.blob(k);
    }

    @Test
    void anUnknownKeyIsRefusedUnderYesWithTheFingerprintAndTheKeyscanLine() throws Exception {
        KnownHosts known = file("known_hosts");
        HostKeyCheck check = new HostKeyCheck(List.of(known), HostKeyPolicy.YES, "app1:2222");
        assertFalse(check.verify("app1", 2222, key));
        assertEquals("host key of app1:2222 is not in " + known.file() + " (" + KnownHosts.fingerprint(key)
                + "); verify it, then add it with: ssh-keyscan -p 2222 app1 >> " + known.file()
                + " (or run with --host-key-checking accept-new)", check.refusal().orElseThrow());
    }

    @Test
    void theMachinesGlobalKnownHostsAreLookedUpButNeverWritten() throws Exception {
        KnownHosts user = file("known_hosts");
        KnownHosts global = file("ssh_known_hosts", line("app1", key));
        assertTrue(new HostKeyCheck(List.of(user), List.of(global), HostKeyPolicy.YES, "app1:22").verify("app1", 22, key));
        assertTrue(new HostKeyCheck(List.of(user), List.of(global), HostKeyPolicy.ACCEPT_NEW, "app2:22")
                .verify("app2", 22, key));
        assertEquals(List.of(line("app2", key)), Files.readAllLines(user.file()), "accept-new writes the user's file");
        assertEquals(List.of(line("app1", key)), Files.readAllLines(global.file()));
    }

    @Test
    void acceptNewAddsTheKeyToTheFirstFileOnlyAndNoAddsNothing() throws Exception {
        KnownHosts first = file("first");
        KnownHosts second = file("second");
        assertTrue(new HostKeyCheck(List.of(first, second), HostKeyPolicy.ACCEPT_NEW, "app1:22").verify("app1", 22, key));
        assertEquals(List.of(line("app1", key)), Files.readAllLines(first.file()));
        assertEquals(List.of(), Files.readAllLines(second.file()));
        assertTrue(new HostKeyCheck(List.of(second), HostKeyPolicy.NO, "app2:22").verify("app2", 22, key));
        assertEquals(List.of(), Files.readAllLines(second.file()));
    }

    @Test
    void aChangedKeyIsRefusedUnderEveryPolicyWithBothFingerprintsAndTheOldLine() throws Exception {
        KnownHosts known = file("known_hosts", "# first line", line("app1", key));
        for (HostKeyPolicy policy : HostKeyPolicy.values()) {
            HostKeyCheck check = new HostKeyCheck(List.of(known), policy, "app1:22");
            assertFalse(check.verify("app1", 22, other), policy.toString());
            assertEquals("HOST KEY CHANGED for app1:22: the server offers " + KnownHosts.fingerprint(other) + " but "
                    + known.file() + ":2 has " + KnownHosts.fingerprint(key) + "; someone may be intercepting the"
                    + " connection. Nothing was run on this host. If the host was reinstalled, remove line 2 of "
                    + known.file() + " and connect again", check.refusal().orElseThrow());
        }
        assertEquals(List.of("# first line", line("app1", key)), Files.readAllLines(known.file()));
    }

    @Test
    void aRevokedKeyIsRefusedUnderEveryPolicyEvenWhenAnotherLineKnowsIt() throws Exception {
        KnownHosts known = file("known_hosts", line("app1", key));
        KnownHosts global = file("global", "@revoked * ecdsa-sha2-nistp256 " + KnownHostsTest.blob(key));
        for (HostKeyPolicy policy : HostKeyPolicy.values()) {
            HostKeyCheck check = new HostKeyCheck(List.of(known, global), policy, "app1:22");
            assertFalse(check.verify("app1", 22, key), policy.toString());
            assertEquals("host key of app1:22 (" + KnownHosts.fingerprint(key) + ") is revoked in " + global.file()
                    + ":1: refused. Nothing was run on this host", check.refusal().orElseThrow());
        }
    }

    @Test
    void aKeyKnownInTheSecondFileMatchesAndItsAlgorithmIsAskedFor() throws Exception {
        KnownHosts first = file("first", line("other", other));
        KnownHosts second = file("second", line("[app1]:2222", key));
        HostKeyCheck check = new HostKeyCheck(List.of(first, second), HostKeyPolicy.YES, "app1:2222");
        assertTrue(check.verify("app1", 2222, key));
        assertEquals(Optional.empty(), check.refusal());
        assertEquals(List.of("ecdsa-sha2-nistp256-cert-v01@openssh.com", "ecdsa-sha2-nistp256"),
                check.findExistingAlgorithms("app1", 2222));
    }
}
