package herd.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real SIGINT sent to a running herd process: it stops its commands, reports, and exits 99. */
class InterruptTest {
    @TempDir
    Path dir;

    @Test
    void sigintEndsTheRunWithExitCode99() throws Exception {
        Path inv = dir.resolve("inv.yml");
        Files.writeString(inv, "all:\n  hosts:\n    one:\n  vars:\n    ansible_connection: local\n");
        String marker = dir.resolve("after").toString();
        Path pb = dir.resolve("pb.yml");
        Files.writeString(pb, "- hosts: all\n  gather_facts: false\n  tasks:\n    - name: long\n      command: sleep 120\n"
                + "    - name: never\n      command: touch " + marker + "\n");
        Path report = dir.resolve("report.json");
        String java = ProcessHandle.current().info().command().orElseThrow();
        Process herd = Foreground.process(List.of(java, "-cp", System.getProperty("java.class.path"), "herd.cli.Main",
                "run", pb.toString(), "-i", inv.toString(), "--json", report.toString(), "--grace", "1"))
                .redirectErrorStream(true).start();
        StringBuilder out = new StringBuilder();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(herd.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                out.append(line).append('\n');
                if (line.startsWith("TASK [long]")) {
                    waitForChild(herd, "sleep");
                    new ProcessBuilder("kill", "-INT", Long.toString(herd.pid())).start().waitFor();
                }
            }
        }
        assertTrue(herd.waitFor(60, TimeUnit.SECONDS), "herd must end after SIGINT");
        assertEquals(99, herd.exitValue(), out::toString);
        assertTrue(out.toString().contains("interrupted: herd was asked to stop while this step ran"), out::toString);
        assertTrue(out.toString().contains("INTERRUPTED"), out::toString);
        assertFalse(Files.exists(Path.of(marker)), "no step may start after the interrupt");
        String json = Files.readString(report);
        assertTrue(json.contains("\"interrupted\" : true"), json);
        assertTrue(json.contains("\"exit_code\" : 99"), json);
        assertFalse(herd.descendants().anyMatch(ProcessHandle::isAlive), "the sleep must be ended");
    }

    @Test
    void aStepThatEndsWithinTheGracePeriodFinishesAndNoNewStepStarts() throws Exception {
        Path inv = dir.resolve("inv.yml");
        Files.writeString(inv, "all:\n  hosts:\n    one:\n  vars:\n    ansible_connection: local\n");
        String done = dir.resolve("done").toString();
        String marker = dir.resolve("after").toString();
        Path pb = dir.resolve("pb.yml");
        Files.writeString(pb, "- hosts: all\n  gather_facts: false\n  tasks:\n    - name: short\n      shell: sleep 2 && touch " + done + "\n"
                + "    - name: never\n      command: touch " + marker + "\n");
        Path report = dir.resolve("report.json");
        String java = ProcessHandle.current().info().command().orElseThrow();
        Process herd = Foreground.process(List.of(java, "-cp", System.getProperty("java.class.path"), "herd.cli.Main",
                "run", pb.toString(), "-i", inv.toString(), "--json", report.toString()))
                .redirectErrorStream(true).start();
        StringBuilder out = new StringBuilder();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(herd.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                out.append(line).append('\n');
                if (line.startsWith("TASK [short]")) {
                    waitForChild(herd, "sleep");
                    new ProcessBuilder("kill", "-TERM", Long.toString(herd.pid())).start().waitFor();
                }
            }
        }
        assertTrue(herd.waitFor(60, TimeUnit.SECONDS), "herd must end after SIGTERM");
        assertEquals(99, herd.exitValue(), out::toString);
        assertTrue(out.toString().contains("herd: interrupted: no new step starts; running steps have 30 s to finish"),
                out::toString);
        assertTrue(out.toString().contains("changed: [one] short"), out::toString);
        assertTrue(Files.exists(Path.of(done)), "the running step must finish within the grace period");
        assertFalse(Files.exists(Path.of(marker)), "no step may start after the interrupt");
        assertTrue(Files.readString(report).contains("\"exit_code\" : 99"));
    }

    private static void waitForChild(Process parent, String name) throws InterruptedException {
        for (int i = 0; i < 600; i++) {
            boolean found = parent.descendants().anyMatch(p -> p.info().command().orElse("").endsWith("/" + name));
            if (found) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("herd never started " + name);
    }
}
