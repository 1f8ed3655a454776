package herd.engine.transport.ssh;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import net.schmizz.sshj.common.Buffer;
import net.schmizz.sshj.common.KeyType;
import net.schmizz.sshj.transport.verification.OpenSSHKnownHosts;

/** A known_hosts file, parsed once per run and shared by every connection. */
final class KnownHosts {
    enum Verdict { MATCH, UNKNOWN, CHANGED }

    record Check(Verdict verdict, String fingerprint, Optional<String> knownLine) {
    }

    private final Path file;
    private final OpenSSHKnownHosts parsed;

    KnownHosts(Path file) throws IOException {
        this.file = file;
        File f = file.toFile();
        this.parsed = new OpenSSHKnownHosts(f.exists() ? f : emptyFile());
    }

    private static File emptyFile() throws IOException {
        File empty = File.createTempFile("herd-known-hosts", "");
        empty.deleteOnExit();
        return empty;
    }

    Path file() {
        return file;
    }

    Check check(String host, int port, PublicKey key) {
        String name = port == 22 ? host : "[" + host + "]:" + port;
        KeyType type = KeyType.fromKey(key);
        Optional<String> mismatch = Optional.empty();
        for (OpenSSHKnownHosts.KnownHostEntry entry : parsed.entries()) {
            try {
                if (!entry.appliesTo(type, name)) {
                    continue;
                }
                if (entry.verify(key)) {
                    return new Check(Verdict.MATCH, fingerprint(key), Optional.empty());
                }
                mismatch = Optional.of(entry.getLine());
            } catch (IOException e) {
                // an entry that cannot be read matches nothing
            }
        }
        return new Check(mismatch.isPresent() ? Verdict.CHANGED : Verdict.UNKNOWN, fingerprint(key), mismatch);
    }

    List<String> algorithms(String host, int port) {
        return parsed.findExistingAlgorithms(host, port);
    }

    /** The key's fingerprint as OpenSSH prints it: SHA256 and unpadded base64. */
    static String fingerprint(PublicKey key) {
        try {
            byte[] blob = new Buffer.PlainBuffer().putPublicKey(key).getCompactData();
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(blob);
            return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
