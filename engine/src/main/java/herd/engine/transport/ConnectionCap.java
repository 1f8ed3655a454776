package herd.engine.transport;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Keeps at most {@code max} connections of a run open at once, so memory stays bounded for any
 * inventory size (an SSH connection costs about 1 MB: sshj's 256 KiB receive buffer, its reader
 * thread, the keep-alive). A connection about to open past the cap first closes the least recently
 * used one that is idle; that host reconnects at its next step, and the run reports how often that
 * happened. A connection in use is never closed, so the cap can be passed by the connections in use
 * at once (at most the forks, plus one per {@code remote_user} login).
 */
public final class ConnectionCap {
    private final int max;
    /** The open connections, least recently used first. */
    private final Map<Capped, Boolean> open = new LinkedHashMap<>(16, 0.75f, true);
    private int peak;
    private long closedForRoom;
    private long reopened;

    public ConnectionCap(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("the cap on open connections must be at least 1, not " + max);
        }
        this.max = max;
    }

    /** What the cap did in a run. */
    public record Use(int max, int peak, long closedForRoom, long reopened) {
    }

    /** True once the cap has closed a connection to make room, or every place under it is taken. */
    public synchronized boolean crowded() {
        return closedForRoom > 0 || open.size() >= max;
    }

    public synchronized Use use() {
        return new Use(max, peak, closedForRoom, reopened);
    }

    /** The transport, under this cap. */
    public Transport wrap(Transport transport) {
        return new Capped(transport);
    }

    private void enter(Capped c) {
        List<Capped> evicted = new ArrayList<>();
        synchronized (this) {
            while (c.closing) {
                // closed for room a moment ago: the close ends before this host reconnects
                try {
                    wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            c.busy++;
            if (open.get(c) == null) {
                if (c.evicted) {
                    reopened++;
                    c.evicted = false;
                }
                open.put(c, Boolean.TRUE);
            }
            // past the cap (a new one, or the busy ones of a moment ago are idle now): the least recent idle go
            for (Iterator<Capped> it = open.keySet().iterator(); it.hasNext() && open.size() > max; ) {
                Capped oldest = it.next();
                if (oldest.busy == 0) {
                    it.remove();
                    oldest.evicted = true;
                    oldest.closing = true;
                    closedForRoom++;
                    evicted.add(oldest);
                }
            }
            peak = Math.max(peak, open.size());
        }
        for (Capped gone : evicted) {
            try {
                gone.delegate.close();
            } finally {
                synchronized (this) {
                    gone.closing = false;
                    notifyAll();
                }
            }
        }
    }

    private synchronized void leave(Capped c) {
        c.busy--;
    }

    private synchronized void closed(Capped c) {
        open.remove(c);
        c.evicted = false;
    }

    /** A transport that asks the cap for room before it opens, and lets it know when it is done. */
    private final class Capped implements Transport {
        private final Transport delegate;
        private int busy;
        private boolean evicted;
        private boolean closing;

        Capped(Transport delegate) {
            this.delegate = delegate;
        }

        @Override
        public void connect() throws UnreachableException {
            enter(this);
            try {
                delegate.connect();
            } finally {
                leave(this);
            }
        }

        @Override
        public java.util.Optional<Running> start(String command) throws UnreachableException {
            enter(this);
            try {
                return delegate.start(command);
            } finally {
                leave(this);
            }
        }

        @Override
        public ExecResult exec(ExecRequest request) throws UnreachableException {
            enter(this);
            try {
                return delegate.exec(request);
            } finally {
                leave(this);
            }
        }

        @Override
        public void put(String path, byte[] content, int mode) throws UnreachableException, FileTransferException {
            enter(this);
            try {
                delegate.put(path, content, mode);
            } finally {
                leave(this);
            }
        }

        @Override
        public byte[] fetch(String path) throws UnreachableException, FileTransferException {
            enter(this);
            try {
                return delegate.fetch(path);
            } finally {
                leave(this);
            }
        }

        @Override
        public void close() {
            closed(this);
            delegate.close();
        }
    }
}
