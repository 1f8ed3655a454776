package herd.engine.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import herd.engine.event.Event;
import herd.engine.event.RunResult;
import herd.engine.event.Status;
import herd.engine.inventory.Inventory;
import herd.engine.transport.ExecRequest;
import herd.engine.transport.ExecResult;

/**
 * The servers haproxy tasks take out of the pool, on the fake transport: the balancer answers the
 * haproxy module as its Python program would, one JSON object on stdout.
 */
class PoolTrackingTest {
    /** Text of herd's haproxy.py, so the fake can tell the module's command from others. */
    private static final String HAPROXY_MODULE = "HAProxy runtime API";

    @TempDir
    Path dir;

    private TestRun test;
    private Inventory inventory;

    @BeforeEach
    void setUp() throws IOException {
        test = new TestRun(dir);
        inventory = test.inventory("""
                all:
                  children:
                    clients:
                      hosts:
                        app1:
                    lb:
                      hosts:
                        lb1:
                """);
    }

    /** What haproxy.py prints for one server of backend plone. */
    private static ExecResult reply(String server, String status, double elapsed, boolean failed) {
        return FakeTransports.ok(String.format(Locale.ROOT, """
                {"changed": true, "failed": %s, "msg": "plone/%s UP -> %s", "host": "%s",
                 "servers": [{"backend": "plone", "status_before": "UP", "status": "%s", "sessions": 0}],
                 "backend": "plone", "status": "%s", "elapsed": %.3f}""",
                failed, server, status, server, status, status, elapsed).replace("\n", ""));
    }

    private static ExecResult reply(String server, String status) {
        return reply(server, status, 0.0, false);
    }

    private static String haproxy(String state, String server) {
        return """
                    - name: %s %s
                      haproxy:
                        state: %s
                        backend: plone
                        host: "%s"
                        socket: /run/haproxy/admin.sock
                      delegate_to: lb1
                """.formatted(state, server, state, server);
    }

    private RunResult run(String tasks, FakeTransports fake) throws IOException {
        return test.run("- hosts: clients\n  gather_facts: false\n  tasks:\n" + tasks, inventory, fake);
    }

    @Test
    void aServerTakenOutAndNeverPutBackIsListed() throws IOException {
        FakeTransports fake = new FakeTransports(FakeTransports.inTurn(HAPROXY_MODULE,
                reply("app1_client1", "MAINT", 0.25, false)));
        RunResult result = run(haproxy("disabled", "app1_client1"), fake);
        assertEquals(List.of(Status.CHANGED), TestRun.statuses(result, "app1"));
        assertEquals(List.of("plone/app1_client1: MAINT"), result.outOfPool());
        assertEquals(Set.of("plone/app1_client1"), result.timeOutOfPool().keySet());
        assertTrue(result.timeOutOfPool().get("plone/app1_client1").compareTo(Duration.ofMillis(250)) >= 0,
                "out from the start of the step that took it out: " + result.timeOutOfPool());
        assertTrue(test.events.getLast() instanceof Event.RunFinished f && f.result().outOfPool().equals(result.outOfPool()));
    }

    @Test
    void theModuleRunsOnTheBalancerWithItsArgumentsAsJsonOnStdin() throws IOException {
        FakeTransports fake = new FakeTransports(FakeTransports.inTurn(HAPROXY_MODULE, reply("app1_client1", "MAINT")));
        run(haproxy("disabled", "app1_client1"), fake);
        assertEquals(List.of(), fake.sent("app1"));
        ExecRequest request = fake.requests.get("lb1").getFirst();
        assertTrue(request.command().startsWith("/bin/sh -c 'python3 -c "), request.command());
        String stdin = new String(request.stdin().orElseThrow(), StandardCharsets.UTF_8);
        assertEquals("{\"state\":\"disabled\",\"backend\":\"plone\",\"host\":\"app1_client1\","
                + "\"socket\":\"/run/haproxy/admin.sock\"}", stdin);
    }

    @Test
    void aServerPutBackLaterIsNotListedButItsTimeOutIs() throws IOException {
        FakeTransports fake = new FakeTransports(FakeTransports.inTurn(HAPROXY_MODULE,
                reply("app1_client1", "MAINT", 0.5, false), reply("app1_client1", "UP")));
        RunResult result = run(haproxy("disabled", "app1_client1") + "    - command: echo restart\n"
                + haproxy("enabled", "app1_client1"), fake);
        assertEquals(0, result.exitCode());
        assertEquals(List.of(), result.outOfPool());
        assertEquals(Set.of("plone/app1_client1"), result.timeOutOfPool().keySet());
        assertTrue(result.timeOutOfPool().get("plone/app1_client1").compareTo(Duration.ofMillis(500)) >= 0,
                result.timeOutOfPool().toString());
    }

