package herd.engine.transport.ssh;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import net.schmizz.sshj.common.Buffer;

/**
 * A client of ssh-agent over its Unix socket ({@code SSH_AUTH_SOCK}), speaking the two requests a login
 * needs (draft-miller-ssh-agent): list the keys, and sign with one. The private keys never leave the
 * agent. Each request opens its own connection, so hosts logging in at once never share one.
 */
final class SshAgent {
    /** The environment variable OpenSSH reads the agent's socket from. */
    static final String SOCKET_VARIABLE = "SSH_AUTH_SOCK";

    /** sign with rsa-sha2-256 (instead of ssh-rsa, SHA-1) */
    static final int RSA_SHA2_256 = 2;
    /** sign with rsa-sha2-512 */
    static final int RSA_SHA2_512 = 4;

    private static final byte FAILURE = 5;
    private static final byte REQUEST_IDENTITIES = 11;
    private static final byte IDENTITIES_ANSWER = 12;
    private static final byte SIGN_REQUEST = 13;
    private static final byte SIGN_RESPONSE = 14;
    private static final int MAX_MESSAGE = 256 * 1024;

    /** A key the agent holds: its public blob as the agent gave it, and its comment (usually the file). */
    record Identity(byte[] blob, String comment) {
        Identity {
            blob = blob.clone();
        }

        @Override
        public byte[] blob() {
            return blob.clone();
        }

        /** The decoded key (a certificate for a certificate identity). */
        PublicKey publicKey() throws IOException {
            try {
                return new Buffer.PlainBuffer(blob).readPublicKey();
            } catch (IOException | RuntimeException e) {
                throw new IOException("ssh-agent holds a key herd cannot read (" + comment + ")", e);
            }
        }

        boolean sameKey(byte[] other) {
            return Arrays.equals(blob, other);
        }
    }

    private final Path socket;

    SshAgent(Path socket) {
        this.socket = socket;
    }

    /** The agent named by {@code SSH_AUTH_SOCK}, if that is set. */
    static Optional<SshAgent> fromEnvironment() {
        String value = System.getenv(SOCKET_VARIABLE);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(new SshAgent(Path.of(value)));
    }

    Path socket() {
        return socket;
    }

    /** The keys the agent holds, in the agent's order. */
    List<Identity> identities() throws IOException {
        Buffer.PlainBuffer answer = call(new Buffer.PlainBuffer().putByte(REQUEST_IDENTITIES), IDENTITIES_ANSWER);
        try {
            long count = answer.readUInt32();
            List<Identity> out = new ArrayList<>();
            for (long i = 0; i < count; i++) {
                out.add(new Identity(answer.readBytes(), answer.readString()));
            }
            return out;
        } catch (Buffer.BufferException e) {
            throw new IOException("ssh-agent at " + socket + " sent a malformed key list", e);
        }
    }

    /**
     * Signs {@code data} with the agent's key {@code blob}; {@code flags} pick the RSA hash. Returns the
     * SSH signature blob (algorithm name and signature), as it goes into a publickey request.
     */
    byte[] sign(byte[] blob, byte[] data, int flags) throws IOException {
        Buffer.PlainBuffer request = new Buffer.PlainBuffer().putByte(SIGN_REQUEST).putBytes(blob).putBytes(data)
                .putUInt32(flags);
        try {
            return call(request, SIGN_RESPONSE).readBytes();
        } catch (Buffer.BufferException e) {
            throw new IOException("ssh-agent at " + socket + " sent a malformed signature", e);
        }
    }

    private Buffer.PlainBuffer call(Buffer.PlainBuffer request, byte expected) throws IOException {
        if (!Thread.currentThread().isVirtual()) {
            return exchange(request, expected);
        }
        // as for the SSH connection itself: blocking socket I/O on a virtual thread starts the JDK's
        // poller thread, which delays the JVM's exit
        return PlatformThread.call("talking to ssh-agent", () -> exchange(request, expected));
    }

    private Buffer.PlainBuffer exchange(Buffer.PlainBuffer request, byte expected) throws IOException {
        byte[] body = request.getCompactData();
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(socket));
            ByteArrayOutputStream framed = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(framed);
            out.writeInt(body.length);
            out.write(body);
            ByteBuffer send = ByteBuffer.wrap(framed.toByteArray());
            while (send.hasRemaining()) {
                channel.write(send);
            }
            int length = readFully(channel, 4).getInt();
            if (length < 1 || length > MAX_MESSAGE) {
                throw new IOException("ssh-agent at " + socket + " sent a message of " + length + " bytes");
            }
            ByteBuffer reply = readFully(channel, length);
            byte type = reply.get();
            if (type == FAILURE) {
                throw new IOException("ssh-agent at " + socket + " refused the request");
            }
            if (type != expected) {
                throw new IOException("ssh-agent at " + socket + " answered with message " + type + ", not " + expected);
            }
            byte[] rest = new byte[reply.remaining()];
            reply.get(rest);
            return new Buffer.PlainBuffer(rest);
        } catch (IOException e) {
            if (e.getMessage() != null && e.getMessage().startsWith("ssh-agent at ")) {
                throw e;
            }
            throw new IOException("cannot talk to ssh-agent at " + socket + " (" + SOCKET_VARIABLE + "): " + e.getMessage(), e);
        }
    }

    private static ByteBuffer readFully(SocketChannel channel, int n) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(n);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer) < 0) {
                throw new IOException("the agent closed the connection");
            }
        }
        return buffer.flip();
    }
}
