package herd.engine.transport.ssh;

import java.io.IOException;
import java.security.PrivateKey;
import java.security.PublicKey;

import net.schmizz.sshj.common.Buffer;
import net.schmizz.sshj.common.KeyType;
import net.schmizz.sshj.common.SSHPacket;
import net.schmizz.sshj.userauth.UserAuthException;
import net.schmizz.sshj.userauth.keyprovider.KeyProvider;
import net.schmizz.sshj.userauth.method.AuthPublickey;

/**
 * Public-key login with a key held by ssh-agent: sshj builds the request (and picks rsa-sha2-512/256 for
 * RSA from the server's server-sig-algs, as for a key file), the agent signs it.
 */
final class AgentAuth extends AuthPublickey {
    private final SshAgent agent;
    private final byte[] blob;

    AgentAuth(SshAgent agent, SshAgent.Identity identity, PublicKey key) {
        super(new AgentKey(key, identity.comment()));
        this.agent = agent;
        this.blob = identity.blob();
    }

    @Override
    protected SSHPacket putSig(SSHPacket request) throws UserAuthException {
        try {
            byte[] data = new Buffer.PlainBuffer().putString(params.getTransport().getSessionID()).putBuffer(request)
                    .getCompactData();
            request.putBytes(agent.sign(blob, data, flags(algorithm(request))));
            return request;
        } catch (IOException e) {
            throw new UserAuthException("ssh-agent could not sign: " + e.getMessage(), e);
        }
    }

    /** The algorithm sshj put into the request: message, user, service, "publickey", true, algorithm, key. */
    private static String algorithm(SSHPacket request) throws Buffer.BufferException {
        Buffer.PlainBuffer copy = new Buffer.PlainBuffer(request.getCompactData());
        copy.readByte();
        copy.readString();
        copy.readString();
        copy.readString();
        copy.readBoolean();
        return copy.readString();
    }

    private static int flags(String algorithm) {
        return switch (algorithm) {
            case "rsa-sha2-256", "rsa-sha2-256-cert-v01@openssh.com" -> SshAgent.RSA_SHA2_256;
            case "rsa-sha2-512", "rsa-sha2-512-cert-v01@openssh.com" -> SshAgent.RSA_SHA2_512;
            default -> 0;
        };
    }

    @Override
    public String toString() {
        return "ssh-agent key " + ((AgentKey) kProv).comment;
    }

    /** The public half only: the private key stays in the agent. */
    private record AgentKey(PublicKey key, String comment) implements KeyProvider {
        @Override
        public PrivateKey getPrivate() throws IOException {
            throw new IOException("the private key " + comment + " stays in ssh-agent");
        }

        @Override
        public PublicKey getPublic() {
            return key;
        }

        @Override
        public KeyType getType() {
            return KeyType.fromKey(key);
        }
    }
}
