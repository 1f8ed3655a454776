package herd.engine.transport.ssh;

import herd.engine.transport.HostKeyPolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import herd.engine.transport.ConnectOptions;
import herd.engine.transport.Endpoint;

/**
 * How to reach one host over SSH, everything resolved: the inventory's variables over the SSH
 * client configuration over the run's options.
 *
 * @param alias               the name the host is known by (inventory_hostname or ansible_host), for messages
 * @param hostName            the address or DNS name to connect to
 * @param identityFiles       private keys to offer, in order (after the agent's, unless {@code identitiesOnly})
 * @param jumps               the jump hosts to go through, first hop first (ProxyJump); empty for a direct connection
 * @param hostKeyPolicy       StrictHostKeyChecking
 * @param knownHostsFiles     where host keys are looked up (and, with accept-new, added to the first)
 */
public record SshSettings(String alias, String hostName, int port, String user, List<Path> identityFiles,
                          boolean identitiesOnly, List<SshSettings> jumps, Duration connectTimeout,
                          Duration serverAliveInterval, int serverAliveCountMax, HostKeyPolicy hostKeyPolicy,
                          List<Path> knownHostsFiles) {
    private static final List<String> DEFAULT_KEYS = List.of("id_ed25519", "id_ecdsa", "id_rsa");

    public SshSettings {
        identityFiles = List.copyOf(identityFiles);
        jumps = List.copyOf(jumps);
        knownHostsFiles = List.copyOf(knownHostsFiles);
    }

    /** The settings from the inventory and the run's options alone, without any SSH client configuration. */
    public static SshSettings of(Endpoint endpoint, ConnectOptions options) {
        Optional<Path> chosen = endpoint.privateKey().or(options::defaultKey);
        List<Path> keys = new ArrayList<>();
        if (chosen.isPresent()) {
            keys.add(chosen.get());
        } else {
            Path ssh = Path.of(System.getProperty("user.home"), ".ssh");
            for (String name : DEFAULT_KEYS) {
                if (Files.isReadable(ssh.resolve(name))) {
                    keys.add(ssh.resolve(name));
                }
            }
        }
        return new SshSettings(endpoint.hostName(), endpoint.address(), endpoint.port(),
                endpoint.user().orElse(options.defaultUser()), keys, false, List.of(), options.connectTimeout(),
                options.keepAlive(), options.keepAliveCount(), HostKeyPolicy.YES, List.of(options.knownHosts()));
    }
}
