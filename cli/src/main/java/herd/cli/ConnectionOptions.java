package herd.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

import herd.engine.config.AnsibleConfig;
import herd.engine.config.Configured;
import herd.engine.transport.ConnectOptions;
import picocli.CommandLine.Option;

/**
 * How herd reaches hosts: the options that, given, win over the SSH client configuration; those not
 * given come from ansible.cfg (remote_user, private_key_file, host_key_checking, timeout, ssh_args) or
 * its ANSIBLE_* variables, which win over the SSH client configuration too, as in Ansible.
 */
final class ConnectionOptions {
    @Option(names = {"-u", "--user"}, paramLabel = "USER", description = "Remote user when the inventory names none (default: ansible.cfg's remote_user).")
    String user;

    @Option(names = "--private-key", paramLabel = "FILE", description = "Private key when the inventory names none (default: ansible.cfg's private_key_file).")
    Path privateKey;

    @Option(names = "--known-hosts", paramLabel = "FILE", description = "known_hosts file (default: ~/.ssh/known_hosts).")
    Path knownHosts;

    @Option(names = {"-F", "--ssh-config"}, paramLabel = "FILE",
            description = "SSH client configuration, instead of ~/.ssh/config and /etc/ssh/ssh_config.")
    Path sshConfig;

    @Option(names = "--host-key-checking", paramLabel = "POLICY",
            description = "yes (refuse unknown host keys), accept-new (add them to the known_hosts file) or no (accept"
                    + " them); a changed key is always refused (default: StrictHostKeyChecking of ~/.ssh/config, else yes;"
                    + " ansible.cfg's host_key_checking or ANSIBLE_HOST_KEY_CHECKING False means no).")
    String hostKeyChecking;

    @Option(names = {"-T", "--timeout"}, paramLabel = "SECONDS", description = "Connect timeout in seconds (default: ansible.cfg's timeout, else 10).")
    Integer timeout;

    ConnectOptions connectOptions(AnsibleConfig config) {
        if (timeout != null && timeout < 1) {
            throw new UsageException("--timeout must be at least 1 second, not " + timeout);
        }
        if (sshConfig != null && !Files.isRegularFile(sshConfig)) {
            throw new UsageException("--ssh-config " + sshConfig + ": no such file");
        }
        Path home = Path.of(System.getProperty("user.home"));
        Optional<String> remoteUser = Optional.ofNullable(user).or(() -> config.remoteUser().map(Configured::value));
        Optional<Path> key = Optional.ofNullable(privateKey).or(() -> config.privateKeyFile().map(Configured::value));
        return new ConnectOptions(
                knownHosts != null ? knownHosts : home.resolve(".ssh/known_hosts"),
                Duration.ofSeconds(timeout != null ? timeout : config.timeout().value()), Duration.ofSeconds(15), 3,
                remoteUser.orElse(System.getProperty("user.name")), key, Optional.ofNullable(sshConfig),
                given(remoteUser.isPresent(), timeout != null || config.timeout().isSet()),
                HostKeyChecking.of(hostKeyChecking, config.hostKeyChecking()), new PassphrasePrompt(),
                config.sshOptions());
    }

    /** What the command line or ansible.cfg set, which wins over the SSH client configuration. */
    private Set<ConnectOptions.Given> given(boolean userSet, boolean timeoutSet) {
        Set<ConnectOptions.Given> given = EnumSet.noneOf(ConnectOptions.Given.class);
        if (userSet) {
            given.add(ConnectOptions.Given.USER);
        }
        if (knownHosts != null) {
            given.add(ConnectOptions.Given.KNOWN_HOSTS);
        }
        if (timeoutSet) {
            given.add(ConnectOptions.Given.CONNECT_TIMEOUT);
        }
        return given;
    }
}