    @Test
    void everyServerTakenOutHasATimeAndOnlyThoseStillOutAreListed() throws IOException {
        FakeTransports fake = new FakeTransports(FakeTransports.inTurn(HAPROXY_MODULE,
                reply("app1_client1", "MAINT"), reply("app1_client2", "DRAIN"), reply("app1_client1", "UP")));
        RunResult result = run(haproxy("disabled", "app1_client1") + haproxy("drain", "app1_client2")
                + haproxy("enabled", "app1_client1"), fake);
        assertEquals(List.of("plone/app1_client2: DRAIN"), result.outOfPool());
        assertEquals(Set.of("plone/app1_client1", "plone/app1_client2"), result.timeOutOfPool().keySet());
    }

    @Test
    void aServerOutWhenItsStepFailedIsListedToo() throws IOException {
        FakeTransports fake = new FakeTransports(FakeTransports.inTurn(HAPROXY_MODULE,
                reply("app1_client1", "MAINT", 0.0, true)));
        RunResult result = run(haproxy("disabled", "app1_client1") + haproxy("enabled", "app1_client1"), fake);
        assertEquals(List.of(Status.FAILED), TestRun.statuses(result, "app1"));
        assertEquals(List.of("plone/app1_client1: MAINT"), result.outOfPool());
        assertEquals(2, result.exitCode());
    }

    @Test
    void haproxyInfoReportsButTakesNothingOut() throws IOException {
        FakeTransports fake = new FakeTransports(FakeTransports.inTurn(HAPROXY_MODULE, FakeTransports.ok("""
                {"changed": false, "failed": false, "msg": "plone/app1_client1 MAINT", "servers": \
                [{"backend": "plone", "name": "app1_client1", "status": "MAINT", "sessions": 0}]}""")));
        RunResult result = run("""
                    - haproxy_info:
                        backend: plone
                      delegate_to: lb1
                """, fake);
        assertEquals(List.of(Status.OK), TestRun.statuses(result, "app1"));
        assertEquals(List.of(), result.outOfPool());
        assertEquals(Map.of(), result.timeOutOfPool());
    }

    @Test
    void aClientThatFailsInARollingIncludeStaysOutAndIsListed() throws IOException {
        Files.writeString(dir.resolve("restart-client.yml"), haproxy("disabled", "{{ inventory_hostname }}_{{ client }}")
                .indent(-4) + "- command: bin/{{ client }} restart\n"
                + haproxy("enabled", "{{ inventory_hostname }}_{{ client }}").indent(-4));
        FakeTransports fake = new FakeTransports((host, cmd) -> {
            if (cmd.contains("client2 restart")) {
                return new ExecResult(1, "", "it did not start", false);
            }
            return cmd.contains(HAPROXY_MODULE) ? null : FakeTransports.ok("");
        });
        FakeTransports balancer = new FakeTransports(FakeTransports.inTurn(HAPROXY_MODULE,
                reply("app1_client1", "MAINT"), reply("app1_client1", "UP"), reply("app1_client2", "MAINT")));
        RunResult result = test.run("""
                - hosts: clients
                  gather_facts: false
                  serial: 1
                  max_fail_percentage: 0
                  tasks:
                    - include_tasks: restart-client.yml
                      loop: [client1, client2]
                      loop_control:
                        loop_var: client
                """, inventory, Map.of(herd.engine.transport.Endpoint.Kind.SSH, endpoint ->
                        (endpoint.hostName().equals("lb1") ? balancer : fake).open(endpoint)));
        assertEquals(List.of("plone/app1_client2: MAINT"), result.outOfPool());
        // each include is an ok step of its own, as in Ansible
        assertEquals(List.of(Status.OK, Status.CHANGED, Status.CHANGED, Status.CHANGED, Status.CHANGED, Status.FAILED),
                TestRun.statuses(result, "app1"));
        assertEquals(3, balancer.sent("lb1").size(), "client2 is never enabled again");
    }

    @Test
    void serversTakenOutByALoopedTaskAreListed() throws IOException {
        FakeTransports fake = new FakeTransports(FakeTransports.inTurn(HAPROXY_MODULE,
                reply("app1_client1", "MAINT"), reply("app1_client2", "MAINT")));
        RunResult result = run("""
                    - haproxy:
                        state: disabled
                        backend: plone
                        host: "{{ item }}"
                      delegate_to: lb1
                      loop: [app1_client1, app1_client2]
                """, fake);
        assertEquals(List.of(Status.CHANGED), TestRun.statuses(result, "app1"));
        assertEquals(List.of("plone/app1_client1: MAINT", "plone/app1_client2: MAINT"), result.outOfPool());
    }
}
