package herd.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The controller's disk in trouble: a journal or report that cannot be written is refused before
 * anything runs; a disk that fills in the middle of a roll lets the running batch finish (so a
 * client that was taken out is put back by that batch's own steps) and starts no further batch.
 * The full disk is a real one: a tmpfs of one page, mounted by the test (as root, as CI runs).
 */
class DiskTroubleTest {
    private static final String INVENTORY = """
            [clients]
            app[1:5] ansible_connection=local
            """;

    @TempDir
    Path dir;

    private Path write(String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, text);
        return file;
    }

    private Path touchPlaybook() throws IOException {
        return write("pb.yml", "- hosts: all\n  gather_facts: false\n  tasks:\n    - file:\n        path: " + dir.resolve("marker")
                + "\n        state: touch\n");
    }

    @Test
    void aJournalThatCannotBeWrittenStopsTheRunBeforeItStarts() throws IOException {
        Path inv = write("inv.ini", INVENTORY);
        Path pb = touchPlaybook();
        // /dev/full: opening works, every write fails with ENOSPC, as on a full disk
        CliRun r = CliRun.of("run", pb.toString(), "-i", inv.toString(), "--journal", "/dev/full");
        assertEquals(1, r.exitCode(), r::toString);
        assertEquals("herd: cannot write the journal /dev/full: No space left on device (run with -v for details)\n",
                r.err(), r::toString);
        assertFalse(Files.exists(dir.resolve("marker")), r::toString);
        assertFalse(r.out().contains("PLAY"), r::toString);
    }

    @Test
    void reportsThatCannotBeWrittenStopTheRunBeforeItStarts() throws IOException {
        Path inv = write("inv.ini", INVENTORY);
        Path pb = touchPlaybook();
        for (String option : new String[] {"--json", "--junit", "--html"}) {
            CliRun r = CliRun.of("run", pb.toString(), "-i", inv.toString(), option, "/proc/herd-none/report");
            assertEquals(1, r.exitCode(), r::toString);
            assertTrue(r.err().startsWith("herd: cannot write the "), r::toString);
            assertTrue(r.err().contains(" report /proc/herd-none/report: "), r::toString);
            assertFalse(Files.exists(dir.resolve("marker")), r::toString);
            assertFalse(r.out().contains("PLAY"), r::toString);
        }
        Path folder = Files.createDirectories(dir.resolve("a-folder"));
        CliRun r = CliRun.of("run", pb.toString(), "-i", inv.toString(), "--json", folder.toString());
        assertEquals(1, r.exitCode(), r::toString);
        assertTrue(r.err().contains("it is a folder"), r::toString);
        assertFalse(Files.exists(dir.resolve("marker")), r::toString);
    }

    @Test
    void aDiskThatFillsMidRollFinishesTheBatchAndStartsNoOther() throws Exception {
        Path mount = Files.createDirectories(dir.resolve("full"));
        run("mount", "-t", "tmpfs", "-o", "size=4k", "herd-full", mount.toString());
        try {
            Path inv = write("inv.ini", INVENTORY);
            StringBuilder tasks = new StringBuilder();
            for (String phase : new String[] {"drain", "stop", "start", "wait", "warm", "enable"}) {
                tasks.append("    - name: ").append(phase).append(" the client ").append("x".repeat(200)).append('\n')
                        .append("      command: echo ").append(phase).append(" {{ inventory_hostname }}\n");
            }
            Path pb = write("roll.yml", "- hosts: clients\n  serial: 1\n  gather_facts: false\n  tasks:\n" + tasks);
            Path json = dir.resolve("report.json");
            CliRun r = CliRun.of("run", pb.toString(), "-i", inv.toString(), "--journal", mount.resolve("j.jsonl").toString(),
                    "--json", json.toString());
            assertEquals(1, r.exitCode(), r::toString);
            assertTrue(r.out().contains("cannot write the journal " + mount.resolve("j.jsonl")
                    + ": No space left on device; the batch running now finishes, then the run stops"), r::toString);
            JsonNode doc = new ObjectMapper().readTree(json.toFile());
            assertTrue(doc.get("halted").asText().startsWith("cannot write the journal"), doc::toString);
            Map<String, Integer> steps = new LinkedHashMap<>();
            doc.get("steps").forEach(s -> steps.merge(s.get("host").asText(), 1, Integer::sum));
            // every batch that started ran all its steps; the disk filled before the last batch, which never started
            assertFalse(steps.isEmpty(), doc::toString);
            steps.forEach((host, count) -> assertEquals(6, count, () -> host + " stopped mid-batch: " + steps));
            assertTrue(steps.size() < 5, () -> "every batch ran: " + steps);
            assertEquals(0, doc.get("stats").get("app1").get("failed").asInt(), doc::toString);
        } finally {
            run("umount", mount.toString());
        }
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), () -> String.join(" ", command) + " (this test mounts a tmpfs: run it as root): " + out);
    }
}
