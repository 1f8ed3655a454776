package herd.testbed;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A fault-injecting TCP proxy for tests, on loopback only (Toxiproxy's idea, in-process): it listens
 * on a 127.x address and forwards every connection to a target, and can add latency with jitter,
 * limit the bandwidth, drop every connection, or turn into a black hole (bytes swallowed, nothing
 * closed: a dead link as TCP sees it). Faults apply at once, also to open connections.
 *
 * <pre>{@code
 * try (FaultProxy link = FaultProxy.start(host.address(), host.address(), host.port())) {
 *   link.latency(Duration.ofMillis(100), Duration.ofMillis(20));
 *   // ssh -p link.port() deploy@link.address()
 *   link.blackHole(true);
 * }
 * }</pre>
 */
public final class FaultProxy implements AutoCloseable {
  private static final int CHUNK = 16 * 1024;

  private final ServerSocket server;
  private final String targetAddress;
  private final int targetPort;
  private final Set<Link> open = ConcurrentHashMap.newKeySet();
  private final Random random = new Random(19);
  private final AtomicLong connections = new AtomicLong();
  private final AtomicLong forwarded = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();
  private volatile long latencyNanos;
  private volatile long jitterNanos;
  private volatile long bytesPerSecond;
  private volatile boolean blackHole;
  private volatile boolean closed;

  private FaultProxy(ServerSocket server, String targetAddress, int targetPort) {
    this.server = server;
    this.targetAddress = targetAddress;
    this.targetPort = targetPort;
  }

  /** Listens on {@code listenAddress} (127.x.y.z) at a free port, forwarding to the target. */
  public static FaultProxy start(String listenAddress, String targetAddress, int targetPort) {
    if (!listenAddress.startsWith("127.") || !targetAddress.startsWith("127.")) {
      throw new IllegalArgumentException("loopback addresses only: " + listenAddress + " -> " + targetAddress);
    }
    try {
      ServerSocket server = new ServerSocket(0, 50, InetAddress.getByName(listenAddress));
      FaultProxy proxy = new FaultProxy(server, targetAddress, targetPort);
      Thread.ofVirtual().name("fault-proxy-accept-" + server.getLocalPort()).start(proxy::accept);
      return proxy;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot listen on " + listenAddress, e);
    }
  }

  public String address() {
    return server.getInetAddress().getHostAddress();
  }

  public int port() {
    return server.getLocalPort();
  }

  /** Every chunk, each way, waits {@code latency} plus a jitter in [-jitter, +jitter]; order is kept. */
  public FaultProxy latency(Duration latency, Duration jitter) {
    this.latencyNanos = latency.toNanos();
    this.jitterNanos = jitter.toNanos();
    return this;
  }

  /** At most this many bytes a second each way on each connection; 0: unlimited. */
  public FaultProxy bandwidth(long bytesPerSecond) {
    this.bytesPerSecond = bytesPerSecond;
    return this;
  }

  /** Closes every open connection, both sides, as a dropped link; new connections still work. */
  public void dropConnections() {
    for (Link link : open) {
      dropped.incrementAndGet();
      link.close();
    }
  }

  /** From now on bytes from either side are swallowed; no socket is closed, new ones are accepted and swallowed too. */
  public void blackHole(boolean on) {
    this.blackHole = on;
  }

  public long connections() {
    return connections.get();
  }

  /** Bytes forwarded, both ways together. */
  public long bytesForwarded() {
    return forwarded.get();
  }

  public long connectionsDropped() {
    return dropped.get();
  }

  @Override
  public void close() {
    closed = true;
    try {
      server.close();
    } catch (IOException e) {
      // closing anyway
    }
    open.forEach(Link::close);
  }

  @Override
  public String toString() {
    return "FaultProxy[" + address() + ":" + port() + " -> " + targetAddress + ":" + targetPort + "]";
  }

  private void accept() {
    while (!closed) {
      Socket client;
      try {
        client = server.accept();
      } catch (IOException e) {
        return;
      }
      connections.incrementAndGet();
      Thread.ofVirtual().start(() -> connect(client));
    }
  }

  private void connect(Socket client) {
    Socket target = new Socket();
    try {
      target.connect(new InetSocketAddress(targetAddress, targetPort), 5000);
    } catch (IOException e) {
      quietly(client);
      quietly(target);
      return;
    }
    Link link = new Link(client, target);
    open.add(link);
    if (closed) {
      link.close();
      return;
    }
    link.start();
  }

  private long delay() {
    long latency = latencyNanos;
    long jitter = jitterNanos;
    if (latency == 0 && jitter == 0) {
      return 0;
    }
    long offset;
    synchronized (random) {
      offset = jitter == 0 ? 0 : (long) ((random.nextDouble() * 2 - 1) * jitter);
    }
    return Math.max(0, latency + offset);
  }

  private static void quietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // already gone
    }
  }

  /** One proxied connection: a reader and a writer each way. */
  private final class Link {
    private final Socket client;
    private final Socket target;
    private final java.util.concurrent.atomic.AtomicInteger ended = new java.util.concurrent.atomic.AtomicInteger();

    Link(Socket client, Socket target) {
      this.client = client;
      this.target = target;
    }

    void start() {
      direction(client, target);
      direction(target, client);
    }

    void close() {
      quietly(client);
      quietly(target);
      open.remove(this);
    }

    /** A chunk to write once its time has come; an empty one marks the end of the stream. */
    private record Chunk(byte[] bytes, long due) {
    }

    private void direction(Socket from, Socket to) {
      LinkedBlockingQueue<Chunk> queue = new LinkedBlockingQueue<>();
      Thread.ofVirtual().start(() -> read(from, queue));
      Thread.ofVirtual().start(() -> write(to, queue));
    }

    private void read(Socket from, LinkedBlockingQueue<Chunk> queue) {
      long lastDue = 0;
      byte[] buffer = new byte[CHUNK];
      try {
        InputStream in = from.getInputStream();
        int n;
        while ((n = in.read(buffer)) >= 0) {
          if (blackHole || n == 0) {
            continue;
          }
          long due = Math.max(lastDue, System.nanoTime() + delay());
          lastDue = due;
          queue.put(new Chunk(Arrays.copyOf(buffer, n), due));
        }
      } catch (IOException e) {
        // the socket was closed or reset: the end of this direction
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      if (!blackHole) {
        // a black hole swallows the end of the stream too
        queue.add(new Chunk(new byte[0], Math.max(lastDue, System.nanoTime())));
      }
    }

    private void write(Socket to, LinkedBlockingQueue<Chunk> queue) {
      try {
        OutputStream out = to.getOutputStream();
        while (true) {
          Chunk chunk = queue.take();
          long wait = chunk.due() - System.nanoTime();
          if (wait > 0) {
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
          }
          if (chunk.bytes().length == 0) {
            to.shutdownOutput();
            if (ended.incrementAndGet() == 2) {
              close();
            }
            return;
          }
          if (blackHole) {
            continue;
          }
          out.write(chunk.bytes());
          out.flush();
          forwarded.addAndGet(chunk.bytes().length);
          long rate = bytesPerSecond;
          if (rate > 0) {
            long nanos = chunk.bytes().length * 1_000_000_000L / rate;
            Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
          }
        }
      } catch (IOException e) {
        close();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        close();
      }
    }
  }
}
