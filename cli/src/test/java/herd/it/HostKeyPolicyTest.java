package herd.it;

import herd.engine.transport.HostKeyPolicy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import herd.testbed.TestHost;
import herd.testbed.TestKeys;

/** StrictHostKeyChecking yes / accept-new / no against real OpenSSH host keys. */
class HostKeyPolicyTest {
    private static final List<TestHost> HOSTS = new ArrayList<>();

    @TempDir
    Path dir;

    @BeforeAll
    static void startHosts() {
        for (int i = 0; i < 3; i++) {
            HOSTS.add(TestHost.start());
        }
    }

    @AfterAll
    static void stopHosts() {
        HOSTS.forEach(TestHost::close);
    }

    private static TestHost target() {
        return HOSTS.getFirst();
    }

    private static String where(TestHost host) {
        return host.address() + ":" + host.port();
    }

    /** The host's known_hosts line of one key type, e.g. ssh-ed25519. */
    private static String keyLine(TestHost host, String type) {
        return host.hostKeyLines().stream().filter(l -> l.split(" ")[1].equals(type)).findFirst().orElseThrow();
    }

    private static String fingerprint(String knownHostsLine) throws Exception {
        byte[] blob = Base64.getDecoder().decode(knownHostsLine.split(" ")[2]);
        return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(MessageDigest.getInstance("SHA-256").digest(blob));
    }

    /** Arguments for a run that touches {@code marker} on every host of {@code hosts}. */
    private List<String> args(List<TestHost> hosts, Path knownHosts, String marker, String... extra) throws IOException {
        StringBuilder inv = new StringBuilder("all:\n  vars:\n    ansible_user: deploy\n  hosts:\n");
        for (int i = 0; i < hosts.size(); i++) {
            inv.append("    h").append(i + 1).append(":\n      ansible_host: ").append(hosts.get(i).address())
                    .append("\n      ansible_port: ").append(hosts.get(i).port()).append('\n');
        }
        Path invFile = Files.writeString(dir.resolve("inv.yml"), inv);
        Path pb = Files.writeString(dir.resolve("pb.yml"), "- hosts: all\n  gather_facts: false\n  tasks:\n    - name: mark\n      command: touch "
                + marker + "\n");
        List<String> args = new ArrayList<>(List.of("run", pb.toString(), "-i", invFile.toString(), "--private-key",
                TestKeys.privateKey().toString(), "--known-hosts", knownHosts.toString(), "--no-color", "--no-lock"));
        args.addAll(List.of(extra));
        return args;
    }

    private CliRun run(Path knownHosts, String marker, String... extra) throws IOException {
        return CliRun.of(args(List.of(target()), knownHosts, marker, extra).toArray(String[]::new));
    }

    private static String marker() {
        return "/tmp/herd-marker-" + System.nanoTime();
    }

    private static boolean ran(TestHost host, String marker) {
        return host.exec("test", "-e", marker).exitCode() == 0;
    }

    @Test
    void anUnknownHostIsRefusedByDefaultAndNothingRuns() throws Exception {
        Path knownHosts = dir.resolve("known_hosts");
        String marker = marker();
        for (List<String> option : List.of(List.<String>of(), List.of("--host-key-checking", "yes"))) {
            CliRun r = run(knownHosts, marker, option.toArray(String[]::new));
            assertEquals(3, r.exitCode(), r::toString);
            assertTrue(r.out().contains("fatal: [h1]: UNREACHABLE! mark"), r::toString);
            assertTrue(r.out().contains("host key of " + where(target()) + " is not in " + knownHosts + " (SHA256:"), r::toString);
            assertTrue(r.out().contains("); verify it, then add it with: ssh-keyscan -p " + target().port() + " "
                    + target().address() + " >> " + knownHosts + " (or run with --host-key-checking accept-new)"), r::toString);
            assertFalse(ran(target(), marker), "nothing may run on an unknown host");
        }
        assertFalse(Files.exists(knownHosts), "yes must not write known_hosts");
    }

    @Test
    void acceptNewRunsAndAppendsTheKeyThenTheKeyIsKnown() throws Exception {
        Path knownHosts = dir.resolve("ssh/known_hosts");
        String marker = marker();
        CliRun r = run(knownHosts, marker, "--host-key-checking", "accept-new");
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(ran(target(), marker));
        List<String> lines = Files.readAllLines(knownHosts);
        assertEquals(1, lines.size(), lines::toString);
        assertTrue(target().hostKeyLines().contains(lines.getFirst()), lines + " vs " + target().hostKeyLines());

        CliRun again = run(knownHosts, marker(), "--host-key-checking", "yes");
        assertEquals(0, again.exitCode(), again::toString);
        assertEquals(lines, Files.readAllLines(knownHosts));
    }

