package herd.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import herd.testbed.FaultProxy;
import herd.testbed.TestHost;
import herd.testbed.TestKeys;

/**
 * playbooks/rolling-restart.yml against real parts: a simulated ZEO cluster on three container
 * hosts (zeo, app1 and app2 with two clients each, slow to start, cold at first, slow to stop), a
 * real HAProxy with health checks in a fourth container (lb), and a load generator in this JVM that
 * sends requests through HAProxy for the whole run and counts every answer that is not a 200.
 * A naive restart of every client at once is the negative control: the same load must see it.
 */
class RollingRestartTest {
    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    static final String SIM = "/opt/plonesim";
    static final String HAPROXY_CFG = "/etc/haproxy/herd.cfg";
    static final String HAPROXY_PID = "/run/haproxy/herd.pid";
    static final String HAPROXY_SOCKET = "/run/haproxy/admin.sock";
    static final List<String> CLIENTS = List.of("client1", "client2");
    static final List<String> SERVERS = List.of("app1_client1", "app1_client2", "app2_client1", "app2_client2");
    private static TestHost zeo;
    private static TestHost app1;
    private static TestHost app2;
    private static TestHost lb;

    @TempDir
    Path dir;
    private Cluster cluster;
    /** Fault-injecting proxies in front of hosts' sshd: herd reaches such a host only through its link. */
    private final Map<TestHost, FaultProxy> links = new LinkedHashMap<>();

    @BeforeAll
    static void startHosts() {
        zeo = TestHost.start();
        app1 = TestHost.start();
        app2 = TestHost.start();
        lb = TestHost.start();
        for (TestHost host : List.of(zeo, app1, app2)) {
            host.copyInto(ROOT.resolve("testbed/plone"), SIM);
        }
    }

    @AfterAll
    static void stopHosts() {
        for (TestHost host : new TestHost[] {zeo, app1, app2, lb}) {
            if (host != null) {
                host.close();
            }
        }
    }

    /** Stops what the test started, by pid: HAProxy, the clients and the zeoserver of its buildout. */
    @AfterEach
    void stopClusterAndHaproxy() {
        links.values().forEach(FaultProxy::close);
        links.clear();
        lb.exec("sh", "-c", "[ -f " + HAPROXY_PID + " ] && kill $(cat " + HAPROXY_PID + "); rm -f " + HAPROXY_PID);
        if (cluster != null) {
            for (TestHost host : List.of(zeo, app1, app2)) {
                host.exec("sh", "-c", "for f in " + cluster.buildout() + "/var/*.pid; do [ -f \"$f\" ] && kill $(cat \"$f\"); done; true");
            }
        }
    }

    // ---- the tests --------------------------------------------------------------------------

    @Test
    void aRollingRestartUnderLoadLosesNoRequest() throws Exception {
        cluster = startCluster("rolling");
        Map<String, String> before = pids();

        Load.Result load;
        CliRun run;
        try (Load l = Load.start(frontend())) {
            run = play(ROOT.resolve("playbooks/rolling-restart.yml"));
            load = l.stop();
        }
        System.out.println("rolling restart: " + load);

        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(load.stoppedByPlaybook(), "the load must last as long as the playbook: " + load);
        assertTrue(load.total() >= 100, "too little load to prove anything: " + load);
        assertEquals(0, load.failed(), "requests failed during the rolling restart: " + load + "\n" + run);
        JsonNode report = report();
        assertEquals("[]", report.get("out_of_pool").toString(), "every client is back in the pool");
        assertFalse(run.out().contains("LEFT OUT OF THE LOAD BALANCER"), run::toString);
        assertTrue(run.out().contains("OUT OF THE POOL (time each load-balancer server was out during this run):"),
                run::toString);
        for (String server : SERVERS) {
            assertTrue(report.get("time_out_of_pool_ms").path("plone/" + server).asLong() > 0,
                    server + " must have a time out of the pool: " + report.get("time_out_of_pool_ms"));
        }

        Map<String, String> after = pids();
        for (String server : SERVERS) {
            assertNotEquals(before.get(server), after.get(server), server + " must run a new process");
            assertTrue(load.answered(server, before.get(server)),
                    "the load must have reached " + server + " before its restart: " + load);
        }
        for (String server : SERVERS.subList(0, SERVERS.size() - 1)) {
            assertTrue(load.answered(server, after.get(server)),
                    server + " must take load again while the clients after it restart: " + load);
        }
        assertEquals(allUp(), haproxyStatus(), "every server is back in the pool");
        assertDirectPagesServedBy(after);

        List<JsonNode> steps = steps();
        int previousEnable = -1;
        for (String host : List.of("app1", "app2")) {
            for (String client : CLIENTS) {
                int drain = stepIndex(steps, host, client + " | drain and disable it in HAProxy", "changed");
                int stop = stepIndex(steps, host, client + " | stop it", "changed");
                int start = stepIndex(steps, host, client + " | start it", "changed");
                int enable = stepIndex(steps, host, client + " | enable it in HAProxy", "changed");
                assertTrue(previousEnable < drain && drain < stop && stop < start && start < enable,
                        host + " " + client + ": one client at a time, drained before its stop, enabled after its start: "
                                + List.of(previousEnable, drain, stop, start, enable));
                previousEnable = enable;
                // Zero failures alone does not show the drain: HAProxy's checks and redispatch hide a plain
                // serial restart too. These show HAProxy kept the client out from its drain to its enable.
                String server = host + "_" + client;
                Instant drained = end(steps.get(drain));
                Instant enabled = Instant.parse(steps.get(enable).get("start").asText());
                assertTrue(load.lastSent(server, before.get(server)).isBefore(drained),
                        server + ": the old process answered a request sent after its drain step ended at " + drained
                                + ": last sent " + load.lastSent(server, before.get(server)));
                assertTrue(load.firstReceived(server, after.get(server)).map(t -> t.isAfter(enabled)).orElse(true),
                        server + ": the new process answered through HAProxy before its enable step started at " + enabled
                                + ": first answer " + load.firstReceived(server, after.get(server)));
            }
        }
    }

