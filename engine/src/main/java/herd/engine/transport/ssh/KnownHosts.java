package herd.engine.transport.ssh;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.hierynomus.sshj.userauth.certificate.Certificate;
import net.schmizz.sshj.common.Buffer;
import net.schmizz.sshj.common.KeyType;

/**
 * One known_hosts file, read once per run and shared by every connection. Lines stay text: the offered
 * key is compared as its base64 blob, so no key in the file is ever decoded (decoding every RSA line
 * through BouncyCastle cost about 60 ms of CPU each). Plain and hashed (|1|) host names, {@code [host]:port},
 * patterns and negations are matched as OpenSSH matches them; {@code @cert-authority} and {@code @revoked}
 * lines are kept with their marker.
 */
final class KnownHosts {
    enum Verdict { MATCH, UNKNOWN, CHANGED, REVOKED }

    enum Marker { NONE, CERT_AUTHORITY, REVOKED }

    /** One key line of the file; {@code line} counts from 1, as editors do. */
    record Entry(Path file, int line, Marker marker, String hosts, String type, String blob) {
        String where() {
            return file + ":" + line;
        }

        String fingerprint() {
            return KnownHosts.fingerprint(Base64.getDecoder().decode(blob));
        }
    }

    /** The verdict on an offered key, its fingerprint, and the entry that decided a CHANGED or REVOKED. */
    record Check(Verdict verdict, String fingerprint, Optional<Entry> entry) {
    }

    private static final java.util.concurrent.ConcurrentMap<Path, Object> LOCKS = new java.util.concurrent.ConcurrentHashMap<>();

    private final Path file;
    private final List<Entry> entries = new ArrayList<>();

    KnownHosts(Path file) throws IOException {
        this.file = file;
        if (Files.exists(file)) {
            // ssh reads the file as bytes: a byte that is not UTF-8 (a Latin-1 comment) spoils nothing
            entries.addAll(parse(file, herd.engine.load.InputFiles.lines(file, 64 * 1024 * 1024)));
        }
    }

