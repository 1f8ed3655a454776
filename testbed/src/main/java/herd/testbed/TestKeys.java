package herd.testbed;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One ed25519 client key pair per JVM, made with the system {@code ssh-keygen}. Its public line is
 * authorized for {@code deploy} and {@code root} on every {@link TestHost}.
 */
public final class TestKeys {

  private static volatile TestKeys instance;

  private final Path dir;
  private final Path privateKey;
  private final String publicKeyLine;

  private TestKeys(Path dir, Path privateKey, String publicKeyLine) {
    this.dir = dir;
    this.privateKey = privateKey;
    this.publicKeyLine = publicKeyLine;
  }

  /** The private key file (OpenSSH format, no passphrase, mode 0600). */
  public static Path privateKey() {
    return get().privateKey;
  }

  /** The public key as one authorized_keys line: {@code ssh-ed25519 AAAA... herd-test}. */
  public static String publicKeyLine() {
    return get().publicKeyLine;
  }

  /** The directory holding the key pair (removed when the JVM exits). */
  public static Path directory() {
    return get().dir;
  }

  private static TestKeys get() {
    TestKeys keys = instance;
    if (keys == null) {
      synchronized (TestKeys.class) {
        keys = instance;
        if (keys == null) {
          keys = generate();
          instance = keys;
        }
      }
    }
    return keys;
  }

  private static TestKeys generate() {
    try {
      Path dir = Files.createTempDirectory("herd-testkeys-");
      Path key = dir.resolve("id_ed25519");
      Process p =
          new ProcessBuilder(
                  "ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "herd-test", "-f",
                  key.toString())
              .redirectErrorStream(true)
              .start();
      p.getOutputStream().close();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException("ssh-keygen did not finish within 60 s");
      }
      if (p.exitValue() != 0) {
        throw new IllegalStateException("ssh-keygen failed (" + p.exitValue() + "): " + out);
      }
      String pub = Files.readString(dir.resolve("id_ed25519.pub"), StandardCharsets.UTF_8).strip();
      Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(dir), "herd-testkeys-cleanup"));
      return new TestKeys(dir, key, pub);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot generate the test SSH key (is ssh-keygen installed?)", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while generating the test SSH key", e);
    }
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // best effort at JVM exit
    }
  }
}