    /**
     * A WAN link to every host: 100 ms each way with 20 ms of jitter on every SSH connection (the
     * start of the cluster included). The roll is slower, and nobody notices: no request fails.
     */
    @Test
    void aRollOverA100msLinkWithJitterLosesNoRequest() throws Exception {
        linkEveryHost();
        links.values().forEach(link -> link.latency(Duration.ofMillis(100), Duration.ofMillis(20)));
        cluster = startCluster("latency");
        Map<String, String> before = pids();
        Load.Result load;
        CliRun run;
        long t0 = System.nanoTime();
        try (Load l = Load.start(frontend())) {
            run = play(ROOT.resolve("playbooks/rolling-restart.yml"));
            load = l.stop();
        }
        System.out.printf("rolling restart over 100 ms +- 20 ms links: %d ms, %s, %d connections, %d bytes forwarded%n",
                (System.nanoTime() - t0) / 1_000_000, load, links.values().stream().mapToLong(FaultProxy::connections).sum(),
                links.values().stream().mapToLong(FaultProxy::bytesForwarded).sum());
        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(load.stoppedByPlaybook(), "the load must last as long as the playbook: " + load);
        assertEquals(0, load.failed(), "requests failed during the roll over a slow link: " + load + "\n" + run);
        assertEquals(allUp(), haproxyStatus(), "every server is back in the pool");
        Map<String, String> after = pids();
        for (String server : SERVERS) {
            assertNotEquals(before.get(server), after.get(server), server + " must run a new process");
        }
        assertTrue(links.values().stream().allMatch(link -> link.connections() > 0), "herd went around a link");
    }

