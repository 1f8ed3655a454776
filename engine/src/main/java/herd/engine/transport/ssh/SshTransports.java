package herd.engine.transport.ssh;

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
import net.schmizz.sshj.userauth.keyprovider.KeyPairWrapper;
import net.schmizz.sshj.userauth.keyprovider.KeyProvider;

import herd.engine.load.InputException;
import herd.engine.transport.ConnectOptions;
import herd.engine.transport.Endpoint;
import herd.engine.transport.Transport;
import herd.engine.transport.TransportFactory;

/**
 * Makes SSH transports with sshj. Shared by all hosts of a run: one sshj configuration, one parsed
 * known_hosts, each private key read once.
 */
public final class SshTransports implements TransportFactory {
    private final ConnectOptions options;
    private final DefaultConfig config;
    private final ConcurrentMap<Path, KeyProvider> keys = new ConcurrentHashMap<>();
    private volatile KnownHosts knownHosts;
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

    KnownHosts knownHosts() throws IOException {
        KnownHosts k = knownHosts;
        if (k == null) {
            synchronized (this) {
                if (knownHosts == null) {
                    knownHosts = new KnownHosts(options.knownHosts());
                }
                k = knownHosts;
            }
        }
        return k;
    }

    /** The keys to offer, each read once per run. */
    List<KeyProvider> keysFor(SshSettings settings, SSHClient client) throws IOException {
        List<KeyProvider> providers = new ArrayList<>();
        for (Path path : settings.identityFiles()) {
            try {
                providers.add(keys.computeIfAbsent(path, p -> load(client, p)));
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
        }
        return providers;
    }

    private static KeyProvider load(SSHClient client, Path path) {
        try {
            KeyProvider provider = client.loadKeys(path.toString());
            return new KeyPairWrapper(provider.getPublic(), provider.getPrivate());
        } catch (IOException e) {
            throw new UncheckedIOException(new IOException("cannot read private key " + path + ": " + e.getMessage(), e));
        }
    }
}
