package herd.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * no_log: what a hidden task printed appears in no output and no file herd writes (console, JSON,
 * JUnit, HTML, the journal, --dry-run), while later tasks still see what it registered.
 */
class NoLogTest {
    private static final String SECRET = "s3cret-9f4a7c";

    @TempDir
    Path dir;

    private Path playbook() throws IOException {
        Files.writeString(dir.resolve("inventory.yml"), """
                all:
                  hosts:
                    one:
                  vars:
                    ansible_connection: local
                """);
        return Files.writeString(dir.resolve("site.yml"), """
                - hosts: all
                  gather_facts: false
                  tasks:
                    - name: print the secret
                      command: echo %1$s
                      no_log: true
                      register: hidden
                    - name: fail with the secret
                      shell: echo %1$s >&2; exit 3
                      no_log: true
                      ignore_errors: true
                    - name: loop over the secret
                      command: echo {{ item }}
                      loop: ["%1$s"]
                      no_log: true
                    - name: later tasks see the registered value
                      command: test {{ hidden.stdout | length }} = %2$d
                """.formatted(SECRET, SECRET.length()));
    }

    @Test
    void aHiddenResultIsInNoOutputAndNoReportButStaysRegistered() throws IOException {
        Path pb = playbook();
        Path json = dir.resolve("run.json");
        Path junit = dir.resolve("run.xml");
        Path html = dir.resolve("run.html");
        Path journal = dir.resolve("journal.jsonl");
        CliRun r = CliRun.of("run", pb.toString(), "-i", dir.resolve("inventory.yml").toString(), "--no-lock",
                "--json", json.toString(), "--junit", junit.toString(), "--html", html.toString(),
                "--journal", journal.toString());
        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(r.out().contains("the output has been hidden due to the fact that 'no_log: true' was specified"
                + " for this result"), r.out());
        assertTrue(Files.readString(json).contains("\"changed\""), "the JSON report was written");
        for (String text : Stream.of(json, junit, html, journal).map(NoLogTest::read).toList()) {
            assertNoSecret(text);
        }
        assertNoSecret(r.out());
        assertNoSecret(r.err());
    }

    @Test
    void theDryRunShowsNoHiddenCommand() throws IOException {
        Path pb = playbook();
        CliRun r = CliRun.of("run", pb.toString(), "-i", dir.resolve("inventory.yml").toString(), "--dry-run");
        assertEquals(0, r.exitCode(), r.toString());
        assertNoSecret(r.out());
        assertTrue(r.out().contains("later tasks see the registered value"), r.out());
    }

    private static void assertNoSecret(String text) {
        assertFalse(text.contains(SECRET), "the secret is shown:\n" + text);
        assertFalse(text.contains(Base64.getEncoder().encodeToString(SECRET.getBytes())), "the secret is shown in base64");
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
