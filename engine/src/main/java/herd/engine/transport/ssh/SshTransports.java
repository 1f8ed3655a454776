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

    public SshTransports(ConnectOptions options) {
        this.options = options;
        this.config = new DefaultConfig();
        this.config.setKeepAliveProvider(KeepAliveProvider.KEEP_ALIVE);
    }

    @Override
    public Transport open(Endpoint endpoint) {
        return new SshTransport(this, settingsFor(endpoint));
    }

    /** How to reach an endpoint. */
    SshSettings settingsFor(Endpoint endpoint) {
        return SshSettings.of(endpoint, options);
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
