package herd.engine.transport.ssh;

import herd.engine.transport.HostKeyPolicy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import net.schmizz.keepalive.KeepAliveProvider;
import net.schmizz.sshj.DefaultConfig;
import net.schmizz.sshj.SSHClient;

import herd.engine.load.InputException;
import herd.engine.transport.ConnectOptions;
import herd.engine.transport.Endpoint;
import herd.engine.transport.Transport;
import herd.engine.transport.TransportFactory;

/**
 * Makes SSH transports with sshj. Shared by all hosts of a run: one sshj configuration, one parsed
 * known_hosts per file, one look at ssh-agent's keys, each private key read once.
 */
public final class SshTransports implements TransportFactory {
    private static final List<Path> GLOBAL_KNOWN_HOSTS = List.of(Path.of("/etc/ssh/ssh_known_hosts"),
            Path.of("/etc/ssh/ssh_known_hosts2"));
    private final ConnectOptions options;
    private final DefaultConfig config;
    private final ConcurrentMap<Path, KnownHosts> knownHosts = new ConcurrentHashMap<>();
    private final Logins logins;
    private final SshSettingsResolver resolver;
    private final JumpChain jumps = new JumpChain(this);

    /**
     * Reads the SSH client configuration (the -F file, else ~/.ssh/config and /etc/ssh/ssh_config).
     *
     * @throws herd.engine.load.InputException for a configuration line ssh would refuse or herd cannot honour
     */
    public SshTransports(ConnectOptions options) {
        this(options, Path.of(System.getProperty("user.home")), System.getProperty("user.name"));
    }

    SshTransports(ConnectOptions options, Path home, String localUser) {
        this.options = options;
        this.config = new DefaultConfig();
        this.config.setKeepAliveProvider(KeepAliveProvider.KEEP_ALIVE);
        SshConfig sshConfig = options.sshConfig()
                .map(file -> SshConfig.read(List.of(file), List.of(home.resolve(".ssh")), home))
                .orElseGet(() -> SshConfig.readDefault(home));
        this.resolver = new SshSettingsResolver(sshConfig, options, home, localUser);
        this.logins = new Logins(SshAgent.fromEnvironment(), config.getFileKeyProviderFactories(), options.passphrases());
    }

    @Override
    public Transport open(Endpoint endpoint) {
        SshSettings settings;
        try {
            settings = settingsFor(endpoint);
        } catch (InputException e) {
            return new Refused("host " + endpoint.hostName() + ": " + e.problems().getFirst().render());
        }
        return new SshTransport(this, settings);
    }

    /** How to reach an endpoint: the inventory, then the command line, then the SSH client configuration. */
    SshSettings settingsFor(Endpoint endpoint) {
        return resolver.resolve(endpoint);
    }

    /** The shared connections to jump hosts. */
    JumpChain jumps() {
        return jumps;
    }

    @Override
    public void close() {
        jumps.close();
    }

    ConnectOptions options() {
        return options;
    }

    SSHClient newClient() {
        return new SSHClient(config);
    }

    /** The known_hosts files of these settings, each read once per run and shared. */
    List<KnownHosts> knownHosts(SshSettings settings) throws IOException {
        return read(settings.knownHostsFiles());
    }

    /** /etc/ssh/ssh_known_hosts and ssh_known_hosts2, as ssh's GlobalKnownHostsFile: read where they exist. */
    List<KnownHosts> globalKnownHosts() throws IOException {
        return read(GLOBAL_KNOWN_HOSTS.stream().filter(java.nio.file.Files::isReadable).toList());
    }

    private List<KnownHosts> read(List<Path> files) throws IOException {
        List<KnownHosts> out = new ArrayList<>();
        for (Path path : files) {
            try {
                out.add(knownHosts.computeIfAbsent(path, p -> {
                    try {
                        return new KnownHosts(p);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }));
            } catch (UncheckedIOException e) {
                throw new IOException("cannot read known_hosts file " + path + ": " + e.getCause().getMessage(), e);
            }
        }
        return out;
    }

    /** The host-key policy: --host-key-checking or ANSIBLE_HOST_KEY_CHECKING over the SSH configuration's. */
    HostKeyPolicy hostKeyPolicy(SshSettings settings) {
        return options.hostKeyChecking().orElse(settings.hostKeyPolicy());
    }

    /** How to log in: the agent's keys and the key files, in order. */
    Logins logins() {
        return logins;
    }
}
