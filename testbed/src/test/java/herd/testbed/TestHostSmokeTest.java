package herd.testbed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Proves the test image, its sudo rules and the known_hosts lines with the system OpenSSH client. */
class TestHostSmokeTest {

  @Test
  void deployCanSudoToPloneDaemonOverSsh(@TempDir Path tmp) throws Exception {
    try (TestHost host = TestHost.start(TestHost.nextLoopback())) {
      assertTrue(host.address().startsWith("127.0."), host.address());
      assertFalse(host.hostKeyLines().isEmpty());
      Path knownHosts = TestHost.writeKnownHosts(tmp.resolve("known_hosts"), host);

      Process p =
          new ProcessBuilder(
                  "ssh",
                  "-F", "/dev/null",
                  "-i", TestKeys.privateKey().toString(),
                  "-o", "IdentitiesOnly=yes",
                  "-o", "UserKnownHostsFile=" + knownHosts,
                  "-o", "GlobalKnownHostsFile=/dev/null",
                  "-o", "StrictHostKeyChecking=yes",
                  "-o", "BatchMode=yes",
                  "-o", "ConnectTimeout=20",
                  "-p", Integer.toString(host.port()),
                  "deploy@" + host.address(),
                  "sudo -n -u plone_daemon id -un")
              .start();
      p.getOutputStream().close();
      CompletableFuture<String> err =
          CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
      String out = readAll(p.getInputStream());
      assertTrue(p.waitFor(60, TimeUnit.SECONDS), "ssh did not finish within 60 s");
      String stderr = err.get(10, TimeUnit.SECONDS);

      assertEquals(0, p.exitValue(), "ssh exit code; stderr: " + stderr);
      assertEquals("plone_daemon", out.strip(), "stderr: " + stderr);

      TestHost.ExecResult whoami = host.exec("id", "-un");
      assertEquals(0, whoami.exitCode());
      assertEquals("root", whoami.stdout().strip());
    }
  }

  @Test
  void oneContainerListensOnManyAddresses(@TempDir Path tmp) throws Exception {
    try (TestHost farm = TestHost.startMany(20)) {
      assertEquals(20, farm.addresses().size());
      Path knownHosts = TestHost.writeKnownHosts(tmp.resolve("known_hosts"), farm);
      // the first, the 17th (served by the second sshd: 16 addresses each) and the last
      for (String address : java.util.List.of(farm.addresses().get(0), farm.addresses().get(16), farm.addresses().get(19))) {
        Process p = new ProcessBuilder("ssh", "-F", "/dev/null", "-i", TestKeys.privateKey().toString(),
                "-o", "IdentitiesOnly=yes", "-o", "UserKnownHostsFile=" + knownHosts,
                "-o", "StrictHostKeyChecking=yes", "-o", "BatchMode=yes", "-p", Integer.toString(farm.port()),
                "deploy@" + address, "echo reached").redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = readAll(p.getInputStream());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals("reached", out.strip(), address + ": " + out);
      }
    }
  }

  private static String readAll(java.io.InputStream in) {
    try {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
