package herd.engine.transport;

import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;


/**
 * Settings shared by every connection of a run.
 *
 * @param knownHosts       the known_hosts file host keys are checked against
 * @param connectTimeout   how long connecting and authenticating may take
 * @param keepAlive        interval of keep-alive probes on an open connection
 * @param keepAliveCount   unanswered probes after which the host is declared unreachable
 * @param defaultUser      the user when the inventory names none (-u or ansible.cfg's remote_user, else the local user)
 * @param defaultKey       the private key when the inventory names none (--private-key or ansible.cfg's private_key_file)
 * @param sshConfig        the SSH client configuration file (-F); empty: ~/.ssh/config then /etc/ssh/ssh_config, as ssh reads them
 * @param given            which of these the user gave (they then win over the SSH client configuration)
 * @param hostKeyChecking  the host-key policy for every host (--host-key-checking, ansible.cfg's host_key_checking),
 *                         over StrictHostKeyChecking of the SSH client configuration; empty: that, else yes
 * @param passphrases      where passphrases of encrypted private keys come from
 * @param sshArgs          ssh options for every target (ansible.cfg's ssh_args), below the inventory's ssh
 *                         arguments and over -u, -T and the SSH client configuration
 */
public record ConnectOptions(Path knownHosts, Duration connectTimeout, Duration keepAlive, int keepAliveCount,
                             String defaultUser, Optional<Path> defaultKey, Optional<Path> sshConfig, Set<Given> given,
                             Optional<HostKeyPolicy> hostKeyChecking, KeyPassphrases passphrases,
                             List<SshOption> sshArgs) {

    /** With no ssh_args. */
    public ConnectOptions(Path knownHosts, Duration connectTimeout, Duration keepAlive, int keepAliveCount,
                          String defaultUser, Optional<Path> defaultKey, Optional<Path> sshConfig, Set<Given> given,
                          Optional<HostKeyPolicy> hostKeyChecking, KeyPassphrases passphrases) {
        this(knownHosts, connectTimeout, keepAlive, keepAliveCount, defaultUser, defaultKey, sshConfig, given,
                hostKeyChecking, passphrases, List.of());
    }

    /** With the host-key policy of the SSH configuration and passphrases from HERD_KEY_PASSPHRASE. */
    public ConnectOptions(Path knownHosts, Duration connectTimeout, Duration keepAlive, int keepAliveCount,
                          String defaultUser, Optional<Path> defaultKey, Optional<Path> sshConfig, Set<Given> given) {
        this(knownHosts, connectTimeout, keepAlive, keepAliveCount, defaultUser, defaultKey, sshConfig, given,
                Optional.empty(), KeyPassphrases.fromEnvironment());
    }

    /** Options that, given on the command line, win over the SSH client configuration. */
    public enum Given { USER, KNOWN_HOSTS, CONNECT_TIMEOUT }

    public ConnectOptions {
        given = given.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(given));
        sshArgs = List.copyOf(sshArgs);
    }

    /** Options all given explicitly, with ssh's default configuration files. */
    public ConnectOptions(Path knownHosts, Duration connectTimeout, Duration keepAlive, int keepAliveCount,
                          String defaultUser, Optional<Path> defaultKey) {
        this(knownHosts, connectTimeout, keepAlive, keepAliveCount, defaultUser, defaultKey, Optional.empty(),
                EnumSet.allOf(Given.class), Optional.empty(), KeyPassphrases.fromEnvironment());
    }

    /** ~/.ssh/known_hosts, 10 s to connect, keep-alive every 15 s (3 missed: unreachable), the local user; ssh's configuration files. */
    public static ConnectOptions defaults() {
        return new ConnectOptions(Path.of(System.getProperty("user.home"), ".ssh", "known_hosts"),
                Duration.ofSeconds(10), Duration.ofSeconds(15), 3, System.getProperty("user.name"), Optional.empty(),
                Optional.empty(), Set.of(), Optional.empty(), KeyPassphrases.fromEnvironment());
    }
}
