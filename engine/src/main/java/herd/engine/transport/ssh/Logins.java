package herd.engine.transport.ssh;

import java.io.IOException;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import net.schmizz.sshj.common.Buffer;
import net.schmizz.sshj.common.Factory;
import net.schmizz.sshj.userauth.keyprovider.FileKeyProvider;
import net.schmizz.sshj.userauth.method.AuthMethod;
import net.schmizz.sshj.userauth.method.AuthPublickey;

import herd.engine.transport.KeyPassphrases;

/**
 * The ways to log in to a host, in OpenSSH's order: the keys ssh-agent holds, then the identity files
 * (with IdentitiesOnly only the identity files, still signed by the agent when it holds that key). Shared
 * by every connection of a run: the agent's key list is asked once, each key file read once.
 */
final class Logins {
    private final Optional<SshAgent> agent;
    private final List<Factory.Named<FileKeyProvider>> formats;
    private final KeyPassphrases passphrases;
    private final ConcurrentMap<Path, KeyFile> files = new ConcurrentHashMap<>();
    private volatile List<AgentKey> agentKeys;
    private volatile String agentProblem;

    private record AgentKey(SshAgent.Identity identity, PublicKey key) {
    }

    Logins(Optional<SshAgent> agent, List<Factory.Named<FileKeyProvider>> formats, KeyPassphrases passphrases) {
        this.agent = agent;
        this.formats = List.copyOf(formats);
        this.passphrases = passphrases;
    }

    /** The methods to try, in order; empty when there is neither an agent key nor a key file. */
    List<AuthMethod> methodsFor(SshSettings settings) throws IOException {
        // a key file that cannot be opened fails the host even when the agent's keys would do, as a typo
        // in an IdentityFile should be found rather than hidden
        List<AuthMethod> methods = new ArrayList<>();
        List<AgentKey> held = agentKeys();
        if (!settings.identitiesOnly()) {
            for (AgentKey k : held) {
                methods.add(new AgentAuth(agent.orElseThrow(), k.identity(), k.key()));
            }
        }
        for (Path path : settings.identityFiles()) {
            KeyFile file = file(path);
            Optional<AgentKey> inAgent = file.publicWithoutPassphrase().flatMap(pub -> find(held, pub));
            if (inAgent.isPresent()) {
                if (settings.identitiesOnly()) {
                    methods.add(new AgentAuth(agent.orElseThrow(), inAgent.get().identity(), inAgent.get().key()));
                }
                // without IdentitiesOnly the agent's key was offered above already
                continue;
            }
            methods.add(new AuthPublickey(file));
        }
        return methods;
    }

    /** Why a key file of these settings could not be used, if one could not (a wrong or missing passphrase). */
    Optional<String> problem(SshSettings settings) {
        for (Path path : settings.identityFiles()) {
            KeyFile file = files.get(path);
            if (file != null && file.problem().isPresent()) {
                return file.problem();
            }
        }
        return Optional.empty();
    }

    /** Why ssh-agent could not be asked for its keys, if SSH_AUTH_SOCK names one that does not answer. */
    Optional<String> agentProblem() {
        return Optional.ofNullable(agentProblem);
    }

    private KeyFile file(Path path) throws IOException {
        KeyFile known = files.get(path);
        if (known != null) {
            return known;
        }
        KeyFile opened = KeyFile.open(path, formats, passphrases);
        KeyFile raced = files.putIfAbsent(path, opened);
        return raced != null ? raced : opened;
    }

    private static Optional<AgentKey> find(List<AgentKey> held, PublicKey key) {
        byte[] blob = new Buffer.PlainBuffer().putPublicKey(key).getCompactData();
        return held.stream().filter(k -> k.identity().sameKey(blob)).findFirst();
    }

    private List<AgentKey> agentKeys() {
        List<AgentKey> keys = agentKeys;
        if (keys != null) {
            return keys;
        }
        synchronized (this) {
            if (agentKeys == null) {
                List<AgentKey> read = new ArrayList<>();
                List<SshAgent.Identity> identities = List.of();
                try {
                    identities = agent.isPresent() ? agent.get().identities() : List.of();
                } catch (IOException e) {
                    // as OpenSSH: a stale SSH_AUTH_SOCK does not stop the key files from being tried
                    agentProblem = e.getMessage();
                }
                for (SshAgent.Identity identity : identities) {
                    try {
                        read.add(new AgentKey(identity, identity.publicKey()));
                    } catch (IOException e) {
                        // a key type sshj does not know (a FIDO key, say): OpenSSH would skip it too
                    }
                }
                agentKeys = List.copyOf(read);
            }
            return agentKeys;
        }
    }
}
