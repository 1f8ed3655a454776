package herd.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import herd.testbed.FaultProxy;
import herd.testbed.TestHost;
import herd.testbed.TestKeys;

/**
 * Targets reachable only through a bastion, with real OpenSSH: the targets are named
 * {@code app1.internal} and {@code app2.internal}, names only the bastion can resolve (its own
 * /etc/hosts), so the run works only when name resolution and the TCP connect happen at the bastion.
 * The bastion's sshd logs at DEBUG1, so its log shows each login and each forwarded connection.
 */
class BastionTest {
    private static final Pattern ACCEPTED = Pattern.compile("Accepted publickey for deploy from");
    private static TestHost bastion;
    private static TestHost app1;
    private static TestHost app2;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        bastion = TestHost.start();
        app1 = TestHost.start();
        app2 = TestHost.start();
        app1.sh("echo app1 > /etc/herd-name");
        app2.sh("echo app2 > /etc/herd-name");
        bastion.sh("printf '%s app1.internal\\n%s app2.internal\\n' " + app1.address() + " " + app2.address()
                + " >> /etc/hosts");
        // sshd re-reads its configuration on SIGHUP (it re-executes itself as pid 1)
        bastion.sh("sed -i 's/^LogLevel INFO/LogLevel DEBUG1/' /etc/ssh/sshd_config-herd-*; kill -HUP 1");
        for (int i = 0; i < 200 && count(log(bastion), "Server listening on") < 2; i++) {
            Thread.sleep(50);
        }
        assertEquals(2, count(log(bastion), "Server listening on"), "the bastion's sshd did not come back after SIGHUP");
    }

    @AfterAll
    static void stop() {
        for (TestHost h : new TestHost[] {bastion, app1, app2}) {
            if (h != null) {
                h.close();
            }
        }
    }

    @Test
    void theControllerCannotResolveTheTargetsNames() {
        for (String name : List.of("app1.internal", "app2.internal")) {
            try {
                InetAddress.getByName(name);
                throw new AssertionError(name + " resolves on this machine, so the test would prove nothing");
            } catch (UnknownHostException expected) {
                // as it should be: only the bastion knows these names
            }
        }
    }

    /** An ssh_config that reaches app1.internal and app2.internal through the bastion at this address. */
    private static String throughBastion(String address, int port) {
        return """
                Host bastion
                  HostName %s
                  Port %d
                  User deploy
                  IdentityFile %s
                Host app1.internal
                  Port %d
                Host app2.internal
                  Port %d
                Host *.internal
                  ProxyJump bastion
                  User deploy
                  IdentityFile %s
                """.formatted(address, port, TestKeys.privateKey(), app1.port(), app2.port(), TestKeys.privateKey());
    }

    @Test
    void twoTargetsBehindABastionFromTheSshConfigShareOneConnectionToIt() throws Exception {
        Path config = write("ssh_config", throughBastion(bastion.address(), bastion.port()));
        Path inventory = write("inv.yml", "all:\n  hosts:\n    app1.internal:\n    app2.internal:\n");
        String before = log(bastion);
        Path report = dir.resolve("r.json");
        CliRun r = CliRun.of("run", playbook().toString(), "-i", inventory.toString(), "-F", config.toString(),
                "--known-hosts", knownHosts(true, false).toString(), "--json", report.toString(), "--no-color");
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals(Map.of("app1.internal", "app1\ndeploy", "app2.internal", "app2\ndeploy"), outputs(report));
        String during = log(bastion).substring(before.length());
        assertEquals(1, count(during, ACCEPTED.pattern()), "one login at the bastion for both targets:\n" + during);
        assertTrue(during.contains("target app1.internal port " + app1.port()), during);
        assertTrue(during.contains("target app2.internal port " + app2.port()), during);
    }

    @Test
    void proxyJumpInTheInventorysSshArgumentsWorksWithoutAnyConfig() throws Exception {
        Path inventory = write("inv.yml", """
                all:
                  vars:
                    ansible_user: deploy
                    ansible_ssh_common_args: '-o ProxyJump=deploy@%s:%d'
                  hosts:
                    app1.internal: {ansible_port: %d}
                    app2.internal: {ansible_port: %d}
                """.formatted(bastion.address(), bastion.port(), app1.port(), app2.port()));
        Path empty = write("empty_config", "");
        String before = log(bastion);
        Path report = dir.resolve("r.json");
        CliRun r = CliRun.of("run", playbook().toString(), "-i", inventory.toString(), "-F", empty.toString(),
                "--private-key", TestKeys.privateKey().toString(), "--known-hosts", knownHosts(true, false).toString(),
                "--json", report.toString(), "--no-color");
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals(Map.of("app1.internal", "app1\ndeploy", "app2.internal", "app2\ndeploy"), outputs(report));
        assertEquals(1, count(log(bastion).substring(before.length()), ACCEPTED.pattern()));
    }

    @Test
    void aChangedHostKeyOfATargetBehindTheBastionIsRefused() throws Exception {
        CliRun r = runWithArgs(knownHosts(true, true));
        assertEquals(3, r.exitCode(), r::toString);
        assertTrue(r.out().contains("HOST KEY CHANGED for app1.internal:" + app1.port()), r::toString);
        assertTrue(r.out().contains("changed: [app2.internal]"), r::toString);
        assertTrue(!r.out().contains("changed: [app1.internal]"), r::toString);
    }

    @Test
    void anUnknownHostKeyOfTheBastionIsRefusedAndNothingLogsIn() throws Exception {
        String before = log(bastion);
        CliRun r = runWithArgs(knownHosts(false, false));
        assertEquals(3, r.exitCode(), r::toString);
        String expected = "jump host " + bastion.address() + ":" + bastion.port() + ": host key of " + bastion.address()
                + ":" + bastion.port() + " is not in ";
        for (String host : List.of("app1.internal", "app2.internal")) {
            assertTrue(r.out().contains("fatal: [" + host + "]: UNREACHABLE! who and where"), r::toString);
        }
        assertEquals(2, count(r.out(), Pattern.quote(expected)), r::toString);
        assertEquals(0, count(log(bastion).substring(before.length()), ACCEPTED.pattern()));
    }

    /**
     * The bastion's link turns into a black hole in the middle of a long step (packets swallowed,
     * nothing closed, as a dead WAN link or a vanished VPN): the keep-alive probes of the connections
     * through it go unanswered, every host behind it is reported unreachable at that step, nothing
     * after it runs, and the run ends (the step would otherwise wait 30 s for ever-lost output).
     */
    @Test
    @org.junit.jupiter.api.Timeout(180)
    void aBastionBlackHoledMidRunReportsEveryHostBehindItAndNoneHangs() throws Exception {
        try (FaultProxy link = FaultProxy.start(bastion.address(), bastion.address(), bastion.port())) {
            Path config = write("ssh_config", throughBastion(link.address(), link.port())
                    + "Host *\n  ServerAliveInterval 1\n  ServerAliveCountMax 3\n");
            List<String> known = new ArrayList<>(renamed(bastion, link.address(), link.port()));
            known.addAll(renamed(app1, "app1.internal", app1.port()));
            known.addAll(renamed(app2, "app2.internal", app2.port()));
            Path knownHosts = write("known_hosts", String.join("\n", known) + "\n");
            Path inventory = write("inv.yml", "all:\n  hosts:\n    app1.internal:\n    app2.internal:\n");
            Path playbook = write("long.yml", """
                    - hosts: all
                      gather_facts: false
                      tasks:
                        - name: first
                          command: cat /etc/herd-name
                        - name: long
                          shell: touch /tmp/herd-long-started; sleep 30
                        - name: after
                          command: 'true'
                    """);
            for (TestHost target : List.of(app1, app2)) {
                target.sh("rm -f /tmp/herd-long-started");
            }
            Path report = dir.resolve("black-hole.json");
            var run = java.util.concurrent.CompletableFuture.supplyAsync(() -> CliRun.of("run", playbook.toString(),
                    "-i", inventory.toString(), "-F", config.toString(), "--known-hosts", knownHosts.toString(),
                    "--json", report.toString(), "--no-color", "--no-lock"));
            for (int i = 0; i < 600 && !(started(app1) && started(app2)); i++) {
                Thread.sleep(50);
            }
            assertTrue(started(app1) && started(app2), "the long step never started on both targets");
            long holed = System.nanoTime();
            link.blackHole(true);
            CliRun r = run.get(120, java.util.concurrent.TimeUnit.SECONDS);
            long ms = (System.nanoTime() - holed) / 1_000_000;
            System.out.println("bastion black-holed: the run ended " + ms + " ms later (keep-alive 1 s x 3)");
            assertEquals(3, r.exitCode(), r::toString);
            Map<String, String> status = new HashMap<>();
            for (JsonNode step : new ObjectMapper().readTree(report.toFile()).get("steps")) {
                status.put(step.get("host").asText() + " " + step.get("task").asText(), step.get("status").asText());
            }
            assertEquals(Map.of("app1.internal first", "changed", "app2.internal first", "changed",
                    "app1.internal long", "unreachable", "app2.internal long", "unreachable"), status, r::toString);
            for (String host : List.of("app1.internal", "app2.internal")) {
                assertTrue(r.out().contains("fatal: [" + host + "]: UNREACHABLE! long"), r::toString);
            }
        }
    }

    private static boolean started(TestHost target) {
        return target.exec("test", "-e", "/tmp/herd-long-started").ok();
    }

    private CliRun runWithArgs(Path knownHosts) throws IOException {
        Path inventory = write("inv.yml", """
                all:
                  vars:
                    ansible_user: deploy
                    ansible_ssh_extra_args: -J deploy@%s:%d
                  hosts:
                    app1.internal: {ansible_port: %d}
                    app2.internal: {ansible_port: %d}
                """.formatted(bastion.address(), bastion.port(), app1.port(), app2.port()));
        return CliRun.of("run", playbook().toString(), "-i", inventory.toString(), "-F", write("empty", "").toString(),
                "--private-key", TestKeys.privateKey().toString(), "--known-hosts", knownHosts.toString(), "--no-color");
    }

    private Path playbook() throws IOException {
        return write("pb.yml", """
                - hosts: all
                  gather_facts: false
                  tasks:
                    - name: who and where
                      shell: cat /etc/herd-name; id -un
                """);
    }

    /** known_hosts with the targets under their internal names, the bastion under its address. */
    private Path knownHosts(boolean withBastion, boolean app1Changed) throws IOException {
        List<String> lines = new ArrayList<>();
        if (withBastion) {
            lines.addAll(bastion.hostKeyLines());
        }
        lines.addAll(renamed(app1Changed ? app2 : app1, "app1.internal", app1.port()));
        lines.addAll(renamed(app2, "app2.internal", app2.port()));
        return write("known_hosts", String.join("\n", lines) + "\n");
    }

    private static List<String> renamed(TestHost host, String name, int port) {
        return host.hostKeyLines().stream().map(l -> "[" + name + "]:" + port + l.substring(l.indexOf(' '))).toList();
    }

    private Map<String, String> outputs(Path report) throws IOException {
        Map<String, String> out = new HashMap<>();
        for (JsonNode step : new ObjectMapper().readTree(report.toFile()).get("steps")) {
            out.put(step.get("host").asText(), step.get("stdout").asText());
        }
        return out;
    }

    private Path write(String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, text);
        return file;
    }

    private static int count(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    /** The container's sshd log (sshd -e writes it to stderr, which Docker keeps). */
    private static String log(TestHost host) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("docker", "logs", host.containerId()).redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), "docker logs failed: " + text);
        return text;
    }
}
