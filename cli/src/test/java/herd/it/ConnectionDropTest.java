package herd.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import herd.testbed.TestHost;
import herd.testbed.TestKeys;

/** A connection that drops: between steps it is opened again; during a command that step is unreachable. */
class ConnectionDropTest {
    private static TestHost host;

    @TempDir
    Path dir;

    @BeforeAll
    static void startHost() {
        host = TestHost.start();
    }

    @AfterAll
    static void stopHost() {
        host.close();
    }

    private CliRun run(String playbook) throws IOException {
        Path inv = Files.writeString(dir.resolve("inv.yml"), "all:\n  hosts:\n    h1:\n      ansible_host: " + host.address()
                + "\n      ansible_port: " + host.port() + "\n      ansible_user: deploy\n"
                + "    ctl:\n      ansible_connection: local\n");
        Path pb = Files.writeString(dir.resolve("pb.yml"), playbook);
        Path knownHosts = TestHost.writeKnownHosts(dir.resolve("known_hosts"), host);
        return CliRun.of("run", pb.toString(), "-i", inv.toString(), "--private-key", TestKeys.privateKey().toString(),
                "--known-hosts", knownHosts.toString(), "--no-color", "--no-lock", "--journal",
                dir.resolve("journal").toString(), "--json", dir.resolve("r.json").toString());
    }

    /** Once {@code marker} exists on the host, kills every sshd process serving deploy: the connection drops. */
    private static Thread dropWhen(String marker, Path then) {
        return Thread.ofPlatform().start(() -> {
            // polls for the run to get there; no time limit is asserted
            while (host.exec("test", "-e", marker).exitCode() != 0) {
                sleep();
            }
            host.exec("pkill", "-f", "sshd: deploy");
            while (host.exec("pgrep", "-f", "sshd: deploy").exitCode() == 0) {
                sleep();
            }
            if (then != null) {
                try {
                    Files.writeString(then, "go");
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
        });
    }

    private static void sleep() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private JsonNode step(String task) throws IOException {
        for (JsonNode s : new ObjectMapper().readTree(dir.resolve("r.json").toFile()).get("steps")) {
            if (s.get("task").asText().equals(task) && s.get("host").asText().equals("h1")) {
                return s;
            }
        }
        throw new AssertionError("no step " + task);
    }

    @Test
    void aConnectionDroppedBetweenStepsIsOpenedAgainAndTheRunGoesOn() throws Exception {
        String marker = "/tmp/herd-first-" + System.nanoTime();
        Path go = dir.resolve("go");
        Thread dropper = dropWhen(marker, go);
        CliRun r = run("- hosts: h1\n  gather_facts: false\n  tasks:\n"
                + "    - name: first\n      command: touch " + marker + "\n"
                + "    - name: the test drops the connection\n      wait_for:\n        path: " + go
                + "\n      delegate_to: ctl\n"
                + "    - name: second\n      command: echo again\n");
        dropper.join();
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals("again", step("second").get("stdout").asText(), r::toString);
        assertEquals("changed", step("second").get("status").asText(), r::toString);
    }

    @Test
    void aConnectionDroppedDuringACommandMakesThatStepUnreachableWithTheOutputSoFar() throws Exception {
        String marker = "/tmp/herd-started-" + System.nanoTime();
        Thread dropper = dropWhen(marker, null);
        CliRun r = run("- hosts: h1\n  gather_facts: false\n  tasks:\n"
                + "    - name: long\n      shell: echo before; touch " + marker + "; sleep 600\n"
                + "    - name: never\n      command: echo never\n");
        dropper.join();
        assertEquals(3, r.exitCode(), r::toString);
        assertTrue(r.out().contains("fatal: [h1]: UNREACHABLE! long"), r::toString);
        assertTrue(r.out().contains("connection to " + host.address() + ":" + host.port() + " dropped during the command"),
                r::toString);
        JsonNode long_ = step("long");
        assertEquals("unreachable", long_.get("status").asText(), r::toString);
        assertEquals("before", long_.get("stdout").asText().strip(), r::toString);
        assertTrue(r.out().contains("before"), r::toString);
        assertTrue(List.of(r.out().split("\n")).stream().noneMatch(l -> l.contains("] never")), r::toString);
    }
}
