package herd.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

import herd.engine.transport.ConnectOptions;
import picocli.CommandLine.Option;

/** How herd reaches hosts: the options that, given, win over the SSH client configuration. */
final class ConnectionOptions {
    @Option(names = {"-u", "--user"}, paramLabel = "USER", description = "Remote user when the inventory names none.")
    String user;

    @Option(names = "--private-key", paramLabel = "FILE", description = "Private key when the inventory names none.")
    Path privateKey;

    @Option(names = "--known-hosts", paramLabel = "FILE", description = "known_hosts file (default: ~/.ssh/known_hosts).")
    Path knownHosts;

    @Option(names = {"-F", "--ssh-config"}, paramLabel = "FILE",
            description = "SSH client configuration, instead of ~/.ssh/config and /etc/ssh/ssh_config.")
    Path sshConfig;

    @Option(names = "--host-key-checking", paramLabel = "POLICY",
            description = "yes (refuse unknown host keys), accept-new (add them to the known_hosts file) or no (accept"
                    + " them); a changed key is always refused (default: StrictHostKeyChecking of ~/.ssh/config, else yes;"
                    + " ANSIBLE_HOST_KEY_CHECKING=False means no).")
    String hostKeyChecking;

    @Option(names = {"-T", "--timeout"}, paramLabel = "SECONDS", description = "Connect timeout in seconds (default: 10).")
    Integer timeout;

    ConnectOptions connectOptions() {
        if (timeout != null && timeout < 1) {
            throw new UsageException("--timeout must be at least 1 second, not " + timeout);
        }
        if (sshConfig != null && !Files.isRegularFile(sshConfig)) {
            throw new UsageException("--ssh-config " + sshConfig + ": no such file");
        }
        Path home = Path.of(System.getProperty("user.home"));
        return new ConnectOptions(
                knownHosts != null ? knownHosts : home.resolve(".ssh/known_hosts"),
                Duration.ofSeconds(timeout != null ? timeout : 10), Duration.ofSeconds(15), 3,
                user != null ? user : System.getProperty("user.name"),
                Optional.ofNullable(privateKey), Optional.ofNullable(sshConfig), given(),
                HostKeyChecking.of(hostKeyChecking, System.getenv(HostKeyChecking.ANSIBLE_VARIABLE)),
                new PassphrasePrompt());
    }

    /** The options given on the command line, which win over the SSH client configuration. */
    private Set<ConnectOptions.Given> given() {
        Set<ConnectOptions.Given> given = EnumSet.noneOf(ConnectOptions.Given.class);
        if (user != null) {
            given.add(ConnectOptions.Given.USER);
        }
        if (knownHosts != null) {
            given.add(ConnectOptions.Given.KNOWN_HOSTS);
        }
        if (timeout != null) {
            given.add(ConnectOptions.Given.CONNECT_TIMEOUT);
        }
        return given;
    }
}