    /**
     * app2 vanishes in the middle of the roll without closing anything (its link black-holed right
     * after its first client was drained): the keep-alive probes (1 s, 3 missed) declare it
     * unreachable, the roll stops, the report names app2 and the step, the drained client is listed
     * loudly as out of the pool, and the cluster serves on the other three clients: N-1, no failed request.
     */
    @Test
    @org.junit.jupiter.api.Timeout(300)
    void aHostBlackHoledMidRollIsUnreachableTheRollStopsAndTheClusterServesOnTheRest() throws Exception {
        cluster = startCluster("blackhole");
        links.put(app2, FaultProxy.start(app2.address(), app2.address(), app2.port()));
        Path config = dir.resolve("ssh_config");
        Files.writeString(config, "Host *\n  ServerAliveInterval 1\n  ServerAliveCountMax 3\n  ConnectTimeout 5\n");
        Load.Result load;
        CliRun run;
        long holed;
        try (Load l = Load.start(frontend())) {
            var roll = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                try {
                    return play(ROOT.resolve("playbooks/rolling-restart.yml"), "-F", config.toString());
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            // app2's client1 drained and disabled in HAProxy: the next step, its stop, goes to app2
            for (int i = 0; i < 2400 && !"MAINT".equals(haproxyStatus().get("app2_client1")) && !roll.isDone(); i++) {
                Thread.sleep(25);
            }
            assertEquals("MAINT", haproxyStatus().get("app2_client1"), "the roll never drained app2's client1");
            holed = System.nanoTime();
            links.get(app2).blackHole(true);
            run = roll.get(240, java.util.concurrent.TimeUnit.SECONDS);
            System.out.println("app2 black-holed: the run ended " + (System.nanoTime() - holed) / 1_000_000 + " ms later");
            load = l.stop();
        }
        System.out.println("roll with app2 black-holed: " + load);
        // app2's run lock could not be removed, and the run said so with what to type; the link is
        // back, so do what it says (the other tests use these hosts too)
        boolean lockLeft = app2.exec("test", "-d", "/tmp/herd.lock").ok();
        app2.exec("rm", "-rf", "/tmp/herd.lock");
        assertTrue(lockLeft, "app2 was unreachable when the run released its lock: " + run);
        assertTrue(run.out().contains("WARNING: host app2: could not remove the run lock /tmp/herd.lock")
                && run.out().contains("remove it with rm -rf /tmp/herd.lock once no run is going"), run::toString);
        assertEquals(3, run.exitCode(), run::toString);
        assertEquals(0, load.failed(), "requests failed while app2 vanished: " + load + "\n" + run);
        List<JsonNode> steps = steps();
        JsonNode lost = steps.stream().filter(s -> s.get("host").asText().equals("app2")
                && s.get("status").asText().equals("unreachable")).findFirst().orElseThrow(() -> new AssertionError(
                "no unreachable step of app2: " + run));
        assertTrue(lost.get("task").asText().startsWith("client1 | "), lost::toString);
        assertTrue(run.out().contains("fatal: [app2]: UNREACHABLE! " + lost.get("task").asText()), run::toString);
        assertTrue(run.out().contains("!!! LEFT OUT OF THE LOAD BALANCER by this run") && run.out().contains("!!!   plone/app2_client1: MAINT"), run::toString);
        assertEquals("[\"plone/app2_client1: MAINT\"]", report().get("out_of_pool").toString());
        Map<String, String> status = haproxyStatus();
        for (String server : List.of("app1_client1", "app1_client2", "app2_client2")) {
            assertEquals("UP", status.get(server), "the cluster must serve at N-1: " + status);
        }
        assertFalse(steps.stream().anyMatch(s -> s.get("task").asText().startsWith("client2 | ")
                && s.get("host").asText().equals("app2")), "the roll must stop at app2's client1");
    }

    /** How many rolls the night of rolls does; -Dherd.soak.rolls=N for a longer night outside CI. */
    static final int NIGHT_ROLLS = Integer.getInteger("herd.soak.rolls", 25);

    /**
     * A night of rolls: {@link #NIGHT_ROLLS} rolling restarts one after another, each under load, in
     * one controller process. Each must lose no request and give every client a new process; and
     * nothing may pile up: on the hosts no process, open file, temporary file or lock folder more
     * than before; in this process no file descriptor or platform thread more, and the heap flat.
     */
    @Test
    void aNightOfRollsLosesNoRequestAndLeaksNothing() throws Exception {
        cluster = startCluster("night", true);
        Map<TestHost, String> hostsBefore = new LinkedHashMap<>();
        for (TestHost host : List.of(zeo, app1, app2, lb)) {
            hostsBefore.put(host, settled(host));
        }
        long requests = 0;
        long failed = 0;
        long fdsAfterFirst = 0;
        long threadsAfterFirst = 0;
        long heapAfterFirst = 0;
        for (int roll = 1; roll <= NIGHT_ROLLS; roll++) {
            Map<String, String> before = pids();
            Load.Result load;
            CliRun run;
            try (Load l = Load.start(frontend())) {
                run = play(ROOT.resolve("playbooks/rolling-restart.yml"));
                load = l.stop();
            }
            int n = roll;
            assertEquals(0, run.exitCode(), () -> "roll " + n + ": " + run);
            assertEquals(0, load.failed(), "roll " + n + " lost requests: " + load);
            requests += load.total();
            failed += load.failed();
            Map<String, String> after = pids();
            for (String server : SERVERS) {
                assertNotEquals(before.get(server), after.get(server), "roll " + n + ": " + server + " kept its process");
            }
            if (roll == 1) {
                fdsAfterFirst = openFiles();
                threadsAfterFirst = java.lang.management.ManagementFactory.getThreadMXBean().getThreadCount();
                heapAfterFirst = usedHeap();
            }
        }
        long fds = openFiles();
        long threads = java.lang.management.ManagementFactory.getThreadMXBean().getThreadCount();
        long heap = usedHeap();
        System.out.printf("night of rolls: %d rolls, %d requests, %d failed; controller fds %d -> %d, threads %d -> %d,"
                        + " heap %d -> %d KB%n", NIGHT_ROLLS, requests, failed, fdsAfterFirst, fds, threadsAfterFirst, threads,
                heapAfterFirst / 1024, heap / 1024);
        assertEquals(0, failed);
        assertTrue(fds <= fdsAfterFirst + 2, "file descriptors pile up in the controller: " + fdsAfterFirst + " -> " + fds);
        assertTrue(threads <= threadsAfterFirst + 2, "threads pile up in the controller: " + threadsAfterFirst + " -> " + threads);
        assertTrue(heap < heapAfterFirst + 32L * 1024 * 1024, "the heap grows: " + heapAfterFirst + " -> " + heap);
        for (TestHost host : hostsBefore.keySet()) {
            String now = "";
            for (int i = 0; i < 50; i++) {
                now = leftovers(host);
                if (!grew(hostsBefore.get(host), now)) {
                    break;
                }
                Thread.sleep(200);
            }
            System.out.println("night of rolls, " + host.address() + ": before " + hostsBefore.get(host).replace('\n', ',')
                    + "; after " + now.replace('\n', ','));
            assertFalse(grew(hostsBefore.get(host), now), host.address() + ": something was left on the host: before "
                    + hostsBefore.get(host) + ", after " + now);
        }
    }

    /**
     * The leftovers once they stand still: the processes of an earlier test (its clients stopping, its
     * sshd sessions closing) take a few seconds to end. Two equal counts a second apart, at most 20 s.
     */
    private static String settled(TestHost host) throws InterruptedException {
        String last = leftovers(host);
        for (int i = 0; i < 20; i++) {
            Thread.sleep(1000);
            String now = leftovers(host);
            if (now.equals(last)) {
                return now;
            }
            last = now;
        }
        return last;
    }

    /** Whether any count of {@link #leftovers} is higher in {@code after}, or a lock is left. */
    private static boolean grew(String before, String after) {
        List<String> b = before.lines().toList();
        List<String> a = after.lines().toList();
        if (a.size() != b.size()) {
            return true;
        }
        for (int i = 0; i < a.size(); i++) {
            String[] wb = b.get(i).split(" ");
            String[] wa = a.get(i).split(" ");
            String last = wa[wa.length - 1];
            if (last.matches("\\d+") ? Long.parseLong(last) > Long.parseLong(wb[wb.length - 1]) : !a.get(i).equals(b.get(i))) {
                return true;
            }
        }
        return false;
    }

    /** What a run could leave on a host: processes, open files of all processes, files in the temporary folders, a lock. */
    private static String leftovers(TestHost host) {
        return host.sh("echo processes $(ps -e --no-headers | grep -v -e ' ps$' -e ' sh$' -e ' grep$' | wc -l);"
                + " echo open files $(for p in /proc/[0-9]*; do [ \"$p\" = /proc/$$ ] || ls $p/fd 2>/dev/null; done | wc -l);"
                + " echo temporary files $(find /tmp /var/tmp /home/deploy /root -xdev 2>/dev/null | grep -v '/.cache' | wc -l);"
                + " echo lock $(test -e /tmp/herd.lock && echo left || echo none)").strip();
    }

    private static long openFiles() throws IOException {
        try (var fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }

    private static long usedHeap() throws InterruptedException {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return rt.totalMemory() - rt.freeMemory();
    }

    @Test
    void theCapacityGuardTakesNoClientOutWhileAnotherServerIsDown() throws Exception {
        cluster = startCluster("guard");
        Map<String, String> before = pids();
        lb.sh("echo 'set server plone/app2_client2 state maint' | socat stdio " + HAPROXY_SOCKET);

        CliRun run = play(ROOT.resolve("playbooks/rolling-restart.yml"));

        assertEquals(2, run.exitCode(), run::toString);
        assertTrue(run.out().contains("not taking client1 out: servers not UP in plone: app2_client2"), run::toString);
        assertEquals(before, pids(), "no client may be restarted");
        Map<String, String> pool = haproxyStatus();
        for (String server : List.of("app1_client1", "app1_client2", "app2_client1")) {
            assertEquals("UP", pool.get(server), server + " keeps serving: " + pool);
        }
        assertEquals("[]", report().get("out_of_pool").toString(), "herd took nothing out");
        lb.sh("echo 'set server plone/app2_client2 state ready' | socat stdio " + HAPROXY_SOCKET);
    }

    @Test
    void restartingEveryClientAtOnceIsSeenByTheLoad() throws Exception {
        cluster = startCluster("naive");
        Map<String, String> before = pids();
        Path naive = dir.resolve("naive-restart.yml");
        Files.writeString(naive, """
                - name: Restart every client at once, HAProxy left alone
                  hosts: clients
                  gather_facts: false
                  tasks:
                    - name: restart the clients
                      command: bin/{{ item.name }} restart
                      args:
                        chdir: "{{ plone_buildout }}"
                      become: true
                      become_user: plone_daemon
                      loop: "{{ plone_clients }}"
                      loop_control:
                        label: "{{ item.name }}"
                """);

        Load.Result load;
        CliRun run;
        try (Load l = Load.start(frontend())) {
            run = play(naive);
            load = l.stop();
        }
        System.out.println("naive restart: " + load);

        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(load.stoppedByPlaybook(), "the load must last as long as the playbook: " + load);
        assertTrue(load.total() >= 100, "too little load to prove anything: " + load);
        Map<String, String> after = pids();
        for (String server : SERVERS) {
            assertNotEquals(before.get(server), after.get(server), server + " must run a new process");
        }
        assertTrue(load.failed() > 0, "the load must see the downtime of a restart of every client at once: " + load);
    }

    @Test
    void aClientThatDoesNotComeBackStopsTheRollAndStaysOutOfThePool() throws Exception {
        cluster = startCluster("failing");
        Map<String, String> before = pids();
        // Only the restart fails: the running client2 read its config when it started.
        app1.sh("sed -i '/^\\[client2\\]/,/^\\[/ s/^fail-start = .*/fail-start = true/' "
                + cluster.buildout() + "/etc/cluster.cfg && grep -q '^fail-start = true' " + cluster.buildout() + "/etc/cluster.cfg");

        Load.Result load;
        CliRun run;
        try (Load l = Load.start(frontend())) {
            run = play(ROOT.resolve("playbooks/rolling-restart.yml"));
            load = l.stop();
        }
        System.out.println("failing client: " + load);

        assertEquals(2, run.exitCode(), run::toString);
        assertTrue(load.stoppedByPlaybook(), "the load must last as long as the playbook: " + load);
        assertTrue(load.total() >= 100, "too little load to prove anything: " + load);
        assertEquals(0, load.failed(), "requests failed while client2 was out: " + load + "\n" + run);
        assertTrue(run.out().contains("fatal: [app1]"), run::toString);
        assertTrue(run.out().contains("!!! LEFT OUT OF THE LOAD BALANCER by this run"), run::toString);
        assertTrue(run.out().contains("!!!   plone/app1_client2: MAINT"), run::toString);
        assertEquals("[\"plone/app1_client2: MAINT\"]", report().get("out_of_pool").toString());

        List<JsonNode> steps = steps();
        JsonNode failed = steps.get(stepIndex(steps, "app1", "client2 | start it", "failed"));
        assertTrue(failed.get("stderr").asText().contains("fail-start"), failed::toString);
        stepIndex(steps, "app1", "client1 | enable it in HAProxy", "changed");
        for (JsonNode step : steps) {
            assertFalse(step.get("host").asText().equals("app2"), "the roll must stop before app2: " + step);
            assertFalse(step.get("host").asText().equals("app1") && step.get("task").asText().startsWith("client2 | enable"),
                    "a client that did not start must not be enabled: " + step);
        }

        Map<String, String> after = pids();
        assertNotEquals(before.get("app1_client1"), after.get("app1_client1"), "app1 client1 was restarted");
        assertEquals(before.get("app2_client1"), after.get("app2_client1"), "app2 client1 must not be restarted");
        assertEquals(before.get("app2_client2"), after.get("app2_client2"), "app2 client2 must not be restarted");

        for (String server : SERVERS) {
            assertTrue(load.answered(server, before.get(server)), "the load must have reached " + server + ": " + load);
        }

        Map<String, String> pool = haproxyStatus();
        assertTrue(pool.get("app1_client2").matches("(MAINT|DRAIN|DOWN).*"), "client2 stays out of the pool: " + pool);
        for (String server : List.of("app1_client1", "app2_client1", "app2_client2")) {
            assertEquals("UP", pool.get(server), server + " keeps serving: " + pool);
        }
    }

    @Test
    void aSigintMidRollLetsTheRunningStepFinishPutsTheClientBackAndExits99() throws Exception {
        cluster = startCluster("interrupt");
        Map<String, String> before = pids();
        Path knownHosts = TestHost.writeKnownHosts(dir.resolve("known_hosts"), zeo, app1, app2, lb);
        String javaCommand = ProcessHandle.current().info().command().orElseThrow();
        Load.Result load;
        StringBuilder out = new StringBuilder();
        Process herd;
        try (Load l = Load.start(frontend())) {
            herd = Foreground.process(List.of(javaCommand, "-cp", System.getProperty("java.class.path"), "herd.cli.Main",
                    "run", ROOT.resolve("playbooks/rolling-restart.yml").toString(), "-i", inventory().toString(),
                    "--private-key", TestKeys.privateKey().toString(), "--known-hosts", knownHosts.toString(),
                    "--no-color", "--json", dir.resolve("report.json").toString()))
                    .redirectErrorStream(true).start();
            try (java.io.BufferedReader reader = new java.io.BufferedReader(new java.io.InputStreamReader(
                    herd.getInputStream(), java.nio.charset.StandardCharsets.UTF_8))) {
                String line;
                boolean sent = false;
                while ((line = reader.readLine()) != null) {
                    out.append(line).append('\n');
                    // client1 of app1 is running again but still disabled, and its warmup step has
                    // started (its banner comes before its command; the warmup takes seconds)
                    if (!sent && line.startsWith("TASK [client1 | request the warmup pages")) {
                        new ProcessBuilder("kill", "-INT", Long.toString(herd.pid())).start().waitFor();
                        sent = true;
                    }
                }
            }
            assertTrue(herd.waitFor(120, java.util.concurrent.TimeUnit.SECONDS), "herd must end after SIGINT");
            load = l.stop();
        }
        System.out.println("interrupted roll: " + load);
        assertEquals(99, herd.exitValue(), out::toString);
        assertTrue(out.toString().contains("herd: interrupted: no new step starts"), out::toString);
        assertTrue(out.toString().contains("put plone/app1_client1 back into the load balancer after the interrupt"),
                out::toString);
        assertFalse(out.toString().contains("LEFT OUT OF THE LOAD BALANCER"), out::toString);
        assertEquals(0, load.failed(), "requests failed during the interrupted roll: " + load + "\n" + out);
        assertEquals("[]", report().get("out_of_pool").toString());
        assertEquals(allUp(), haproxyStatus(), "every server is back in the pool");

        List<JsonNode> steps = steps();
        stepIndex(steps, "app1", "client1 | request the warmup pages", "ok");
        for (JsonNode step : steps) {
            assertFalse(step.get("task").asText().contains("client1 | enable it in HAProxy"),
                    "no new step may start after the interrupt: " + step);
            assertFalse(step.get("host").asText().equals("app2"), "the roll must stop before app2: " + step);
        }
        Map<String, String> after = pids();
        assertNotEquals(before.get("app1_client1"), after.get("app1_client1"), "app1 client1 was restarted");
        for (String server : List.of("app1_client2", "app2_client1", "app2_client2")) {
            assertEquals(before.get(server), after.get(server), server + " must not be restarted");
        }
    }

    /**
     * The controller dies: herd is killed with SIGKILL right after it stopped a client (drained and
     * disabled in HAProxy, the process down), so nothing of herd's own can clean up. The run lock is
     * left on every host. The operator runs it again with --resume and --break-lock: the dead run's
     * lock is recognized as dead (its pid on this controller is gone) and removed, the stopped
     * client is started and put back, and the roll goes on. One load runs across both runs.
     */
    @Test
    void aRollKilledWithSigkillIsResumedWithBreakLockAndLosesNoRequest() throws Exception {
        cluster = startCluster("killed");
        Map<String, String> before = pids();
        Path knownHosts = TestHost.writeKnownHosts(dir.resolve("known_hosts"), zeo, app1, app2, lb);
        String javaCommand = ProcessHandle.current().info().command().orElseThrow();
        Path journal = dir.resolve("killed.jsonl");
        Load.Result load;
        StringBuilder out = new StringBuilder();
        CliRun resumed;
        Map<String, String> whileDead;
        String lockWhileDead;
        try (Load l = Load.start(frontend())) {
            Process herd = new ProcessBuilder(List.of(javaCommand, "-cp", System.getProperty("java.class.path"),
                    "herd.cli.Main", "run", ROOT.resolve("playbooks/rolling-restart.yml").toString(),
                    "-i", inventory().toString(), "--private-key", TestKeys.privateKey().toString(),
                    "--known-hosts", knownHosts.toString(), "--no-color", "--journal", journal.toString()))
                    .redirectErrorStream(true).start();
            boolean killed = false;
            try (java.io.BufferedReader reader = new java.io.BufferedReader(new java.io.InputStreamReader(
                    herd.getInputStream(), java.nio.charset.StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    out.append(line).append('\n');
                    if (!killed && line.contains("[app1] client1 | stop it")) {
                        // a real SIGKILL; Process.destroyForcibly would also close our end of its output
                        new ProcessBuilder("kill", "-KILL", Long.toString(herd.pid())).start().waitFor();
                        killed = true;
                    }
                }
            }
            assertTrue(herd.waitFor(60, java.util.concurrent.TimeUnit.SECONDS), "herd must die on SIGKILL");
            assertTrue(killed, () -> "the roll never stopped client1: " + out);
            assertEquals(137, herd.exitValue(), out::toString);
            whileDead = haproxyStatus();
            lockWhileDead = app1.sh("cat /tmp/herd.lock/holder");

            CliRun refused = play(ROOT.resolve("playbooks/rolling-restart.yml"), "--resume", journal.toString());
            assertEquals(6, refused.exitCode(), refused::toString);
            assertTrue(refused.out().contains("if that run is gone, run again with --break-lock"), refused::toString);

            resumed = play(ROOT.resolve("playbooks/rolling-restart.yml"), "--resume", journal.toString(), "--break-lock",
                    "--journal", dir.resolve("resumed.jsonl").toString());
            load = l.stop();
        }
        System.out.println("killed and resumed roll: " + load);
        assertEquals("MAINT", whileDead.get("app1_client1"), "the killed run left client1 out: " + whileDead);
        assertTrue(lockWhileDead.contains("pid="), "the killed run left its lock: " + lockWhileDead);
        assertEquals(0, resumed.exitCode(), resumed::toString);
        assertTrue(resumed.out().contains("broke the run lock") || resumed.err().contains("broke the run lock"),
                resumed::toString);
        assertEquals(0, load.failed(), "requests failed across the killed and the resumed run: " + load + "\n" + out);
        assertEquals(allUp(), haproxyStatus(), "every server is back in the pool");
        assertEquals("[]", report().get("out_of_pool").toString());
        assertFalse(app1.exec("test", "-e", "/tmp/herd.lock").ok(), "the resumed run released its lock");
        List<JsonNode> steps = steps();
        JsonNode stop = steps.get(stepIndex(steps, "app1", "client1 | stop it", "changed"));
        assertEquals("done by the run this one resumes", stop.get("msg").asText(), stop::toString);
        stepIndex(steps, "app1", "client1 | start it", "changed");
        Map<String, String> after = pids();
        for (String server : SERVERS) {
            assertNotEquals(before.get(server), after.get(server), server + " must be restarted once the roll is done");
        }
        assertDirectPagesServedBy(after);
    }

    @Test
    void aBrokenRollResumedFromItsJournalGoesOnAtTheClientWhereItStopped() throws Exception {
        cluster = startCluster("resume");
        Map<String, String> before = pids();
        String config = cluster.buildout() + "/etc/cluster.cfg";
        app1.sh("sed -i '/^\\[client2\\]/,/^\\[/ s/^fail-start = .*/fail-start = true/' " + config);
        String journal = dir.resolve("roll.jsonl").toString();
        CliRun broken = play(ROOT.resolve("playbooks/rolling-restart.yml"), "--journal", journal);
        assertEquals(2, broken.exitCode(), broken::toString);
        assertTrue(broken.err().contains("herd: to go on where this run stopped, run it again with --resume " + journal),
                broken::toString);
        Map<String, String> afterBroken = pids();

        app1.sh("sed -i '/^\\[client2\\]/,/^\\[/ s/^fail-start = .*/fail-start = false/' " + config);
        CliRun resumed = play(ROOT.resolve("playbooks/rolling-restart.yml"), "--resume", journal,
                "--journal", dir.resolve("resumed.jsonl").toString());
        assertEquals(0, resumed.exitCode(), resumed::toString);
        Map<String, String> after = pids();
        assertEquals(afterBroken.get("app1_client1"), after.get("app1_client1"),
                "app1 client1 was restarted by the broken run and must not be restarted again");
        for (String server : List.of("app1_client2", "app2_client1", "app2_client2")) {
            assertNotEquals(before.get(server), after.get(server), server + " must be restarted by the resumed run");
        }
        assertEquals(allUp(), haproxyStatus(), "every server is back in the pool");
        List<JsonNode> steps = steps();
        JsonNode resumedStop = steps.get(stepIndex(steps, "app1", "client2 | stop it", "changed"));
        assertEquals("done by the run this one resumes", resumedStop.get("msg").asText(),
                "client2 was stopped by the broken run: " + resumedStop);
        JsonNode start = steps.get(stepIndex(steps, "app1", "client2 | start it", "changed"));
        assertTrue(start.get("msg").isNull() || !start.get("msg").asText().startsWith("done by"),
                "client2's start failed in the broken run, so it runs again: " + start);
        stepIndex(steps, "app2", "client1 | start it", "changed");
    }

    // ---- the cluster ------------------------------------------------------------------------

    /** A cluster laid out on the hosts: one buildout per host, ports free on each address, the frontend on lb. */
    record Cluster(String name, String buildout, int zeoPort, int[] app1Ports, int[] app2Ports, int frontendPort) {
        int port(String server) {
            int[] ports = server.startsWith("app1") ? app1Ports : app2Ports;
            return ports[server.endsWith("client1") ? 0 : 1];
        }
    }

    Cluster startCluster(String name) throws Exception {
        return startCluster(name, false);
    }

    /** A cluster; {@code quick}: clients that start, stop and warm up in fractions of a second (for many rolls). */
    Cluster startCluster(String name, boolean quick) throws Exception {
        String buildout = "/var/db/plone/" + name;
        int[] p1 = {TestHost.freePort(app1.address()), 0};
        p1[1] = p1[0] + 1;
        int[] p2 = {TestHost.freePort(app2.address()), 0};
        p2[1] = p2[0] + 1;
        Cluster c = new Cluster(name, buildout, TestHost.freePort(zeo.address()), p1, p2, TestHost.freePort(lb.address()));
        makeBuildout(zeo, c, 0, 0, quick);
        makeBuildout(app1, c, 2, p1[0], quick);
        makeBuildout(app2, c, 2, p2[0], quick);
        startHaproxy(c);
        cluster = c;
        CliRun start = play(ROOT.resolve("playbooks/start-cluster.yml"));
        assertEquals(0, start.exitCode(), start::toString);
        awaitAllUp();
        return c;
    }

    private static void makeBuildout(TestHost host, Cluster c, int clients, int basePort, boolean quick) {
        StringBuilder cmd = new StringBuilder("sh " + SIM + "/make-buildout.sh " + c.buildout()
                + " --clients " + clients + " --zeo-address " + zeo.address() + " --zeo-port " + c.zeoPort()
                + " --http-address " + host.address() + " --owner plone_daemon --python /usr/bin/python3");
        if (clients > 0) {
            cmd.append(" --base-port ").append(basePort)
                    .append(quick
                            ? " --set clients.http-fast-listen=on --set clients.startup-seconds=0.5"
                            + " --set clients.cold-requests=1 --set clients.cold-seconds=0.2 --set clients.stop-seconds=0.5"
                            : " --set clients.http-fast-listen=on --set clients.startup-seconds=2"
                            + " --set clients.cold-requests=3 --set clients.cold-seconds=1 --set clients.stop-seconds=3");
        }
        host.sh("rm -rf " + c.buildout() + " && " + cmd);
    }

    /** HAProxy on lb: a frontend on lb's own address, backend 'plone' with the four clients, health checked. */
    private void startHaproxy(Cluster c) throws IOException {
        StringBuilder cfg = new StringBuilder("""
                global
                    stats socket %s mode 600 level admin
                    stats timeout 30s

                defaults
                    mode http
                    retries 3
                    option redispatch
                    timeout connect 2s
                    timeout client 30s
                    timeout server 30s
                    # a cold client needs a second for a page; 'inter' alone would be the check timeout
                    timeout check 5s

                frontend www
                    bind %s:%d
                    default_backend plone

                backend plone
                    balance roundrobin
                    option httpchk GET /
                    http-check expect status 200
                    # which server answered: the pids alone are ambiguous, each container has its own
                    http-response set-header X-Herd-Server %%s
                """.formatted(HAPROXY_SOCKET, lb.address(), c.frontendPort()));
        for (String server : SERVERS) {
            TestHost host = server.startsWith("app1") ? app1 : app2;
            cfg.append("    server ").append(server).append(' ').append(host.address()).append(':').append(c.port(server))
                    .append(" check inter 500 fall 2 rise 2\n");
        }
        Path local = dir.resolve("haproxy.cfg");
        Files.writeString(local, cfg);
        lb.copyInto(local, HAPROXY_CFG);
        lb.sh("mkdir -p /run/haproxy && haproxy -c -q -f " + HAPROXY_CFG
                + " && haproxy -D -f " + HAPROXY_CFG + " -p " + HAPROXY_PID);
    }

    /** Server name to status ("UP", "DOWN", "MAINT", "DRAIN", ...) of backend plone, from the runtime API. */
    static Map<String, String> haproxyStatus() {
        String csv = lb.sh("echo 'show stat' | socat stdio " + HAPROXY_SOCKET);
        String[] lines = csv.strip().split("\n");
        List<String> header = List.of(lines[0].replaceFirst("^# ", "").split(","));
        int px = header.indexOf("pxname");
        int sv = header.indexOf("svname");
        int status = header.indexOf("status");
        Map<String, String> servers = new TreeMap<>();
        for (int i = 1; i < lines.length; i++) {
            String[] f = lines[i].split(",", -1);
            if (f.length > status && f[px].equals("plone") && !f[sv].equals("BACKEND")) {
                servers.put(f[sv], f[status]);
            }
        }
        return servers;
    }

    static Map<String, String> allUp() {
        Map<String, String> up = new TreeMap<>();
        SERVERS.forEach(s -> up.put(s, "UP"));
        return up;
    }

    static void awaitAllUp() throws InterruptedException {
        Map<String, String> status = Map.of();
        for (int i = 0; i < 150; i++) {
            status = haproxyStatus();
            if (status.equals(allUp())) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("HAProxy does not report every server UP: " + status);
    }

    /** Server name to the pid in its client's pid file. */
    Map<String, String> pids() {
        Map<String, String> pids = new LinkedHashMap<>();
        for (String server : SERVERS) {
            TestHost host = server.startsWith("app1") ? app1 : app2;
            String client = server.substring(server.indexOf('_') + 1);
            TestHost.ExecResult r = host.exec("cat", cluster.buildout() + "/var/" + client + ".pid");
            pids.put(server, r.ok() ? r.stdout().strip() : "none");
        }
        return pids;
    }

    void assertDirectPagesServedBy(Map<String, String> pids) throws Exception {
        try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
            for (String server : SERVERS) {
                TestHost host = server.startsWith("app1") ? app1 : app2;
                HttpResponse<String> page = http.send(HttpRequest.newBuilder(
                                URI.create("http://" + host.address() + ":" + cluster.port(server) + "/"))
                        .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(200, page.statusCode(), server + ": " + page.body());
                assertTrue(page.body().contains(" pid " + pids.get(server) + "<"), server + ": " + page.body());
            }
        }
    }


    URI frontend() {
        return URI.create("http://" + lb.address() + ":" + cluster.frontendPort() + "/");
    }

    // ---- herd -------------------------------------------------------------------------------

    Path inventory() throws IOException {
        Cluster c = cluster;
        String yaml = """
                all:
                  vars:
                    ansible_user: deploy
                    plone_buildout: %s
                    plone_control: daemon
                    plone_zeoserver_host: %s
                    plone_zeoserver_port: %d
                    haproxy_host: lb
                    haproxy_backend: plone
                    haproxy_socket: %s
                  children:
                    zeoservers:
                      hosts:
                        zeo: {ansible_host: %s, ansible_port: %d}
                    clients:
                      hosts:
                        app1:
                          ansible_host: %s
                          ansible_port: %d
                          plone_http_address: %s
                          plone_clients:
                            - {name: client1, port: %d}
                            - {name: client2, port: %d}
                        app2:
                          ansible_host: %s
                          ansible_port: %d
                          plone_http_address: %s
                          plone_clients:
                            - {name: client1, port: %d}
                            - {name: client2, port: %d}
                    loadbalancers:
                      hosts:
                        lb: {ansible_host: %s, ansible_port: %d}
                """.formatted(c.buildout(), zeo.address(), c.zeoPort(), HAPROXY_SOCKET,
                sshAddress(zeo), sshPort(zeo),
                sshAddress(app1), sshPort(app1), app1.address(), c.app1Ports()[0], c.app1Ports()[1],
                sshAddress(app2), sshPort(app2), app2.address(), c.app2Ports()[0], c.app2Ports()[1],
                sshAddress(lb), sshPort(lb));
        Path file = dir.resolve("cluster-" + c.name() + ".yml");
        Files.writeString(file, yaml);
        return file;
    }

    private String sshAddress(TestHost host) {
        return links.containsKey(host) ? links.get(host).address() : host.address();
    }

    private int sshPort(TestHost host) {
        return links.containsKey(host) ? links.get(host).port() : host.port();
    }

    /** A link (a fault-injecting proxy) in front of each host's sshd, and herd's known_hosts for them. */
    private void linkEveryHost() {
        for (TestHost host : List.of(zeo, app1, app2, lb)) {
            links.put(host, FaultProxy.start(host.address(), host.address(), host.port()));
        }
    }

    CliRun play(Path playbook, String... more) throws IOException {
        Path knownHosts = TestHost.writeKnownHosts(dir.resolve("known_hosts"), zeo, app1, app2, lb);
        List<String> linked = new ArrayList<>();
        links.forEach((host, link) -> host.hostKeyLines().forEach(line ->
                linked.add("[" + link.address() + "]:" + link.port() + line.substring(line.indexOf(' ')))));
        Files.write(knownHosts, linked, java.nio.file.StandardOpenOption.APPEND);
        List<String> args = new ArrayList<>(List.of("run", playbook.toString(), "-i", inventory().toString(),
                "--private-key", TestKeys.privateKey().toString(), "--known-hosts", knownHosts.toString(),
                "--no-color", "--json", dir.resolve("report.json").toString()));
        args.addAll(List.of(more));
        return CliRun.of(args.toArray(String[]::new));
    }

    JsonNode report() throws IOException {
        return new ObjectMapper().readTree(dir.resolve("report.json").toFile());
    }

    List<JsonNode> steps() throws IOException {
        List<JsonNode> steps = new ArrayList<>();
        new ObjectMapper().readTree(dir.resolve("report.json").toFile()).get("steps").forEach(steps::add);
        return steps;
    }

    static Instant end(JsonNode step) {
        return Instant.parse(step.get("start").asText()).plusMillis(step.get("duration_ms").asLong());
    }

    /** The index of the one step of this host and task, which must have this status. */
    static int stepIndex(List<JsonNode> steps, String host, String task, String status) {
        int found = -1;
        for (int i = 0; i < steps.size(); i++) {
            JsonNode s = steps.get(i);
            if (s.get("host").asText().equals(host) && s.get("task").asText().equals(task)) {
                assertEquals(-1, found, "two steps '" + task + "' on " + host);
                assertEquals(status, s.get("status").asText(), host + " '" + task + "': " + s);
                found = i;
            }
        }
        assertTrue(found >= 0, "no step '" + task + "' on " + host + " in " + steps.stream()
                .map(s -> s.get("host").asText() + ": " + s.get("task").asText() + " " + s.get("status").asText()).toList());
        return found;
    }

    // ---- the load ---------------------------------------------------------------------------

    /**
     * A few virtual threads sending GETs through HAProxy back to back, until stopped, and in any case
     * after {@link #MAX_REQUESTS} requests or {@link #MAX_TIME}. Every answer is counted: status,
     * connection errors, and which client process answered (HAProxy's server name and X-Plonesim-Pid).
     */
    static final class Load implements AutoCloseable {
        static final int THREADS = 4;
        // back to back, 4 threads send some 3,000 requests a second here: 20,000 would end the load
        // long before a 40 s roll ends; stoppedByPlaybook() tells when a limit cut the load short
        static final int MAX_REQUESTS = 500_000;
        static final Duration MAX_TIME = Duration.ofMinutes(5);
        private final URI uri;
        private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        private final Instant deadline = Instant.now().plus(MAX_TIME);
        private final AtomicBoolean stop = new AtomicBoolean();
        private final AtomicBoolean capped = new AtomicBoolean();
        private final AtomicInteger sent = new AtomicInteger();
        private final Map<String, LongAdder> statuses = new ConcurrentHashMap<>();
        private final Map<String, LongAdder> pids = new ConcurrentHashMap<>();
        /** Per "server pid N": {the last time a request it answered was sent, the first time an answer came}. */
        private final Map<String, Instant[]> times = new ConcurrentHashMap<>();
        private final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        private final LongAdder failed = new LongAdder();
        private final List<Thread> threads = new ArrayList<>();

        record Result(int total, long failed, Map<String, Long> statuses, Map<String, Long> answeredBy,
                      Map<String, Instant[]> times, List<String> firstFailures, boolean stoppedByPlaybook) {
            boolean answered(String server, String pid) {
                return answeredBy.getOrDefault(server + " pid " + pid, 0L) > 0;
            }

            /** When the last request that this process answered through HAProxy was sent (EPOCH if none). */
            Instant lastSent(String server, String pid) {
                Instant[] t = times.get(server + " pid " + pid);
                return t == null ? Instant.EPOCH : t[0];
            }

            /** When the first answer of this process through HAProxy arrived. */
            Optional<Instant> firstReceived(String server, String pid) {
                Instant[] t = times.get(server + " pid " + pid);
                return t == null ? Optional.empty() : Optional.of(t[1]);
            }

            @Override
            public String toString() {
                return total + " requests, " + failed + " failed, statuses " + statuses + ", answered by "
                        + answeredBy + (stoppedByPlaybook ? "" : ", STOPPED BY ITS LIMITS")
                        + (firstFailures.isEmpty() ? "" : ", first failures " + firstFailures);
            }
        }

        private Load(URI uri) {
            this.uri = uri;
        }

        static Load start(URI uri) {
            Load load = new Load(uri);
            for (int i = 0; i < THREADS; i++) {
                load.threads.add(Thread.ofVirtual().name("load-" + i).start(load::loop));
            }
            return load;
        }

        private void loop() {
            while (!stop.get()) {
                if (Instant.now().isAfter(deadline) || sent.incrementAndGet() > MAX_REQUESTS) {
                    capped.set(true);
                    return;
                }
                String outcome;
                try {
                    Instant sentAt = Instant.now();
                    HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).build(),
                            HttpResponse.BodyHandlers.ofString());
                    Instant receivedAt = Instant.now();
                    outcome = Integer.toString(r.statusCode());
                    r.headers().firstValue("X-Plonesim-Pid").ifPresent(pid -> {
                        String key = r.headers().firstValue("X-Herd-Server").orElse("?") + " pid " + pid;
                        count(pids, key);
                        times.merge(key, new Instant[] {sentAt, receivedAt}, (a, b) -> new Instant[] {
                                a[0].isAfter(b[0]) ? a[0] : b[0], a[1].isBefore(b[1]) ? a[1] : b[1]});
                    });
                    if (r.statusCode() != 200) {
                        fail(outcome + " " + r.body().strip().lines().findFirst().orElse(""));
                    }
                } catch (IOException e) {
                    outcome = e.getClass().getSimpleName();
                    fail(outcome + " " + e.getMessage());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                count(statuses, outcome);
            }
        }

        private static void count(Map<String, LongAdder> counts, String key) {
            counts.computeIfAbsent(key, k -> new LongAdder()).increment();
        }

        private void fail(String what) {
            failed.increment();
            if (failures.size() < 10) {
                failures.add(Instant.now() + " " + what);
            }
        }

        Result stop() throws InterruptedException {
            stop.set(true);
            for (Thread t : threads) {
                t.join();
            }
            Map<String, Long> byStatus = new TreeMap<>();
            statuses.forEach((k, v) -> byStatus.put(k, v.sum()));
            Map<String, Long> byPid = new TreeMap<>();
            pids.forEach((k, v) -> byPid.put(k, v.sum()));
            long total = byStatus.values().stream().mapToLong(Long::longValue).sum();
            return new Result((int) total, failed.sum(), byStatus, byPid, Map.copyOf(times), List.copyOf(failures),
                    !capped.get());
        }

        @Override
        public void close() throws InterruptedException {
            stop.set(true);
            for (Thread t : threads) {
                t.join();
            }
            http.close();
        }
    }
}
