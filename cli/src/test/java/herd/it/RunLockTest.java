package herd.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import herd.testbed.TestHost;
import herd.testbed.TestKeys;

/** The run lock on real OpenSSH servers: two runs at once, --break-lock, and a run ended by SIGINT. */
class RunLockTest {
    private static final List<TestHost> HOSTS = new ArrayList<>();

    @TempDir
    Path dir;

    @BeforeAll
    static void startHosts() {
        for (int i = 0; i < 2; i++) {
            HOSTS.add(TestHost.start());
        }
    }

    @AfterAll
    static void stopHosts() {
        HOSTS.forEach(TestHost::close);
    }

    @AfterEach
    void clean() {
        HOSTS.forEach(h -> h.sh("rm -rf /tmp/herd.lock /tmp/ran-*"));
    }

    private Path write(String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, text);
        return file;
    }

    private List<String> args(Path playbook, String... extra) throws IOException {
        Path inv = write("inv.yml", SshRunTest.inventory(HOSTS));
        Path knownHosts = TestHost.writeKnownHosts(dir.resolve("known_hosts"), HOSTS.toArray(TestHost[]::new));
        List<String> args = new ArrayList<>(List.of("run", playbook.toString(), "-i", inv.toString(),
                "--private-key", TestKeys.privateKey().toString(), "--known-hosts", knownHosts.toString(), "--no-color"));
        args.addAll(List.of(extra));
        return args;
    }

    private CliRun run(Path playbook, String... extra) throws IOException {
        return CliRun.of(args(playbook, extra).toArray(String[]::new));
    }

    private static boolean exists(TestHost host, String path) {
        return host.exec("test", "-e", path).ok();
    }

    /** A playbook that leaves its own marker on every host, then works a while. */
    private Path playbook(String run) throws IOException {
        return write("pb-" + run + ".yml", "- hosts: app\n  gather_facts: false\n  tasks:\n    - command: touch /tmp/ran-" + run
                + "\n    - command: sleep 3\n");
    }

    @Test
    void ofTwoRunsStartedAtOnceExactlyOneRunsAndTheOtherNamesIt() throws Exception {
        Path a = playbook("a");
        Path b = playbook("b");
        // two threads of their own (the common pool may have one), released together
        CyclicBarrier start = new CyclicBarrier(2);
        CompletableFuture<CliRun> first = new CompletableFuture<>();
        CompletableFuture<CliRun> second = new CompletableFuture<>();
        List<String> argsA = args(a);
        List<String> argsB = args(b);
        Thread.ofPlatform().start(() -> runAfter(start, argsA, first));
        Thread.ofPlatform().start(() -> runAfter(start, argsB, second));
        CliRun ra = first.get(120, TimeUnit.SECONDS);
        CliRun rb = second.get(120, TimeUnit.SECONDS);
        boolean aWon = ra.exitCode() == 0;
        CliRun winner = aWon ? ra : rb;
        CliRun loser = aWon ? rb : ra;
        assertEquals(0, winner.exitCode(), () -> ra + "\n" + rb);
        assertEquals(6, loser.exitCode(), () -> ra + "\n" + rb);
        String holder = System.getProperty("user.name") + "@" + InetAddress.getLocalHost().getHostName() + " pid "
                + ProcessHandle.current().pid();
        Pattern named = Pattern.compile("LOCKED: host h[12] is locked by " + Pattern.quote(holder)
                + " since \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ running " + Pattern.quote((aWon ? a : b).toString())
                + "; if that run is gone, run again with --break-lock\n");
        assertTrue(named.matcher(loser.out()).find(), loser::toString);
        assertTrue(loser.out().contains("nothing was run."), loser::toString);
        assertTrue(winner.out().contains("run lock taken on h1, h2"), winner::toString);
        assertTrue(winner.out().contains("run lock released on h1, h2"), winner::toString);
        for (TestHost host : HOSTS) {
            assertTrue(exists(host, "/tmp/ran-" + (aWon ? "a" : "b")), "the winner ran on " + host);
            assertTrue(!exists(host, "/tmp/ran-" + (aWon ? "b" : "a")), "the loser changed nothing on " + host);
            assertTrue(!exists(host, "/tmp/herd.lock"), "no lock left on " + host);
        }
    }

    private static void runAfter(CyclicBarrier start, List<String> args, CompletableFuture<CliRun> result) {
        try {
            start.await();
            result.complete(CliRun.of(args.toArray(String[]::new)));
        } catch (Exception e) {
            result.completeExceptionally(e);
        }
    }

    @Test
    void aLockFromAnotherControllerStopsTheRunUntilBrokenOnPurpose() throws IOException {
        TestHost h2 = HOSTS.get(1);
        h2.sh("mkdir /tmp/herd.lock && printf 'run=r1\\nuser=alice\\ncontroller=laptop\\npid=4242\\n"
                + "since=2026-11-26T02:00:00Z\\nplaybook=playbooks/rolling-restart.yml\\n' > /tmp/herd.lock/holder"
                + " && chown -R deploy /tmp/herd.lock");
        Path pb = playbook("c");
        CliRun refused = run(pb);
        assertEquals(6, refused.exitCode(), refused::toString);
        assertTrue(refused.out().contains("LOCKED: host h2 is locked by alice@laptop pid 4242 since 2026-11-26T02:00:00Z"
                + " running playbooks/rolling-restart.yml; if that run is gone, run again with --break-lock\n"), refused::toString);
        HOSTS.forEach(h -> assertTrue(!exists(h, "/tmp/ran-c"), "nothing ran on " + h));
        assertTrue(!exists(HOSTS.get(0), "/tmp/herd.lock"), "h1's lock, taken first, was released");
        assertTrue(exists(h2, "/tmp/herd.lock/holder"), "alice's lock stays");

        CliRun broke = run(pb, "--break-lock");
        assertEquals(0, broke.exitCode(), broke::toString);
        assertTrue(broke.out().contains("WARNING: broke the run lock on host h2 held by alice@laptop pid 4242 since"
                + " 2026-11-26T02:00:00Z running playbooks/rolling-restart.yml (on another controller: herd cannot tell"
                + " whether that run is gone)"), broke::toString);
        HOSTS.forEach(h -> assertTrue(exists(h, "/tmp/ran-c") && !exists(h, "/tmp/herd.lock"), h::toString));
    }

    @Test
    void noLockWithBreakLockIsABadOption() throws IOException {
        CliRun r = CliRun.of("run", playbook("d").toString(), "--no-lock", "--break-lock");
        assertEquals(5, r.exitCode(), r::toString);
        assertEquals("herd: --no-lock takes no lock, so it goes with neither --break-lock nor --lock-path\n", r.err());
    }

    @Test
    void sigintReleasesTheLocks() throws Exception {
        Path pb = write("pb-long.yml", "- hosts: app\n  gather_facts: false\n  tasks:\n    - name: long\n      command: sleep 120\n");
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElseThrow(), "-cp",
                System.getProperty("java.class.path"), "herd.cli.Main"));
        command.addAll(args(pb));
        Process herd = Foreground.process(command).redirectErrorStream(true).start();
        StringBuilder out = new StringBuilder();
        boolean lockedWhileRunning = false;
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(herd.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                out.append(line).append('\n');
                if (line.startsWith("TASK [long]")) {
                    for (TestHost host : HOSTS) {
                        waitForSleep(host);
                    }
                    lockedWhileRunning = HOSTS.stream().allMatch(h -> exists(h, "/tmp/herd.lock/holder"));
                    new ProcessBuilder("kill", "-INT", Long.toString(herd.pid())).start().waitFor();
                }
            }
        }
        assertTrue(herd.waitFor(60, TimeUnit.SECONDS), "herd must end after SIGINT");
        assertEquals(99, herd.exitValue(), out::toString);
        assertTrue(lockedWhileRunning, "every host was locked while the task ran\n" + out);
        assertTrue(out.toString().contains("run lock released on h1, h2"), out::toString);
        for (TestHost host : HOSTS) {
            assertTrue(!exists(host, "/tmp/herd.lock"), "no lock left on " + host + "\n" + out);
        }
    }

    private static void waitForSleep(TestHost host) throws InterruptedException {
        for (int i = 0; i < 600; i++) {
            if (host.exec("pgrep", "-x", "sleep").ok()) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError(host + " never started sleep");
    }
}