    @Test
    void theSshConfigsStrictHostKeyCheckingAndUserKnownHostsFileAreHonoured() throws Exception {
        Path knownHosts = dir.resolve("from-config/known_hosts");
        Path config = Files.writeString(dir.resolve("ssh_config"), "Host *\n  StrictHostKeyChecking accept-new\n"
                + "  UserKnownHostsFile " + knownHosts + "\n");
        String marker = marker();
        List<String> args = new ArrayList<>(args(List.of(target()), knownHosts, marker, "-F", config.toString()));
        int at = args.indexOf("--known-hosts");
        args.remove(at + 1);
        args.remove(at);
        CliRun r = CliRun.of(args.toArray(String[]::new));
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(ran(target(), marker));
        assertEquals(1, Files.readAllLines(knownHosts).size(), "accept-new from the config added the key to its file");

        // --known-hosts given on the command line wins over the config's file; the config's policy stays
        Path given = dir.resolve("given_known_hosts");
        CliRun withFile = CliRun.of(args(List.of(target()), given, marker(), "-F", config.toString())
                .toArray(String[]::new));
        assertEquals(0, withFile.exitCode(), withFile::toString);
        assertEquals(1, Files.readAllLines(given).size(), "accept-new wrote to the --known-hosts file");
        assertEquals(1, Files.readAllLines(knownHosts).size(), "the config's file is untouched");
    }

    @Test
    void aChangedKeyIsRefusedUnderEveryPolicyWithBothFingerprintsAndTheOldLine() throws Exception {
        // known_hosts claims the target carries another host's ed25519 key
        String theirs = keyLine(HOSTS.get(1), "ssh-ed25519");
        String claimed = "[" + target().address() + "]:" + target().port() + theirs.substring(theirs.indexOf(' '));
        Path knownHosts = dir.resolve("known_hosts");
        Files.write(knownHosts, List.of("# the old key", claimed));
        String marker = marker();
        for (String policy : List.of("yes", "accept-new", "no")) {
            CliRun r = run(knownHosts, marker, "--host-key-checking", policy);
            assertEquals(3, r.exitCode(), policy + ": " + r);
            assertTrue(r.out().contains("HOST KEY CHANGED for " + where(target()) + ": the server offers "
                    + fingerprint(keyLine(target(), "ssh-ed25519")) + " but " + knownHosts + ":2 has " + fingerprint(theirs)
                    + "; someone may be intercepting the connection. Nothing was run on this host. If the host was"
                    + " reinstalled, remove line 2 of " + knownHosts + " and connect again"), policy + ": " + r);
            assertFalse(ran(target(), marker), policy + ": nothing may run behind a changed key");
        }
        assertEquals(List.of("# the old key", claimed), Files.readAllLines(knownHosts));
    }

    @Test
    void noRunsWithAnUnknownKeyAndWritesNothing() throws Exception {
        Path knownHosts = dir.resolve("known_hosts");
        String marker = marker();
        CliRun r = run(knownHosts, marker, "--host-key-checking", "no");
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(ran(target(), marker));
        assertFalse(Files.exists(knownHosts));
    }

