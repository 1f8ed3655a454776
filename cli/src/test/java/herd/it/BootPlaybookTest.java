package herd.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import herd.testbed.TestHost;
import herd.testbed.TestKeys;

/**
 * playbooks/boot.yml, the seed's "Starting and stopping Plone with the server", on a simulated ZEO
 * cluster (a zeoserver host, an app host with two clients): in each way (supervisor programs, or an
 * init script), the playbook makes the cluster start, a second run changes nothing, and after a
 * simulated reboot (every Plone and supervisor process killed, then only the rc2.d scripts the
 * playbook enabled are started, as init would) every client answers 200 without herd.
 */
class BootPlaybookTest {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"supervisor", "initd"})
    void theClusterStartsWithTheServer(String way) throws Exception {
        try (TestHost zeo = TestHost.start(); TestHost app = TestHost.start()) {
            String buildout = "/var/db/plone/boot-" + way;
            int zeoPort = TestHost.freePort(zeo.address());
            int port = TestHost.freePort(app.address());
            for (TestHost host : List.of(zeo, app)) {
                host.copyInto(ClusterPlaybooksTest.ROOT.resolve("testbed/plone"), ClusterPlaybooksTest.SIM);
                boolean isApp = host == app;
                host.sh("sh " + ClusterPlaybooksTest.SIM + "/make-buildout.sh " + buildout + " --clients "
                        + (isApp ? 2 : 0) + " --zeo-address " + zeo.address() + " --zeo-port " + zeoPort
                        + " --http-address " + host.address() + (isApp ? " --base-port " + port : "")
                        + " --owner plone_daemon --python /usr/bin/python3"
                        + (isApp ? " --set clients.startup-seconds=1 --set clients.stop-seconds=1"
                        + " --set clients.cold-seconds=0" : ""));
                if (way.equals("supervisor")) {
                    // installing Debian's package starts supervisord, as the seed says
                    host.sh("/etc/init.d/supervisor start >/dev/null");
                }
            }
            Path inventory = inventory(way, buildout, zeo, app, zeoPort, port);

            CliRun first = play(inventory, zeo, app);
            assertEquals(0, first.exitCode(), first::toString);
            assertClientsAnswer(app, port, "after the first run");

            CliRun second = play(inventory, zeo, app);
            assertEquals(0, second.exitCode(), second::toString);
            for (JsonNode counts : report().path("stats")) {
                assertEquals(0, counts.path("changed").asInt(), "a second run changes nothing:\n" + second);
            }

            for (TestHost host : List.of(zeo, app)) {
                // the power goes: every process of the cluster and supervisor ends at once
                // ([s] and [p]: the patterns must not match this very command line)
                host.sh("pkill -9 -f '[s]upervisord'; pkill -9 -f '[p]lonesim'; sleep 0.5;"
                        + " if pgrep -f '[p]lonesim'; then exit 1; fi");
            }
            assertTrue(get(app, port).isEmpty(), "the clients must be down before the boot");
            for (TestHost host : List.of(zeo, app)) {
                // what init does at runlevel 2 for the services the playbook enabled
                String started = host.sh("for s in /etc/rc2.d/S*; do case $s in *plone*|*supervisor*)"
                        + " \"$s\" start >/dev/null 2>&1 && echo \"$s\";; esac; done");
                assertTrue(!started.isBlank(), host + " has no boot script for the cluster");
            }
            assertClientsAnswer(app, port, "after the simulated reboot");
        }
    }

    private Path inventory(String way, String buildout, TestHost zeo, TestHost app, int zeoPort, int port)
            throws IOException {
        String yaml = """
                all:
                  vars:
                    ansible_user: deploy
                    plone_buildout: %s
                    plone_boot: %s
                    plone_zeoserver_host: %s
                    plone_zeoserver_port: %d
                  children:
                    zeoservers:
                      hosts:
                        zeo:
                          ansible_host: %s
                          ansible_port: %d
                    clients:
                      hosts:
                        app:
                          ansible_host: %s
                          ansible_port: %d
                          plone_http_address: %s
                          plone_clients:
                            - {name: client1, port: %d}
                            - {name: client2, port: %d}
                """.formatted(buildout, way, zeo.address(), zeoPort, zeo.address(), zeo.port(), app.address(),
                app.port(), app.address(), port, port + 1);
        Path file = dir.resolve("boot-" + way + ".yml");
        Files.writeString(file, yaml);
        return file;
    }

    private CliRun play(Path inventory, TestHost... hosts) {
        Path knownHosts = TestHost.writeKnownHosts(dir.resolve("known_hosts"), hosts);
        List<String> args = new ArrayList<>(List.of("run",
                ClusterPlaybooksTest.ROOT.resolve("playbooks/boot.yml").toString(), "-i", inventory.toString(),
                "--private-key", TestKeys.privateKey().toString(), "--known-hosts", knownHosts.toString(),
                "--no-color", "--json", dir.resolve("report.json").toString()));
        return CliRun.of(args.toArray(String[]::new));
    }

    private JsonNode report() throws IOException {
        return new ObjectMapper().readTree(dir.resolve("report.json").toFile());
    }

    /** Both clients answer 200, waiting up to a minute for them to come up (a guard, not a speed check). */
    private static void assertClientsAnswer(TestHost app, int port, String when) throws InterruptedException {
        Instant until = Instant.now().plusSeconds(60);
        for (int p : new int[] {port, port + 1}) {
            java.util.Optional<Integer> status = get(app, p);
            while (!status.equals(java.util.Optional.of(200)) && Instant.now().isBefore(until)) {
                Thread.sleep(500);
                status = get(app, p);
            }
            assertEquals(java.util.Optional.of(200), status, "the client on port " + p + " " + when);
        }
    }

    private static java.util.Optional<Integer> get(TestHost app, int port) {
        try {
            HttpResponse<Void> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://" + app.address() + ":" + port + "/"))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.discarding());
            return java.util.Optional.of(r.statusCode());
        } catch (IOException e) {
            return java.util.Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return java.util.Optional.empty();
        }
    }
}
