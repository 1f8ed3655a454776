package herd.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** vars_prompt with no terminal (as in CI): -e, else the default, else a refusal before anything runs. */
class VarsPromptTest {
    @TempDir
    Path dir;

    private CliRun run(String... extra) throws IOException {
        Files.writeString(dir.resolve("inventory.yml"), "all:\n  hosts:\n    one:\n  vars:\n    ansible_connection: local\n");
        Path pb = Files.writeString(dir.resolve("site.yml"), """
                - hosts: all
                  gather_facts: false
                  vars_prompt:
                    - name: release
                      prompt: Which release
                  tasks:
                    - command: touch %s/ran-{{ release }}
                """.formatted(dir));
        String[] args = new String[4 + extra.length];
        System.arraycopy(new String[] {"run", pb.toString(), "-i", dir.resolve("inventory.yml").toString()}, 0, args, 0, 4);
        System.arraycopy(extra, 0, args, 4, extra.length);
        return CliRun.of(args);
    }

    @Test
    void withoutATerminalDefaultOrExtraVarTheRunIsRefusedAndNothingRuns() throws IOException {
        CliRun r = run("--no-lock");
        assertEquals(4, r.exitCode(), r.toString());
        assertTrue(r.err().contains("site.yml:4:7: vars_prompt 'release' needs a value, and there is no terminal to ask on"),
                r.err());
        assertTrue(r.err().contains("give it with -e release=... or a default"), r.err());
        assertEquals(1, r.err().lines().filter(l -> l.startsWith("ERROR:")).count(), r.err());
        try (var files = Files.list(dir)) {
            assertTrue(files.noneMatch(f -> f.getFileName().toString().startsWith("ran-")), "something ran");
        }
    }

    @Test
    void anExtraVariableAnswersThePrompt() throws IOException {
        CliRun r = run("--no-lock", "-e", "release=42");
        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(Files.exists(dir.resolve("ran-42")));
    }
}