    @Test
    void hashedHostPortEntriesAreKnown() throws Exception {
        Path knownHosts = TestHost.writeKnownHosts(dir.resolve("known_hosts"), target());
        assertTrue(Files.readString(knownHosts).startsWith("[" + target().address() + "]:" + target().port() + " "));
        ProcessBuilder hash = new ProcessBuilder("ssh-keygen", "-H", "-f", knownHosts.toString()).redirectErrorStream(true);
        Process p = hash.start();
        p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0);
        for (String line : Files.readAllLines(knownHosts)) {
            assertTrue(line.startsWith("|1|"), line);
        }
        String marker = marker();
        CliRun r = run(knownHosts, marker);
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(ran(target(), marker));
    }

    @Test
    void aRevokedKeyIsRefusedEvenUnderNo() throws Exception {
        List<String> lines = new ArrayList<>(target().hostKeyLines());
        for (String line : target().hostKeyLines()) {
            lines.add("@revoked * " + line.substring(line.indexOf(' ') + 1));
        }
        Path knownHosts = dir.resolve("known_hosts");
        Files.write(knownHosts, lines);
        String marker = marker();
        for (String policy : List.of("yes", "no")) {
            CliRun r = run(knownHosts, marker, "--host-key-checking", policy);
            assertEquals(3, r.exitCode(), policy + ": " + r);
            assertTrue(r.out().contains("host key of " + where(target()) + " (SHA256:"), r::toString);
            assertTrue(r.out().contains(") is revoked in " + knownHosts + ":"), r::toString);
            assertTrue(r.out().contains(": refused. Nothing was run on this host"), r::toString);
            assertFalse(ran(target(), marker), policy);
        }
    }

    @Test
    void ansibleHostKeyCheckingFalseIsNoAndTheOptionWinsOverIt() throws Exception {
        Path home = Files.createDirectories(dir.resolve("home"));
        Path knownHosts = dir.resolve("known_hosts");
        String marker = marker();
        CliRun r = HerdProcess.run(Map.of("ANSIBLE_HOST_KEY_CHECKING", "False"), home,
                args(List.of(target()), knownHosts, marker));
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(ran(target(), marker));
        assertFalse(Files.exists(knownHosts));

        String second = marker();
        CliRun yes = HerdProcess.run(Map.of("ANSIBLE_HOST_KEY_CHECKING", "False"), home,
                args(List.of(target()), knownHosts, second, "--host-key-checking", "yes"));
        assertEquals(3, yes.exitCode(), yes::toString);
        assertTrue(yes.out().contains("host key of " + where(target()) + " is not in "), yes::toString);
        assertFalse(ran(target(), second));
    }

    @Test
    void twoProcessesAcceptingNewKeysAtOnceWriteEachKeyOnceAndWhole() throws Exception {
        Path home = Files.createDirectories(dir.resolve("home"));
        Path knownHosts = dir.resolve("known_hosts");
        List<String> args = args(HOSTS, knownHosts, marker(), "--host-key-checking", "accept-new");
        HerdProcess one = HerdProcess.start(Map.of(), home, args);
        HerdProcess two = HerdProcess.start(Map.of(), home, args);
        CliRun first = one.await();
        CliRun second = two.await();
        assertEquals(0, first.exitCode(), first::toString);
        assertEquals(0, second.exitCode(), second::toString);
        List<String> lines = Files.readAllLines(knownHosts, StandardCharsets.UTF_8);
        assertEquals(HOSTS.size(), lines.size(), () -> String.join("\n", lines));
        assertEquals(HOSTS.size(), new HashSet<>(lines).size(), () -> String.join("\n", lines));
        for (TestHost host : HOSTS) {
            assertEquals(1, lines.stream().filter(host.hostKeyLines()::contains).count(), () -> host + " in\n" + lines);
        }
    }

    private Path keygen(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("ssh-keygen", "-q"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, command + ": " + out);
        return dir;
    }

    @Test
    void aHostCertificateSignedByAKnownCaIsAcceptedAndOneByAnotherCaIsNot() throws Exception {
        TestHost server = HOSTS.get(2);
        Path ca = dir.resolve("host_ca");
        Path otherCa = dir.resolve("other_ca");
        keygen("-t", "ed25519", "-N", "", "-f", ca.toString());
        keygen("-t", "ed25519", "-N", "", "-f", otherCa.toString());
        String hostKey = keyLine(server, "ssh-ed25519");
        Path pub = Files.writeString(dir.resolve("ssh_host_ed25519_key.pub"), hostKey.substring(hostKey.indexOf(' ') + 1) + "\n");
        keygen("-s", ca.toString(), "-I", "herd-test-host", "-h", "-n", server.address(), pub.toString());
        String cert = Files.readString(dir.resolve("ssh_host_ed25519_key-cert.pub")).strip();
        // sshd (pid 1 of the container) presents the certificate after it re-reads its configuration
        server.exec("sh", "-c", "printf '%s\\n' \"$1\" > /etc/ssh/ssh_host_ed25519_key-cert.pub"
                + " && for f in /etc/ssh/sshd_config-herd-*; do echo 'HostCertificate /etc/ssh/ssh_host_ed25519_key-cert.pub'"
                + " >> $f; done && kill -HUP 1", "sh", cert);
        String scan = "";
        // a guard against an sshd that never comes back, not a timing assertion
        for (int i = 0; i < 600 && !scan.contains("ssh-ed25519-cert-v01@openssh.com"); i++) {
            Thread.sleep(100);
            scan = server.exec("ssh-keyscan", "-c", "-p", Integer.toString(server.port()), server.address()).stdout();
        }
        assertTrue(scan.contains("ssh-ed25519-cert-v01@openssh.com"), "sshd does not present the certificate: " + scan);

        String name = "[" + server.address() + "]:" + server.port();
        Path knownHosts = dir.resolve("known_hosts");
        Files.write(knownHosts, List.of("@cert-authority " + name + " " + Files.readString(Path.of(ca + ".pub")).strip()));
        String marker = marker();
        CliRun r = CliRun.of(args(List.of(server), knownHosts, marker, "--host-key-checking", "yes").toArray(String[]::new));
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(ran(server, marker));

        Files.write(knownHosts, List.of("@cert-authority " + name + " " + Files.readString(Path.of(otherCa + ".pub")).strip()));
        String second = marker();
        CliRun refused = CliRun.of(args(List.of(server), knownHosts, second, "--host-key-checking", "yes").toArray(String[]::new));
        assertEquals(3, refused.exitCode(), refused::toString);
        assertTrue(refused.out().contains("host key of " + where(server) + " is not in " + knownHosts), refused::toString);
        assertFalse(ran(server, second));
    }
}
