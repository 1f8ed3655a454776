package herd.engine.transport.ssh;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import net.schmizz.sshj.common.Buffer;
import net.schmizz.sshj.common.KeyType;

/**
 * A known_hosts file, read once per run and shared by every connection. Lines stay text: the offered
 * key is compared as its base64 blob, so no key in the file is ever decoded (decoding every RSA line
 * through BouncyCastle cost about 60 ms of CPU each). Plain and hashed (|1|) host names, patterns and
 * negations are matched as OpenSSH matches them.
 */
final class KnownHosts {
    enum Verdict { MATCH, UNKNOWN, CHANGED }

    record Check(Verdict verdict, String fingerprint, Optional<String> knownLine) {
    }

    private record Line(String hosts, String type, String blob, String raw) {
    }

    private final Path file;
    private final List<Line> lines = new ArrayList<>();

    KnownHosts(Path file) throws IOException {
        this.file = file;
        if (!Files.exists(file)) {
            return;
        }
        for (String raw : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            String s = raw.strip();
            if (s.isEmpty() || s.startsWith("#") || s.startsWith("@")) {
                continue;
            }
            String[] f = s.split("\\s+");
            if (f.length >= 3) {
                lines.add(new Line(f[0], f[1], f[2], raw));
            }
        }
    }

    Path file() {
        return file;
    }

    Check check(String host, int port, PublicKey key) {
        String name = port == 22 ? host : "[" + host + "]:" + port;
        String type = KeyType.fromKey(key).toString();
        byte[] blob = new Buffer.PlainBuffer().putPublicKey(key).getCompactData();
        String b64 = Base64.getEncoder().encodeToString(blob);
        Optional<String> mismatch = Optional.empty();
        for (Line l : lines) {
            if (!l.type().equals(type) || !applies(l.hosts(), name)) {
                continue;
            }
            if (l.blob().equals(b64)) {
                return new Check(Verdict.MATCH, fingerprint(blob), Optional.empty());
            }
            mismatch = Optional.of(l.raw());
        }
        return new Check(mismatch.isPresent() ? Verdict.CHANGED : Verdict.UNKNOWN, fingerprint(blob), mismatch);
    }

    List<String> algorithms(String host, int port) {
        String name = port == 22 ? host : "[" + host + "]:" + port;
        List<String> out = new ArrayList<>();
        for (Line l : lines) {
            if (!applies(l.hosts(), name)) {
                continue;
            }
            KeyType t = KeyType.fromString(l.type());
            if (t == KeyType.UNKNOWN) {
                continue;
            }
            for (KeyType kt : KeyType.values()) {
                if (kt.getParent() == t) {
                    out.add(kt.toString());
                }
            }
            out.add(t.toString());
        }
        return out;
    }

    private static boolean applies(String hosts, String name) {
        if (hosts.startsWith("|1|")) {
            String[] parts = hosts.split("\\|");
            if (parts.length != 4) {
                return false;
            }
            try {
                Mac mac = Mac.getInstance("HmacSHA1");
                mac.init(new SecretKeySpec(Base64.getDecoder().decode(parts[2]), "HmacSHA1"));
                byte[] h = mac.doFinal(name.getBytes(StandardCharsets.UTF_8));
                return MessageDigest.isEqual(h, Base64.getDecoder().decode(parts[3]));
            } catch (Exception e) {
                return false;
            }
        }
        boolean matched = false;
        for (String pattern : hosts.split(",")) {
            boolean negated = pattern.startsWith("!");
            String p = negated ? pattern.substring(1) : pattern;
            if (glob(p, name)) {
                if (negated) {
                    return false;
                }
                matched = true;
            }
        }
        return matched;
    }

    private static boolean glob(String pattern, String name) {
        if (pattern.indexOf('*') < 0 && pattern.indexOf('?') < 0) {
            return pattern.equals(name);
        }
        StringBuilder re = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            re.append(c == '*' ? ".*" : c == '?' ? "." : Pattern.quote(String.valueOf(c)));
        }
        return Pattern.matches(re.toString(), name);
    }

    static String fingerprint(PublicKey key) {
        return fingerprint(new Buffer.PlainBuffer().putPublicKey(key).getCompactData());
    }

    private static String fingerprint(byte[] blob) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(blob);
            return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
