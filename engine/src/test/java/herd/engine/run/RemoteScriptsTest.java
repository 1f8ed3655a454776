package herd.engine.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import herd.engine.event.RunResult;
import herd.engine.event.Status;
import herd.engine.event.StepResult;
import herd.engine.inventory.Inventory;
import herd.engine.transport.Endpoint;
import herd.engine.transport.TransportFactory;
import herd.engine.transport.local.LocalTransport;

/** wait_for and uri: herd's Python modules, run for real through the local transport against 127.0.0.1. */
class RemoteScriptsTest {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    @TempDir
    Path dir;

    private TestRun test;
    private Inventory local;
    private HttpServer http;

    @BeforeEach
    void setUp() throws IOException {
        test = new TestRun(dir);
        local = test.inventory("""
                all:
                  hosts:
                    controller:
                      ansible_connection: local
                """);
    }

    @AfterEach
    void tearDown() {
        if (http != null) {
            http.stop(0);
        }
    }

    private RunResult run(String playbook) throws IOException {
        TransportFactory factory = endpoint -> new LocalTransport();
        return test.run(playbook, local, Map.of(Endpoint.Kind.LOCAL, factory));
    }

    private static List<StepResult> steps(RunResult result) {
        return TestRun.steps(result, "controller");
    }

    /** A port on 127.0.0.1 that nothing listens on, as far as a test can tell. */
    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, LOOPBACK)) {
            return socket.getLocalPort();
        }
    }

    @Test
    void waitForStartedReturnsOnceThePortListens() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 50, LOOPBACK)) {
            RunResult result = run("""
                    - hosts: all
                      gather_facts: false
                      tasks:
                        - wait_for:
                            host: 127.0.0.1
                            port: %d
                            timeout: 5
                          register: waited
                        - assert:
                            that:
                              - waited is succeeded
                              - waited.port == %d
                              - waited.state == 'started'
                    """.formatted(socket.getLocalPort(), socket.getLocalPort()));
            assertEquals(List.of(Status.OK, Status.OK), TestRun.statuses(result, "controller"),
                    () -> steps(result).toString());
        }
    }

    @Test
    void waitForAClosedPortFailsAfterItsTimeout() throws IOException {
        int port = closedPort();
        RunResult result = run("""
                - hosts: all
                  gather_facts: false
                  vars:
                    app_port: %d
                  tasks:
                    - wait_for:
                        host: 127.0.0.1
                        port: "{{ app_port }}"
                        timeout: 1
                        sleep: 0.2
                """.formatted(port));
        StepResult step = steps(result).getFirst();
        assertEquals(Status.FAILED, step.status());
        assertEquals(Optional.of("Timeout when waiting for 127.0.0.1:" + port + " to be started"), step.message());
        assertEquals(2, result.exitCode());
    }

    // the tests below wait less than a second, which herd's wait_for allows, to keep the suite fast
    @Test
    void waitForFailsWithTheGivenMessage() throws IOException {
        RunResult result = run("""
                - hosts: all
                  gather_facts: false
                  tasks:
                    - wait_for:
                        port: %d
                        timeout: 0.3
                        sleep: 0.1
                        msg: the instance did not come up
                """.formatted(closedPort()));
        assertEquals(Optional.of("the instance did not come up"), steps(result).getFirst().message());
    }

    @Test
    void waitForStoppedWaitsForThePortToClose() throws IOException {
        int closed = closedPort();
        try (ServerSocket open = new ServerSocket(0, 50, LOOPBACK)) {
            RunResult result = run("""
                    - hosts: all
                      gather_facts: false
                      tasks:
                        - wait_for:
                            port: %d
                            state: stopped
                            timeout: 5
                        - wait_for:
                            port: %d
                            state: stopped
                            timeout: 0.3
                            sleep: 0.1
                    """.formatted(closed, open.getLocalPort()));
            assertEquals(List.of(Status.OK, Status.FAILED), TestRun.statuses(result, "controller"));
            assertEquals(Optional.of("Timeout when waiting for 127.0.0.1:" + open.getLocalPort() + " to be stopped"),
                    steps(result).get(1).message());
        }
    }

    @Test
    void waitForAPath() throws IOException {
        Path marker = Files.writeString(dir.resolve("ready flag"), "");
        RunResult result = run("""
                - hosts: all
                  gather_facts: false
                  tasks:
                    - wait_for:
                        path: "%s"
                        timeout: 5
                    - wait_for:
                        path: "%s"
                        state: absent
                        timeout: 5
                """.formatted(marker, dir.resolve("gone")));
        assertEquals(List.of(Status.OK, Status.OK), TestRun.statuses(result, "controller"));
    }

    private String serve(String path, int status, String body) throws IOException {
        if (http == null) {
            http = HttpServer.create(new InetSocketAddress(LOOPBACK, 0), 0);
            http.start();
        }
        http.createContext(path, exchange -> reply(exchange, status, body));
        return "http://127.0.0.1:" + http.getAddress().getPort() + path;
    }

    private static void reply(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.replace("$METHOD", exchange.getRequestMethod())
                .replace("$BODY", new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8))
                .replace("$HEADER", String.valueOf(exchange.getRequestHeaders().getFirst("X-Herd")))
                .getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Test
    void uriRegistersTheStatusAndTheContent() throws IOException {
        String url = serve("/ok", 200, "hello from plone");
        RunResult result = run("""
                - hosts: all
                  gather_facts: false
                  tasks:
                    - uri:
                        url: %s
                        return_content: true
                      register: page
                    - debug:
                        msg: "{{ page.status }} {{ page.content }}"
                    - uri:
                        url: %s
                      register: quiet
                    - assert:
                        that:
                          - quiet.status == 200
                          - quiet.content is not defined
                """.formatted(url, url));
        assertEquals(List.of(Status.OK, Status.OK, Status.OK, Status.OK), TestRun.statuses(result, "controller"),
                () -> steps(result).toString());
        assertEquals(Optional.of("200 hello from plone"), steps(result).get(1).message());
    }

    @Test
    void uriFailsOnAnUnexpectedStatus() throws IOException {
        String url = serve("/down", 503, "maintenance");
        RunResult result = run("""
                - hosts: all
                  gather_facts: false
                  tasks:
                    - uri:
                        url: %s
                """.formatted(url));
        StepResult step = steps(result).getFirst();
        assertEquals(Status.FAILED, step.status());
        assertEquals(Optional.of("Status code was 503 and not [200]: maintenance"), step.message());
    }

    @Test
    void uriAcceptsTheListedStatusCodes() throws IOException {
        String down = serve("/down", 503, "maintenance");
        String created = serve("/created", 201, "");
        RunResult result = run("""
                - hosts: all
                  gather_facts: false
                  tasks:
                    - uri:
                        url: %s
                        status_code: [200, 503]
                      register: r
                    - uri:
                        url: %s
                        status_code: [201]
                    - debug:
                        var: r.status
                """.formatted(down, created));
        assertEquals(List.of(Status.OK, Status.OK, Status.OK), TestRun.statuses(result, "controller"),
                () -> steps(result).toString());
        assertEquals(Optional.of("r.status: 503"), steps(result).get(2).message());
    }

    @Test
    void uriAcceptsASingleStatusCode() throws IOException {
        String created = serve("/created", 201, "");
        RunResult result = run("""
                - hosts: all
                  gather_facts: false
                  tasks:
                    - uri:
                        url: %s
                        status_code: 201
                """.formatted(created));
        assertEquals(List.of(Status.OK), TestRun.statuses(result, "controller"), () -> steps(result).toString());
    }

    @Test
    void uriAcceptsStatusCodesWrittenAsText() throws IOException {
        String created = serve("/created", 201, "");
        RunResult result = run("""
                - hosts: all
                  gather_facts: false
                  tasks:
                    - uri:
                        url: %s
                        status_code: "200, 201"
                """.formatted(created));
        assertEquals(List.of(Status.OK), TestRun.statuses(result, "controller"), () -> steps(result).toString());
    }

    @Test
    void uriSendsTheMethodBodyAndHeaders() throws IOException {
        String url = serve("/echo", 200, "$METHOD $BODY $HEADER");
        RunResult result = run("""
                - hosts: all
                  gather_facts: false
                  tasks:
                    - uri:
                        url: %s
                        method: post
                        body: "it's {{ inventory_hostname }}"
                        headers:
                          X-Herd: yes please
                        return_content: yes
                      register: r
                    - debug:
                        var: r.content
                """.formatted(url));
        assertEquals(Optional.of("r.content: POST it's controller yes please"), steps(result).get(1).message(),
                () -> steps(result).toString());
    }

    @Test
    void uriUntilTheServiceAnswers() throws IOException {
        int[] calls = {0};
        http = HttpServer.create(new InetSocketAddress(LOOPBACK, 0), 0);
        http.createContext("/warmup", exchange -> {
            calls[0]++;
            reply(exchange, calls[0] < 3 ? 503 : 200, "call " + calls[0]);
        });
        http.start();
        RunResult result = run("""
                - hosts: all
                  gather_facts: false
                  tasks:
                    - uri:
                        url: http://127.0.0.1:%d/warmup
                        return_content: true
                      register: r
                      until: r.status == 200
                      retries: 5
                      delay: 0
                    - debug:
                        msg: "{{ r.content }} after {{ r.attempts }}"
                """.formatted(http.getAddress().getPort()));
        assertEquals(List.of(Status.OK, Status.OK), TestRun.statuses(result, "controller"));
        assertEquals(Optional.of("call 3 after 3"), steps(result).get(1).message());
    }

    @Test
    void uriToAClosedPortFailsWithTheReason() throws IOException {
        RunResult result = run("""
                - hosts: all
                  gather_facts: false
                  tasks:
                    - uri:
                        url: http://127.0.0.1:%d/
                        timeout: 2
                """.formatted(closedPort()));
        StepResult step = steps(result).getFirst();
        assertEquals(Status.FAILED, step.status());
        assertTrue(step.message().orElse("").startsWith("Status code was -1 and not [200]: Request failed: "),
                step.message().toString());
        assertTrue(step.message().orElse("").contains("refused"), step.message().toString());
    }

    @Test
    void aMissingInterpreterIsNamed() throws IOException {
        RunResult result = run("""
                - hosts: all
                  gather_facts: false
                  vars:
                    ansible_python_interpreter: /nonexistent/python3
                  tasks:
                    - wait_for:
                        timeout: 1
                """);
        StepResult step = steps(result).getFirst();
        assertEquals(Status.FAILED, step.status());
        assertTrue(step.message().orElse("").startsWith("wait_for could not run on the host (rc 127): "),
                step.message().toString());
        assertTrue(step.message().orElse("").endsWith("(is /nonexistent/python3 installed there?)"),
                step.message().toString());
    }
}
