package herd.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import herd.testbed.TestHost;
import herd.testbed.TestKeys;

/**
 * The cluster playbooks against a simulated ZEO cluster on three container hosts (a zeoserver host
 * and two app hosts with two clients each), in each control flavour, checking the real state after
 * each run: pid files, process owners, ports, HTTP answers.
 */
class ClusterPlaybooksTest {
    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    static final String SIM = "/opt/plonesim";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static TestHost zeo;
    private static TestHost app1;
    private static TestHost app2;

    @TempDir
    Path dir;

    @BeforeAll
    static void startHosts() {
        zeo = TestHost.start();
        app1 = TestHost.start();
        app2 = TestHost.start();
        for (TestHost host : List.of(zeo, app1, app2)) {
            host.copyInto(ROOT.resolve("testbed/plone"), SIM);
        }
    }

    @AfterAll
    static void stopHosts() {
        for (TestHost host : new TestHost[] {zeo, app1, app2}) {
            if (host != null) {
                host.close();
            }
        }
    }

    /** A cluster laid out on the three hosts: a buildout per host, ports free on each address. */
    record Cluster(String flavour, String buildout, int zeoPort, int[] app1Ports, int[] app2Ports) {
        String supervisordConf() {
            return "/etc/herd-supervisord-" + flavour + ".conf";
        }
    }


    static Cluster cluster(String flavour, String name, String... sets) throws IOException {
        String buildout = "/var/db/plone/" + name;
        int zeoPort = TestHost.freePort(zeo.address());
        int[] p1 = {TestHost.freePort(app1.address()), 0};
        p1[1] = p1[0] + 1;
        int[] p2 = {TestHost.freePort(app2.address()), 0};
        p2[1] = p2[0] + 1;
        Cluster cluster = new Cluster(flavour, buildout, zeoPort, p1, p2);
        makeBuildout(zeo, cluster, 0, zeo.address(), 0, sets);
        makeBuildout(app1, cluster, 2, app1.address(), p1[0], sets);
        makeBuildout(app2, cluster, 2, app2.address(), p2[0], sets);
        return cluster;
    }

    private static void makeBuildout(TestHost host, Cluster c, int clients, String httpAddress, int basePort,
                                     String... sets) {
        StringBuilder cmd = new StringBuilder("sh " + SIM + "/make-buildout.sh " + c.buildout()
                + " --clients " + clients + " --zeo-address " + zeo.address() + " --zeo-port " + c.zeoPort()
                + " --http-address " + httpAddress + " --owner plone_daemon --python /usr/bin/python3"
                + " --set clients.startup-seconds=1 --set clients.stop-seconds=1 --set clients.cold-seconds=0");
        if (basePort > 0) {
            cmd.append(" --base-port ").append(basePort);
        }
        for (String set : clients > 0 ? sets : new String[0]) {
            cmd.append(" --set ").append(set);
        }
        if (c.flavour().equals("supervisor")) {
            cmd.append(" --supervisor /etc/herd-supervisor-").append(c.flavour()).append(".programs")
                    .append(" --supervisord-conf ").append(c.supervisordConf())
                    .append(" --supervisor-run-dir /run/herd-sup-").append(c.flavour());
        }
        host.sh("rm -rf " + c.buildout() + " && " + cmd);
        if (c.flavour().equals("supervisor")) {
            host.sh("supervisorctl -c " + c.supervisordConf() + " shutdown >/dev/null 2>&1; sleep 0.2; "
                    + "supervisord -c " + c.supervisordConf());
            host.sh("for i in $(seq 50); do supervisorctl -c " + c.supervisordConf()
                    + " status >/dev/null 2>&1; [ $? -ne 4 ] && exit 0; sleep 0.2; done; exit 1");
        }
    }

    Path inventory(Cluster c) throws IOException {
        String yaml = """
                all:
                  vars:
                    ansible_user: deploy
                    plone_buildout: %s
                    plone_control: %s
                    plone_zeoserver_host: %s
                    plone_zeoserver_port: %d
                    plone_supervisorctl_config: %s
                  children:
                    zeoservers:
                      hosts:
                        zeo:
                          ansible_host: %s
                          ansible_port: %d
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
                """.formatted(c.buildout(), c.flavour(), zeo.address(), c.zeoPort(), c.supervisordConf(),
                zeo.address(), zeo.port(), app1.address(), app1.port(), app1.address(), c.app1Ports()[0],
                c.app1Ports()[1], app2.address(), app2.port(), app2.address(), c.app2Ports()[0], c.app2Ports()[1]);
        Path file = dir.resolve("cluster-" + c.flavour() + ".yml");
        Files.writeString(file, yaml);
        return file;
    }

    CliRun play(String playbook, Cluster c, String... extra) throws IOException {
        Path knownHosts = TestHost.writeKnownHosts(dir.resolve("known_hosts"), zeo, app1, app2);
        List<String> args = new ArrayList<>(List.of("run", ROOT.resolve("playbooks/" + playbook).toString(),
                "-i", inventory(c).toString(), "--private-key", TestKeys.privateKey().toString(),
                "--known-hosts", knownHosts.toString(), "--no-color", "--json", dir.resolve("report.json").toString()));
        args.addAll(List.of(extra));
        return CliRun.of(args.toArray(String[]::new));
    }

    JsonNode report() throws IOException {
        return new ObjectMapper().readTree(dir.resolve("report.json").toFile());
    }

