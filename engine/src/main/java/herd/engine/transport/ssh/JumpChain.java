package herd.engine.transport.ssh;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.connection.channel.direct.DirectConnection;

import herd.engine.transport.UnreachableException;

/**
 * The jump host connections of a run, shared: every target behind one bastion goes through one SSH
 * connection to it, counted by its users and closed when the last one closes (or the run ends).
 * A hop is an ordinary {@link SshTransport} (its host key verified, its user authenticated as any
 * target's), itself reached through the hops before it.
 */
final class JumpChain implements AutoCloseable {
    private final SshTransports factory;
    private final Map<SshSettings, Hop> hops = new HashMap<>();

    private static final class Hop {
        final SshTransport transport;
        int users;

        Hop(SshTransport transport) {
            this.transport = transport;
        }
    }

    /** A target's use of its last hop; closing it lets the hop go when no one else uses it. */
    interface Lease extends AutoCloseable {
        @Override
        void close();
    }

    JumpChain(SshTransports factory) {
        this.factory = factory;
    }

    /**
     * Connects {@code client} to {@code target} through its jump hosts: opens (or reuses) the
     * connection to the last hop and asks it for a TCP channel to the target's host and port; name
     * resolution and the TCP connect happen at the hop.
     */
    Lease connectVia(SshSettings target, SSHClient client) throws UnreachableException, IOException {
        SshSettings last = target.jumps().getLast();
        SshTransport hop = acquire(last);
        boolean connected = false;
        try {
            DirectConnection tunnel;
            try {
                tunnel = hop.tunnel(target.hostName(), target.port());
            } catch (IOException e) {
                throw new UnreachableException("jump host " + where(last) + " could not open a connection to "
                        + target.hostName() + ":" + target.port() + ": " + e.getMessage());
            }
            client.connectVia(tunnel);
            connected = true;
            return () -> release(last);
        } finally {
            if (!connected) {
                release(last);
            }
        }
    }

    private SshTransport acquire(SshSettings hop) throws UnreachableException {
        SshTransport transport;
        synchronized (this) {
            Hop h = hops.computeIfAbsent(hop, k -> new Hop(new SshTransport(factory, k)));
            h.users++;
            transport = h.transport;
        }
        try {
            transport.connect();
            return transport;
        } catch (UnreachableException e) {
            release(hop);
            throw new UnreachableException("jump host " + where(hop) + ": " + e.getMessage());
        }
    }

    private void release(SshSettings hop) {
        SshTransport gone = null;
        synchronized (this) {
            Hop h = hops.get(hop);
            if (h != null && --h.users == 0) {
                hops.remove(hop);
                gone = h.transport;
            }
        }
        if (gone != null) {
            gone.close();
        }
    }

    /** How many hop connections are held now (for tests). */
    synchronized int open() {
        return hops.size();
    }

    private static String where(SshSettings hop) {
        return hop.alias() + (hop.alias().equals(hop.hostName()) ? "" : " (" + hop.hostName() + ")") + ":" + hop.port();
    }

    @Override
    public void close() {
        List<Hop> all;
        synchronized (this) {
            all = List.copyOf(hops.values());
            hops.clear();
        }
        all.forEach(h -> h.transport.close());
    }
}
