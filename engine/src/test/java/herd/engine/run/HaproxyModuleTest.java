package herd.engine.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.sun.net.httpserver.HttpServer;

import herd.engine.event.RunResult;
import herd.engine.event.Status;
import herd.engine.event.StepResult;
import herd.engine.inventory.Inventory;
import herd.engine.transport.Endpoint;
import herd.engine.transport.TransportFactory;
import herd.engine.transport.local.LocalTransport;

/**
 * herd's haproxy and haproxy_info modules for real: Debian's HAProxy with its runtime API on a Unix
 * socket, two tiny HTTP servers as the backend's servers, the module run through the local transport.
 */
class HaproxyModuleTest {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    @TempDir
    Path dir;

    private final List<HttpServer> servers = new ArrayList<>();
    private Process haproxy;
    private Path socket;
    private Path log;
    private TestRun test;
    private Inventory local;

    @BeforeEach
    void setUp() throws IOException, InterruptedException {
        Path binary = haproxyBinary().orElseGet(() -> fail("haproxy is not installed, and these tests run it for real:"
                + " run bin/install-deps (or apt-get install haproxy)"));
        socket = dir.resolve("admin.sock");
        log = dir.resolve("haproxy.log");
        Path config = Files.writeString(dir.resolve("haproxy.cfg"), """
                global
                    stats socket %s mode 600 level admin
                defaults
                    mode http
                    timeout connect 1s
                    timeout client 5s
                    timeout server 5s
                frontend www
                    bind 127.0.0.1:%d
                    default_backend plone
                backend plone
                    option httpchk GET /
                    server app1_client1 127.0.0.1:%d check inter 200 fall 1 rise 1
                    server app1_client2 127.0.0.1:%d check inter 200 fall 1 rise 1
                """.formatted(socket, freePort(), serve(), serve()));
        haproxy = new ProcessBuilder(binary.toString(), "-f", config.toString(), "-db")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        awaitUp("app1_client1", "app1_client2");
        test = new TestRun(dir);
        local = test.inventory("""
                all:
                  hosts:
                    controller:
                      ansible_connection: local
                """);
    }

    @AfterEach
    void tearDown() throws InterruptedException {
        if (haproxy != null) {
            haproxy.destroy();
            if (!haproxy.waitFor(5, TimeUnit.SECONDS)) {
                haproxy.destroyForcibly();
            }
        }
        servers.forEach(s -> s.stop(0));
    }

