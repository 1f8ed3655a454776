package herd.testbed;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.Container;
import org.testcontainers.containers.ContainerLaunchException;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

/**
 * A throw-away SSH target: one {@code herd-testhost:latest} container (built by {@code
 * testbed/build-image.sh}) on the host network, whose sshd listens on its own loopback address
 * {@code 127.0.0.n} and a free port. Users: {@code deploy} (passwordless sudo) and {@code root},
 * both accepting {@link TestKeys}; system user {@code plone_daemon}.
 *
 * <pre>{@code
 * try (TestHost host = TestHost.start(TestHost.nextLoopback())) {
 *   TestHost.writeKnownHosts(knownHosts, host);
 *   // ssh -p host.port() deploy@host.address()
 * }
 * }</pre>
 */
public final class TestHost implements AutoCloseable {

  public static final String IMAGE = "herd-testhost:latest";
  private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);
  private static final int START_ATTEMPTS = 3;

  private static final AtomicInteger NEXT_LOOPBACK = new AtomicInteger(2);
  private static final Set<TestHost> RUNNING = ConcurrentHashMap.newKeySet();
  private static volatile boolean imageChecked;

  static {
    // Ryuk is disabled (see surefire config), so stop what a test forgot to close.
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> List.copyOf(RUNNING).forEach(TestHost::stopQuietly), "herd-testhost-cleanup"));
  }

  /** Result of {@link #exec}. */
  public record ExecResult(int exitCode, String stdout, String stderr) {
    public boolean ok() {
      return exitCode == 0;
    }
  }

  private final int n;
  private final List<String> addresses;
  private final int port;
  private final GenericContainer<?> container;
  private final List<String> hostKeyLines;

  private TestHost(int n, List<String> addresses, int port, GenericContainer<?> container) {
    this.n = n;
    this.addresses = List.copyOf(addresses);
    this.port = port;
    this.container = container;
    this.hostKeyLines = readHostKeyLines();
  }

  /**
   * Hands out loopback numbers 2, 3, 4, ... (thread-safe, per JVM) for {@link #start(int)}, so
   * that hosts of concurrent tests never share an address.
   */
  public static int nextLoopback() {
    return NEXT_LOOPBACK.getAndIncrement();
  }

  /**
   * The loopback address of host number {@code n} (n >= 2): 127.0.0.n up to n = 254, then
   * 127.0.1.2 ... 127.0.1.254, 127.0.2.2 ... (all of 127/8 is loopback on Linux).
   */
  public static String loopbackAddress(int n) {
    if (n < 2) {
      throw new IllegalArgumentException("loopback number must be >= 2, got " + n);
    }
    int index = n - 2;
    int third = index / 253;
    int fourth = 2 + index % 253;
    if (third > 255) {
      throw new IllegalArgumentException("loopback number too large: " + n);
    }
    return "127.0." + third + "." + fourth;
  }

  /** Starts host number {@code n} (see {@link #loopbackAddress}) and waits until sshd listens. */
  public static TestHost start(int n) {
    return start(n, List.of(loopbackAddress(n)));
  }

  /**
   * Starts one container whose sshd listens on {@code count} loopback addresses, all on one port:
   * one container standing for many inventory hosts, for scale tests and benchmarks.
   */
  public static TestHost startMany(int count) {
    int first = NEXT_LOOPBACK.getAndAdd(count);
    List<String> addresses = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      addresses.add(loopbackAddress(first + i));
    }
    return start(first, addresses);
  }

  private static TestHost start(int n, List<String> addresses) {
    String address = addresses.getFirst();
    checkImage();
    ContainerLaunchException last = null;
    for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
      int port = freePort(address);
      GenericContainer<?> c =
          new GenericContainer<>(DockerImageName.parse(IMAGE))
              .withImagePullPolicy(image -> false)
              .withNetworkMode("host")
              .withEnv(addresses.size() == 1 ? "SSH_ADDR" : "SSH_ADDRS", String.join(" ", addresses))
              .withEnv("SSH_PORT", Integer.toString(port))
              .withEnv("AUTHORIZED_KEYS", TestKeys.publicKeyLine())
              .withLabel("herd.testbed.address", address + ":" + port)
              .waitingFor(
                  Wait.forLogMessage(".*Server listening on .*", addresses.size())
                      .withStartupTimeout(STARTUP_TIMEOUT));
      try {
        c.start();
      } catch (ContainerLaunchException e) {
        // Most likely someone took the port between our probe and sshd's bind: try another.
        last = e;
        stopQuietly(c);
        continue;
      }
      TestHost host;
      try {
        host = new TestHost(n, addresses, port, c);
      } catch (RuntimeException e) {
        stopQuietly(c);
        throw e;
      }
      RUNNING.add(host);
      return host;
    }
    throw new IllegalStateException(
        "test host " + address + " did not start after " + START_ATTEMPTS + " attempts", last);
  }

  /** Starts a host on the next free loopback number. */
  public static TestHost start() {
    return start(nextLoopback());
  }

  public int number() {
    return n;
  }

  /** "127.0.0.n": the (first) address sshd listens on. */
  public String address() {
    return addresses.getFirst();
  }

  /** Every address sshd listens on (one, unless started with {@link #startMany}). */
  public List<String> addresses() {
    return addresses;
  }

  public int port() {
    return port;
  }

  /** The Docker container id. */
  public String containerId() {
    return container.getContainerId();
  }

  /** known_hosts lines for this host: {@code [127.0.0.n]:port <type> <base64>}, one per host key. */
  public List<String> hostKeyLines() {
    return hostKeyLines;
  }

  /** Runs a command in the container as root (no shell unless you pass one). */
  public ExecResult exec(String... cmd) {
    try {
      Container.ExecResult r = container.execInContainer(StandardCharsets.UTF_8, cmd);
      return new ExecResult(r.getExitCode(), r.getStdout(), r.getStderr());
    } catch (IOException e) {
      throw new UncheckedIOException("exec in " + this + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted during exec in " + this, e);
    }
  }

  /** Copies a file or a folder of this machine into the container, as root. */
  public void copyInto(Path local, String containerPath) {
    container.copyFileToContainer(org.testcontainers.utility.MountableFile.forHostPath(local), containerPath);
  }

  /** Runs a shell script in the container as root and fails loudly when it fails. */
  public String sh(String script) {
    ExecResult r = exec("sh", "-c", script);
    if (!r.ok()) {
      throw new IllegalStateException(this + ": `" + script + "` failed with " + r.exitCode() + ":\n" + r.stdout() + r.stderr());
    }
    return r.stdout();
  }

  /** Freezes every process of the host (docker pause): connections hang, nothing is refused. */
  public void pause() {
    docker().pauseContainerCmd(containerId()).exec();
  }

  public void unpause() {
    docker().unpauseContainerCmd(containerId()).exec();
  }

  public boolean isRunning() {
    return container.isRunning();
  }

  /** Stops and removes the container. Idempotent. */
  public void stop() {
    RUNNING.remove(this);
    stopQuietly(container);
  }

  @Override
  public void close() {
    stop();
  }

  /** Writes the known_hosts lines of all given hosts to {@code file} (replacing it). */
  public static Path writeKnownHosts(Path file, TestHost... hosts) {
    List<String> lines = new ArrayList<>();
    for (TestHost h : hosts) {
      lines.addAll(h.hostKeyLines());
    }
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.write(file, lines, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
    return file;
  }

  @Override
  public String toString() {
    return "TestHost[" + address() + ":" + port + (addresses.size() > 1 ? " +" + (addresses.size() - 1) : "") + "]";
  }

  private List<String> readHostKeyLines() {
    ExecResult r = exec("sh", "-c", "cat /etc/ssh/ssh_host_*_key.pub");
    if (!r.ok()) {
      throw new IllegalStateException("cannot read host keys of " + this + ": " + r.stderr());
    }
    List<String> lines = new ArrayList<>();
    for (String line : r.stdout().split("\n")) {
      String[] parts = line.strip().split("\\s+");
      if (parts.length >= 2) {
        for (String address : addresses) {
          lines.add("[" + address + "]:" + port + " " + parts[0] + " " + parts[1]);
        }
      }
    }
    if (lines.isEmpty()) {
      throw new IllegalStateException("no host keys found in " + this);
    }
    return List.copyOf(lines);
  }

  /** A TCP port free on this loopback address now (for a service a test starts there). */
  public static int freePort(String address) {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(address))) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot find a free port on " + address, e);
    }
  }

  private static DockerClient docker() {
    return DockerClientFactory.instance().client();
  }

  private static void checkImage() {
    if (imageChecked) {
      return;
    }
    if (!DockerClientFactory.instance().isDockerAvailable()) {
      throw new IllegalStateException(
          "No Docker daemon reachable. Run: bash testbed/ensure-docker.sh"
              + " (or bash testbed/build-image.sh, which also builds the test image)");
    }
    try {
      docker().inspectImageCmd(IMAGE).exec();
    } catch (NotFoundException e) {
      throw new IllegalStateException(
          "Docker image " + IMAGE + " not found (it is never pulled). Build it with:"
              + " bash testbed/build-image.sh",
          e);
    }
    imageChecked = true;
  }

  private static void stopQuietly(TestHost host) {
    host.stop();
  }

  private static void stopQuietly(GenericContainer<?> c) {
    try {
      c.stop();
    } catch (RuntimeException ignored) {
      // already gone
    }
  }
}