    static HttpResponse<String> get(String address, int port) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://" + address + ":" + port + "/"))
                .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static boolean listening(String address, int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(address, port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static String owner(TestHost host, String pid) {
        return host.sh("ps -o user= -p " + pid).strip();
    }

    /** The pid a client's page names: "served by clientN pid 1234". */
    static String servedBy(String body, String client) {
        Matcher m = Pattern.compile(client + " pid (\\d+)").matcher(body);
        assertTrue(m.find(), "page does not name " + client + ": " + body);
        return m.group(1);
    }

    void assertRunning(Cluster c) throws Exception {
        if (!c.flavour().equals("supervisor")) {
            String pid = zeo.sh("cat " + c.buildout() + "/var/zeoserver.pid").strip();
            assertEquals("plone_daemon", owner(zeo, pid));
        } else {
            String status = zeo.sh("supervisorctl -c " + c.supervisordConf() + " status plone_zeoserver");
            assertTrue(status.contains("RUNNING"), status);
        }
        assertTrue(listening(zeo.address(), c.zeoPort()), "zeoserver port");
        for (Object[] host : new Object[][] {{app1, c.app1Ports()}, {app2, c.app2Ports()}}) {
            TestHost h = (TestHost) host[0];
            int[] ports = (int[]) host[1];
            for (int i = 0; i < 2; i++) {
                String client = "client" + (i + 1);
                HttpResponse<String> page = get(h.address(), ports[i]);
                assertEquals(200, page.statusCode(), h + " " + client + ": " + page.body());
                String pid = servedBy(page.body(), client);
                assertEquals("plone_daemon", owner(h, pid), client + " on " + h);
                if (!c.flavour().equals("supervisor")) {
                    assertEquals(pid, h.sh("cat " + c.buildout() + "/var/" + client + ".pid").strip());
                }
            }
        }
    }

    void assertStopped(Cluster c) {
        assertFalse(listening(zeo.address(), c.zeoPort()), "zeoserver port must be closed");
        for (Object[] host : new Object[][] {{app1, c.app1Ports()}, {app2, c.app2Ports()}}) {
            TestHost h = (TestHost) host[0];
            int[] ports = (int[]) host[1];
            for (int i = 0; i < 2; i++) {
                assertFalse(listening(h.address(), ports[i]), "client" + (i + 1) + " on " + h + " must be down");
                if (!c.flavour().equals("supervisor")) {
                    assertEquals(1, h.exec("test", "-e", c.buildout() + "/var/client" + (i + 1) + ".pid").exitCode(),
                            "the pid file must be gone");
                }
            }
        }
        if (!c.flavour().equals("supervisor")) {
            assertEquals(1, zeo.exec("test", "-e", c.buildout() + "/var/zeoserver.pid").exitCode());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"daemon", "plonectl", "supervisor"})
    void startStatusRestartStop(String flavour) throws Exception {
        Cluster c = cluster(flavour, flavour);
        CliRun start = play("start-cluster.yml", c);
        assertEquals(0, start.exitCode(), start::toString);
        assertRunning(c);

        CliRun status = play("status.yml", c);
        assertEquals(0, status.exitCode(), status::toString);
        String statusJson = report().toString();
        assertTrue(statusJson.contains(flavour.equals("supervisor") ? "RUNNING" : "program running"), statusJson);

        String before = servedBy(get(app1.address(), c.app1Ports()[0]).body(), "client1");
        CliRun restart = play("restart-cluster.yml", c);
        assertEquals(0, restart.exitCode(), restart::toString);
        assertRunning(c);
        String after = servedBy(get(app1.address(), c.app1Ports()[0]).body(), "client1");
        assertFalse(before.equals(after), "restart must start a new client1 process");

        CliRun stop = play("stop-cluster.yml", c);
        assertEquals(0, stop.exitCode(), stop::toString);
        assertStopped(c);

        CliRun down = play("status.yml", c);
        assertEquals(2, down.exitCode(), down::toString);
    }

    @Test
    void clientsStartedBeforeTheirZeoserverDoNotReportReady() throws Exception {
        Cluster c = cluster("daemon", "nozeo");
        CliRun start = play("start-cluster.yml", c, "-l", "clients", "-e", "plone_start_retries=2",
                "-e", "plone_start_delay=1");
        assertEquals(2, start.exitCode(), start::toString);
        assertTrue(start.out().contains("fatal: [app1]: FAILED! wait until every client answers 200"), start::toString);
        assertTrue(start.out().contains("Status code was 503"), start::toString);
        assertEquals(503, get(app1.address(), c.app1Ports()[0]).statusCode());
        play("stop-cluster.yml", c);
    }

    @Test
    void aClientThatFailsToStartFailsItsStepWithItsOutput() throws Exception {
        Cluster c = cluster("daemon", "failing", "client2.fail-start=true");
        CliRun start = play("start-cluster.yml", c);
        assertEquals(2, start.exitCode(), start::toString);
        JsonNode failed = null;
        for (JsonNode step : report().get("steps")) {
            if (step.get("host").asText().equals("app1") && step.get("task").asText().equals("start the clients")) {
                failed = step;
            }
        }
        assertTrue(failed != null, report()::toString);
        assertEquals("failed", failed.get("status").asText());
        JsonNode client2 = failed.get("items").get(1);
        assertEquals("client2", client2.get("label").asText());
        assertEquals("failed", client2.get("status").asText());
        assertTrue(client2.get("stderr").asText().contains("fail-start"), client2.toString());
        assertEquals("changed", failed.get("items").get(0).get("status").asText(), "client1 starts");
        play("stop-cluster.yml", c);
    }
}
