package herd.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import herd.testbed.TestHost;
import herd.testbed.TestKeys;

/**
 * More hosts than the cap on open connections ({@code --max-connections}): one container serving 12
 * inventory hosts on 12 loopback addresses, so its sshd processes count every connection herd holds.
 * Each step counts them on the host; the run must stay under the cap (plus the busy connections) and
 * still end ok everywhere.
 */
class ManyHostsTest {
    private static final int HOSTS = 12;
    private static TestHost container;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        container = TestHost.startMany(HOSTS);
    }

    @AfterAll
    static void stop() {
        container.close();
    }

    private static final String PLAYBOOK = """
            - name: count the connections the host serves
              hosts: all
              gather_facts: false
              tasks:
                - name: count 1
                  command: pgrep -c -u deploy -f '^sshd[:] deploy'
                - name: count 2
                  command: pgrep -c -u deploy -f '^sshd[:] deploy'
                - name: count 3
                  command: pgrep -c -u deploy -f '^sshd[:] deploy'
            """;

    private CliRun run(String... extra) throws IOException {
        StringBuilder inv = new StringBuilder("all:\n  vars:\n    ansible_user: deploy\n    ansible_port: ")
                .append(container.port()).append("\n  hosts:\n");
        List<String> addresses = container.addresses();
        for (int i = 0; i < addresses.size(); i++) {
            inv.append("    h").append(i + 1).append(": {ansible_host: ").append(addresses.get(i)).append("}\n");
        }
        Path inventory = Files.writeString(dir.resolve("inv.yml"), inv.toString());
        Path playbook = Files.writeString(dir.resolve("pb.yml"), PLAYBOOK);
        Path knownHosts = TestHost.writeKnownHosts(dir.resolve("known_hosts"), container);
        waitForNoSessions();
        List<String> args = new ArrayList<>(List.of("run", playbook.toString(), "-i", inventory.toString(),
                "--private-key", TestKeys.privateKey().toString(), "--known-hosts", knownHosts.toString(),
                "--no-color", "--json", dir.resolve("report.json").toString()));
        args.addAll(List.of(extra));
        return CliRun.of(args.toArray(String[]::new));
    }

    /** The sshd processes of an earlier run end a moment after it: wait for them (bounded). */
    private static void waitForNoSessions() {
        for (int i = 0; i < 100; i++) {
            TestHost.ExecResult r = container.exec("pgrep", "-c", "-u", "deploy", "-f", "^sshd: deploy");
            if (r.stdout().strip().equals("0")) {
                return;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        throw new AssertionError("sshd sessions of an earlier run did not end");
    }

    private List<Integer> counts(JsonNode doc) {
        List<Integer> counts = new ArrayList<>();
        for (JsonNode step : doc.get("steps")) {
            assertEquals("changed", step.get("status").asText(), step::toString);
            counts.add(Integer.parseInt(step.get("stdout").asText().strip()));
        }
        return counts;
    }

    @Test
    void aCapBelowTheHostCountKeepsTheHostsConnectionsUnderItAndEveryStepRuns() throws IOException {
        CliRun r = run("-f", "2", "--max-connections", "4");
        assertEquals(0, r.exitCode(), r::toString);
        JsonNode doc = new ObjectMapper().readTree(dir.resolve("report.json").toFile());
        List<Integer> counts = counts(doc);
        assertEquals(HOSTS * 3, counts.size());
        System.out.println("12 hosts, -f 2 --max-connections 4: connections the host served at each step " + counts
                + ", " + doc.get("connections"));
        // 4 kept open, 2 at most busy past the cap, and the sshd of a connection just closed may linger a moment
        assertTrue(counts.stream().allMatch(c -> c <= 4 + 2), "connections the host served: " + counts);
        for (int i = 1; i <= HOSTS; i++) {
            assertEquals(3, doc.get("stats").get("h" + i).get("ok").asInt());
        }
        JsonNode c = doc.get("connections");
        assertEquals(4, c.get("max").asInt());
        assertTrue(c.get("peak").asInt() <= 4, "herd held more than the cap: " + c);
        assertTrue(c.get("reopened").asInt() >= HOSTS, c::toString);
        assertTrue(r.out().contains("CONNECTIONS: at most 4 open at once (--max-connections)"), r::toString);
    }

    @Test
    void withoutACapInTheWayEveryHostKeepsItsOneConnectionForTheWholeRun() throws IOException {
        CliRun r = run("-f", "4");
        assertEquals(0, r.exitCode(), r::toString);
        JsonNode doc = new ObjectMapper().readTree(dir.resolve("report.json").toFile());
        List<Integer> counts = counts(doc);
        // by the last step every host is connected: 12 connections, none closed and reopened
        assertEquals(HOSTS, counts.getLast(), "connections the host served: " + counts);
        assertEquals(0, doc.get("connections").get("reopened").asInt());
        assertEquals(HOSTS, doc.get("connections").get("peak").asInt());
        assertTrue(!r.out().contains("CONNECTIONS:"), r::toString);
    }
}