    private static Optional<Path> haproxyBinary() {
        List<String> dirs = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)));
        dirs.addAll(List.of("/usr/sbin", "/usr/local/sbin", "/sbin"));
        return dirs.stream().filter(d -> !d.isEmpty()).map(d -> Path.of(d, "haproxy")).filter(Files::isExecutable).findFirst();
    }

    private static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, LOOPBACK)) {
            return probe.getLocalPort();
        }
    }

    /** A server that answers every request with 200, as a healthy Plone client does; its port. */
    private int serve() throws IOException {
        HttpServer http = HttpServer.create(new InetSocketAddress(LOOPBACK, 0), 0);
        http.createContext("/", exchange -> {
            byte[] body = "ok".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        http.start();
        servers.add(http);
        return http.getAddress().getPort();
    }

    /** One command on HAProxy's runtime API, from the test itself. */
    private String api(String command) throws IOException {
        try (SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            channel.write(ByteBuffer.wrap((command + "\n").getBytes(StandardCharsets.UTF_8)));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteBuffer buffer = ByteBuffer.allocate(8192);
            while (channel.read(buffer) >= 0) {
                out.write(buffer.array(), 0, buffer.position());
                buffer.clear();
            }
            return out.toString(StandardCharsets.UTF_8);
        }
    }

    /** A server's status in backend plone as 'show stat' gives it. */
    private String status(String server) throws IOException {
        List<String> lines = api("show stat").lines().filter(l -> !l.isBlank()).toList();
        List<String> header = List.of(lines.getFirst().replaceFirst("^# ", "").split(","));
        int column = header.indexOf("status");
        return lines.stream().skip(1).map(l -> l.split(",", -1)).filter(f -> f[0].equals("plone") && f[1].equals(server))
                .map(f -> f[column]).findFirst().orElse("missing");
    }

    private void awaitUp(String... names) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            if (!haproxy.isAlive()) {
                fail("haproxy ended with " + haproxy.exitValue() + ": " + Files.readString(log));
            }
            if (Files.exists(socket) && Stream.of(names).allMatch(this::isUp)) {
                return;
            }
            Thread.sleep(50);
        }
        fail("HAProxy's servers did not come UP within 10 s: " + (Files.exists(socket) ? api("show stat") : Files.readString(log)));
    }

    private boolean isUp(String server) {
        try {
            return status(server).equals("UP");
        } catch (IOException e) {
            return false;
        }
    }

    private RunResult run(String tasks) throws IOException {
        TransportFactory factory = endpoint -> new LocalTransport();
        return test.run("- hosts: all\n  gather_facts: false\n  vars:\n    sock: " + socket + "\n  tasks:\n" + tasks.indent(4), local,
                Map.of(Endpoint.Kind.LOCAL, factory));
    }

    private static List<StepResult> steps(RunResult result) {
        return TestRun.steps(result, "controller");
    }

    private static List<String> messages(RunResult result) {
        return TestRun.messages(result, "controller");
    }

    @Test
    void disablingWithDrainAndWaitPutsTheServerInMaintenance() throws IOException {
        RunResult result = run("""
                - haproxy:
                    state: disabled
                    drain: true
                    wait: true
                    wait_interval: 0.1
                    wait_retries: 20
                    backend: plone
                    host: app1_client1
                    socket: "{{ sock }}"
                  register: out
                - debug:
                    msg: "{{ out.changed }} {{ out.status_before }} -> {{ out.status }}, {{ out.sessions }} sessions"
                """);
        assertEquals(List.of(Status.CHANGED, Status.OK), TestRun.statuses(result, "controller"), () -> steps(result).toString());
        assertEquals(List.of("plone/app1_client1 UP -> MAINT", "true UP -> MAINT, 0 sessions"), messages(result));
        assertEquals("MAINT", status("app1_client1"));
        assertEquals("UP", status("app1_client2"), "the other server stays in the pool");
        assertEquals(List.of("plone/app1_client1: MAINT"), result.outOfPool());
    }

    @Test
    void drainingLeavesTheServerInDrain() throws IOException {
        RunResult result = run("""
                - haproxy:
                    state: drain
                    backend: plone
                    host: app1_client2
                    socket: "{{ sock }}"
                """);
        assertEquals(List.of("plone/app1_client2 UP -> DRAIN"), messages(result), () -> steps(result).toString());
        assertEquals("DRAIN", status("app1_client2"));
        assertEquals(List.of("plone/app1_client2: DRAIN"), result.outOfPool());
    }

    @Test
    void enablingWithWaitReturnsOnceTheServerIsUpAgain() throws IOException {
        RunResult result = run("""
                - haproxy:
                    state: disabled
                    host: app1_client1
                    socket: "{{ sock }}"
                - haproxy:
                    state: enabled
                    wait: true
                    wait_interval: 0.1
                    wait_retries: 50
                    backend: plone
                    host: app1_client1
                    socket: "{{ sock }}"
                  register: back
                - haproxy:
                    state: enabled
                    host: app1_client1
                    socket: "{{ sock }}"
                """);
        assertEquals(List.of(Status.CHANGED, Status.CHANGED, Status.OK), TestRun.statuses(result, "controller"),
                () -> steps(result).toString());
        assertEquals(List.of("plone/app1_client1 UP -> MAINT", "plone/app1_client1 MAINT -> UP",
                "plone/app1_client1 UP -> UP"), messages(result));
        assertEquals("UP", status("app1_client1"));
        assertEquals(List.of(), result.outOfPool());
        assertTrue(result.timeOutOfPool().containsKey("plone/app1_client1"), result.timeOutOfPool().toString());
    }

    @Test
    void haproxyInfoListsEveryServerWithItsStatus() throws IOException {
        api("set server plone/app1_client2 state maint");
        RunResult result = run("""
                - haproxy_info:
                    backend: plone
                    socket: "{{ sock }}"
                  register: pool
                - debug:
                    msg: "{{ pool.servers | map(attribute='name') | join(',') }} {{ pool.servers | map(attribute='status') | join(',') }}"
                - haproxy_info:
                    socket: "{{ sock }}"
                  register: everything
                - assert:
                    that:
                      - everything.servers | length == 2
                      - everything.servers[0].backend == 'plone'
                      - everything.changed == false
                """);
        assertEquals(List.of(Status.OK, Status.OK, Status.OK, Status.OK), TestRun.statuses(result, "controller"),
                () -> steps(result).toString());
        assertEquals("plone/app1_client1 UP, plone/app1_client2 MAINT", messages(result).getFirst());
        assertEquals("app1_client1,app1_client2 UP,MAINT", messages(result).get(1));
        assertEquals(List.of(), result.outOfPool(), "haproxy_info takes nothing out");
    }

    @Test
    void anUnknownServerFailsNamingIt() throws IOException {
        RunResult result = run("""
                - haproxy:
                    state: disabled
                    backend: plone
                    host: app9_client7
                    socket: "{{ sock }}"
                """);
        StepResult step = steps(result).getFirst();
        assertEquals(Status.FAILED, step.status());
        assertEquals(Optional.of("server app9_client7 not found in backend plone"), step.message());
        assertEquals("UP", status("app1_client1"));
        assertEquals("UP", status("app1_client2"));
    }

    @Test
    void aMissingSocketFailsSayingTheApiCannotBeReached() throws IOException {
        Path missing = dir.resolve("missing.sock");
        RunResult result = run("""
                - haproxy:
                    state: disabled
                    host: app1_client1
                    socket: %s
                """.formatted(missing));
        StepResult step = steps(result).getFirst();
        assertEquals(Status.FAILED, step.status());
        assertTrue(step.message().orElse("").startsWith("cannot reach the HAProxy runtime API at " + missing + ": "),
                step.message().toString());
        assertEquals("UP", status("app1_client1"));
    }
}