    private static List<Entry> parse(Path file, List<String> lines) {
        List<Entry> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String s = lines.get(i).strip();
            if (s.isEmpty() || s.startsWith("#")) {
                continue;
            }
            String[] f = s.split("\\s+");
            Marker marker = Marker.NONE;
            int at = 0;
            if (f[0].startsWith("@")) {
                marker = switch (f[0]) {
                    case "@cert-authority" -> Marker.CERT_AUTHORITY;
                    case "@revoked" -> Marker.REVOKED;
                    default -> null;
                };
                at = 1;
            }
            // a key that is not base64 can match no offered key; OpenSSH skips such a line too
            if (marker != null && f.length >= at + 3 && isBase64(f[at + 2])) {
                out.add(new Entry(file, i + 1, marker, f[at], f[at + 1], f[at + 2]));
            }
        }
        return out;
    }

    private static boolean isBase64(String text) {
        try {
            Base64.getDecoder().decode(text);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    Path file() {
        return file;
    }

    /** What this file says of {@code key} offered by {@code host} on {@code port}. */
    synchronized Check check(String host, int port, PublicKey key) {
        String name = name(host, port);
        byte[] blob = blob(key);
        String b64 = Base64.getEncoder().encodeToString(blob);
        String fingerprint = fingerprint(blob);
        Optional<String> authority = key instanceof Certificate<?> cert
                ? Optional.of(Base64.getEncoder().encodeToString(cert.getSignatureKey())) : Optional.empty();
        Optional<String> plain = key instanceof Certificate<?> cert
                ? Optional.of(Base64.getEncoder().encodeToString(blob(cert.getKey()))) : Optional.empty();
        for (Entry e : entries) {
            // a revoked key is refused for every host, whatever the host field says (as OpenSSH does)
            if (e.marker() == Marker.REVOKED && (e.blob().equals(b64) || authority.map(e.blob()::equals).orElse(false)
                    || plain.map(e.blob()::equals).orElse(false))) {
                return new Check(Verdict.REVOKED, fingerprint, Optional.of(e));
            }
        }
        String type = KeyType.fromKey(key).toString();
        String plainType = key instanceof Certificate<?> cert ? KeyType.fromKey(cert.getKey()).toString() : type;
        Optional<Entry> mismatch = Optional.empty();
        for (Entry e : entries) {
            if (e.marker() == Marker.REVOKED || !applies(e.hosts(), name)) {
                continue;
            }
            if (e.marker() == Marker.CERT_AUTHORITY) {
                // sshj has already checked the certificate's signature, validity and principals
                if (authority.map(e.blob()::equals).orElse(false)) {
                    return new Check(Verdict.MATCH, fingerprint, Optional.of(e));
                }
                continue;
            }
            if (!e.type().equals(plainType)) {
                continue;
            }
            if (e.blob().equals(plain.orElse(b64))) {
                return new Check(Verdict.MATCH, fingerprint, Optional.of(e));
            }
            if (mismatch.isEmpty()) {
                mismatch = Optional.of(e);
            }
        }
        return new Check(mismatch.isPresent() ? Verdict.CHANGED : Verdict.UNKNOWN, fingerprint, mismatch);
    }

    /** The host key algorithms this file knows for a host, to ask the server for those first. */
    synchronized List<String> algorithms(String host, int port) {
        String name = name(host, port);
        List<String> out = new ArrayList<>();
        for (Entry e : entries) {
            if (e.marker() == Marker.REVOKED || !applies(e.hosts(), name)) {
                continue;
            }
            KeyType t = KeyType.fromString(e.type());
            if (t == KeyType.UNKNOWN) {
                continue;
            }
            for (KeyType kt : KeyType.values()) {
                // a CA line stands for host certificates of every type; a plain line for its own type
                boolean wanted = e.marker() == Marker.CERT_AUTHORITY
                        ? kt.toString().endsWith("-cert-v01@openssh.com") : kt.getParent() == t;
                if (wanted && !out.contains(kt.toString())) {
                    out.add(kt.toString());
                }
            }
            if (e.marker() == Marker.NONE && !out.contains(t.toString())) {
                out.add(t.toString());
            }
        }
        return out;
    }

    /**
     * Adds {@code key} for {@code host} at the end of the file, as OpenSSH writes it, under an exclusive
     * lock on the file: two herd processes accepting keys at once each append whole lines, and a key
     * another process added meanwhile is not added twice.
     */
    Entry add(String host, int port, PublicKey key) throws IOException {
        // a file lock is held per JVM, not per thread: threads of this JVM queue on the path first
        synchronized (LOCKS.computeIfAbsent(file.toAbsolutePath().normalize(), p -> new Object())) {
            synchronized (this) {
                return append(host, port, key);
            }
        }
    }

    private Entry append(String host, int port, PublicKey key) throws IOException {
        String type = KeyType.fromKey(key).toString();
        String b64 = Base64.getEncoder().encodeToString(blob(key));
        String name = name(host, port);
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE); FileLock ignored = channel.lock()) {
            byte[] now = new byte[(int) channel.size()];
            channel.read(ByteBuffer.wrap(now), 0);
            String text = new String(now, StandardCharsets.UTF_8);
            List<String> lines = text.isEmpty() ? List.of() : List.of(text.split("\n", -1));
            entries.clear();
            entries.addAll(parse(file, lines));
            for (Entry e : entries) {
                if (e.marker() == Marker.NONE && e.type().equals(type) && e.blob().equals(b64) && applies(e.hosts(), name)) {
                    return e;
                }
            }
            String line = (text.isEmpty() || text.endsWith("\n") ? "" : "\n") + name + " " + type + " " + b64 + "\n";
            channel.write(ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8)), channel.size());
            channel.force(false);
            int number = (int) (text + line).chars().filter(c -> c == '\n').count();
            Entry added = new Entry(file, number, Marker.NONE, name, type, b64);
            entries.add(added);
            return added;
        }
    }

    private static String name(String host, int port) {
        return port == 22 ? host : "[" + host + "]:" + port;
    }

    private static byte[] blob(PublicKey key) {
        return new Buffer.PlainBuffer().putPublicKey(key).getCompactData();
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
        return SshPatterns.glob(name, pattern);
    }

    static String fingerprint(PublicKey key) {
        return fingerprint(blob(key));
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
