package herd.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * environment values reach the command, but not through its argument list (which any user on the
 * host can read in /proc) nor any output herd writes: they travel on the command's standard input.
 */
class EnvironmentTest {
    private static final String VALUE = "tok-7e21 with 'quotes' $and \"more\"";

    @TempDir
    Path dir;

    @Test
    void theValueIsInTheCommandsEnvironmentAndNotInItsArguments() throws IOException {
        Files.writeString(dir.resolve("inventory.yml"), "all:\n  hosts:\n    one:\n  vars:\n    ansible_connection: local\n");
        Path pb = Files.writeString(dir.resolve("site.yml"), """
                - hosts: all
                  gather_facts: false
                  tasks:
                    - name: arguments, then the value
                      shell: tr '\\\\0' ' ' < /proc/$$/cmdline > %1$s/args; printf '%%s' "$API_TOKEN" > %1$s/value
                      environment:
                        API_TOKEN: "{{ token }}"
                """.formatted(dir));
        Path json = dir.resolve("run.json");
        CliRun r = CliRun.of("run", pb.toString(), "-i", dir.resolve("inventory.yml").toString(), "--no-lock",
                "-e", "{\"token\": \"" + VALUE.replace("\"", "\\\"") + "\"}", "--json", json.toString());
        assertEquals(0, r.exitCode(), r.toString());
        assertEquals(VALUE, Files.readString(dir.resolve("value")));
        String args = Files.readString(dir.resolve("args"));
        assertTrue(args.contains("/proc/"), "the shell's own arguments were read: " + args);
        assertFalse(args.contains("tok-7e21"), "the value is in the argument list: " + args);
        assertFalse(r.out().contains("tok-7e21"), r.out());
        assertFalse(Files.readString(json).contains("tok-7e21"));
    }
}
