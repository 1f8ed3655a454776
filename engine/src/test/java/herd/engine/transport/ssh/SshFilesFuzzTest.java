package herd.engine.transport.ssh;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Timeout;

import com.code_intelligence.jazzer.junit.FuzzTest;

import herd.engine.load.FuzzInput;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.util.List;

import herd.engine.load.InputException;

/**
 * Fuzzes the OpenSSH files herd reads: ssh_config ({@link SshConfig}, read and resolved for a host:
 * settings or an {@link InputException} that says where) and known_hosts ({@link KnownHosts}, read
 * and asked about a key: a verdict, never an exception).
 */
class SshFilesFuzzTest {
    private static final PublicKey KEY;

    static {
        try {
            KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
            rsa.initialize(2048);
            KEY = rsa.generateKeyPair().getPublic();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @FuzzTest
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void sshConfig(byte[] data) {
        if (!FuzzInput.fits(data)) {
            return;
        }
        Path file = FuzzInput.file("ssh-config/.ssh", "config", data);
        Path home = file.getParent().getParent();
        try {
            SshConfig config = SshConfig.read(List.of(file), List.of(file.getParent()), home);
            for (String host : List.of("web1", "127.0.0.5", "db.example.com")) {
                SshConfig.Resolved r = config.resolve(host, List.of(), "deploy");
                r.hostName();
                r.user();
                r.port();
                r.identityFiles();
                r.proxyJump();
                r.connectTimeout();
                r.serverAliveInterval();
                r.serverAliveCountMax();
                r.strictHostKeyChecking();
            }
        } catch (InputException e) {
            FuzzInput.assertPositioned(e);
        }
    }

    @FuzzTest
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void knownHosts(byte[] data) {
        if (!FuzzInput.fits(data)) {
            return;
        }
        try {
            KnownHosts known = new KnownHosts(FuzzInput.file("known-hosts", "known_hosts", data));
            for (KnownHosts.Entry e : List.of(known.check("127.0.0.5", 2222, KEY).entry(),
                    known.check("web1", 22, KEY).entry()).stream().flatMap(java.util.Optional::stream).toList()) {
                e.where();
                e.fingerprint();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
