package herd.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile and broken input, each case the way an operator could meet it (a truncated copy, an
 * editor's tabs, a binary file under a YAML name, a generated monster, an endless device, a damaged
 * vault file): {@code herd run} refuses with exit 4 and one message naming file:line:column, no
 * stack trace, and nothing runs, not even the valid play before the broken part (it would touch a
 * marker file). The timeout is a hang guard, not a speed assertion.
 */
@Timeout(120)
class BadInputTest {
    private static final Pattern PROBLEM = Pattern.compile("^ERROR: (\\S+):(\\d+):(\\d+): .+", Pattern.DOTALL);

    @TempDir
    Path dir;

    private Path marker() {
        return dir.resolve("marker");
    }

    /** A play that would leave the marker file: nothing may run, so it must stay absent. */
    private String touchPlay() {
        return "- hosts: all\n  gather_facts: false\n  tasks:\n    - file:\n        path: " + marker() + "\n        state: touch\n";
    }

    private Path write(String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
        return file;
    }

    private Path inventory() throws IOException {
        return write("inv.ini", "web1 ansible_connection=local\nweb2 ansible_connection=local\n");
    }

    /** Runs herd and checks the refusal: exit 4, the first line at {@code file}, no stack trace, the marker absent. */
    private CliRun refused(Path file, String expected, String... args) {
        List<String> all = new ArrayList<>(List.of("run"));
        all.addAll(List.of(args));
        CliRun r = CliRun.of(all.toArray(String[]::new));
        assertEquals(4, r.exitCode(), r::toString);
        String first = r.err().lines().findFirst().orElse("");
        var m = PROBLEM.matcher(first);
        assertTrue(m.matches(), () -> "no file:line:column in " + r);
        assertEquals(file.toString(), Path.of(m.group(1)).toAbsolutePath().normalize().toString(), r::toString);
        assertTrue(Integer.parseInt(m.group(2)) >= 1 && Integer.parseInt(m.group(3)) >= 1, r::toString);
        assertTrue(first.contains(expected), () -> "expected '" + expected + "' in " + r);
        assertFalse(r.err().contains("\tat ") || r.err().contains("Exception"), r::toString);
        assertFalse(Files.exists(marker()), () -> "something ran: " + r);
        assertEquals("", r.out(), r::toString);
        return r;
    }

    private CliRun refusedPlaybook(Path playbook, Path at, String expected) throws IOException {
        return refused(at, expected, playbook.toString(), "-i", inventory().toString());
    }

    @Test
    void truncatedYaml() throws IOException {
        Path pb = write("pb.yml", touchPlay() + "- hosts: all\n  tasks:\n    - command: \"echo half a line");
        CliRun r = refusedPlaybook(pb, pb, "YAML syntax error: found unexpected end of stream");
        assertTrue(r.err().startsWith("ERROR: " + pb + ":9:33:"), r::toString);
    }

    @Test
    void tabsForIndentation() throws IOException {
        Path pb = write("pb.yml", touchPlay() + "- hosts: all\n  tasks:\n\t- command: 'true'\n");
        CliRun r = refusedPlaybook(pb, pb, "Do not use \\t(TAB) for indentation");
        assertTrue(r.err().startsWith("ERROR: " + pb + ":9:1:"), r::toString);
    }

    @Test
    void binaryGarbage() throws IOException {
        byte[] garbage = new byte[4096];
        new Random(19).nextBytes(garbage);
        Path pb = dir.resolve("site.yml");
        Files.write(pb, garbage);
        refusedPlaybook(pb, pb, "the file is not YAML text");
    }

    @Test
    void aFiftyMegabytePlaybook() throws IOException {
        Path pb = dir.resolve("huge.yml");
        try (Writer w = Files.newBufferedWriter(pb, StandardCharsets.UTF_8)) {
            w.write(touchPlay() + "- hosts: all\n  tasks:\n");
            for (int i = 0; Files.size(pb) < 50L * 1024 * 1024 && i < 3_000_000; i++) {
                w.write("    - command: echo step number " + i + "\n");
            }
        }
        assertTrue(Files.size(pb) > 50L * 1000 * 1000);
        refusedPlaybook(pb, pb, "the file is larger than 16 MiB, herd's limit for a file it parses");
    }

    @Test
    void tenThousandDeepNesting() throws IOException {
        Path vars = write("deep.yml", "deep: " + "[".repeat(10_000) + "]".repeat(10_000) + "\n");
        Path pb = write("pb.yml", touchPlay().replace("  tasks:", "  vars_files: [deep.yml]\n  tasks:"));
        CliRun r = refusedPlaybook(pb, vars, "lists and mappings nested more than 50 deep");
        assertTrue(r.err().startsWith("ERROR: " + vars + ":1:56:"), r::toString);
        assertTrue(r.err().lines().allMatch(line -> line.length() < 200), "the quoted line is cut: " + r);
    }

    @Test
    void tenThousandDeepBlockSequences() throws IOException {
        Path vars = write("deep.yml", "deep:\n  " + "- ".repeat(10_000) + "bottom\n");
        Path pb = write("pb.yml", touchPlay().replace("  tasks:", "  vars_files: [deep.yml]\n  tasks:"));
        refusedPlaybook(pb, vars, "lists and mappings nested more than 50 deep");
    }

    @Test
    void aCycleOfPlaybookImports() throws IOException {
        Path a = write("a.yml", touchPlay() + "- import_playbook: b.yml\n");
        Path b = write("b.yml", "- import_playbook: c.yml\n");
        write("c.yml", "- import_playbook: a.yml\n");
        refusedPlaybook(a, dir.resolve("c.yml"), "imports itself");
    }

    @Test
    void aCycleOfTaskImports() throws IOException {
        Path pb = write("pb.yml", touchPlay() + "- hosts: all\n  tasks:\n    - import_tasks: one.yml\n");
        write("one.yml", "- import_tasks: two.yml\n");
        Path two = write("two.yml", "- import_tasks: one.yml\n");
        refusedPlaybook(pb, two, "includes itself");
    }

    @Test
    void aRoleThatDependsOnItself() throws IOException {
        Path meta = write("roles/base/meta/main.yml", "dependencies:\n  - role: common\n");
        write("roles/common/meta/main.yml", "dependencies:\n  - base\n");
        write("roles/base/tasks/main.yml", "- debug: msg=base\n");
        write("roles/common/tasks/main.yml", "- debug: msg=common\n");
        Path pb = write("pb.yml", touchPlay() + "- hosts: all\n  roles: [base]\n");
        CliRun r = refused(dir.resolve("roles/common/meta/main.yml"), "depends on itself",
                pb.toString(), "-i", inventory().toString());
        assertTrue(r.err().contains("base -> common -> base"), r::toString);
        assertTrue(Files.exists(meta));
    }

    @Test
    void anImportOfDevZero() throws IOException {
        Path pb = write("pb.yml", touchPlay() + "- hosts: all\n  tasks:\n    - import_tasks: /dev/zero\n");
        refusedPlaybook(pb, Path.of("/dev/zero"), "this is no regular file and it gave more than 16 MiB");
    }

    @Test
    void devZeroAsInventoryAndAsPlaybook() throws IOException {
        Path pb = write("pb.yml", touchPlay());
        refused(Path.of("/dev/zero"), "(endless, like /dev/zero?)", pb.toString(), "-i", "/dev/zero");
        refused(Path.of("/dev/zero"), "(endless, like /dev/zero?)", "/dev/zero", "-i", inventory().toString());
    }

    @Test
    void aVaultFileWithABadMac() throws IOException {
        Path password = write("pw", "correct horse\n");
        Path vars = write("secret.yml", "haproxy_admin_password: s3cr3t-Value\n");
        CliRun encrypted = CliRun.of("vault", "encrypt", vars.toString(), "--vault-password-file", password.toString());
        assertEquals(0, encrypted.exitCode(), encrypted::toString);
        List<String> lines = new ArrayList<>(Files.readAllLines(vars));
        String body = lines.get(3);
        // one hex digit of the ciphertext changed: still a well-formed envelope, the HMAC no longer matches
        lines.set(3, body.substring(0, 10) + (body.charAt(10) == '0' ? '1' : '0') + body.substring(11));
        Files.write(vars, lines);
        Path pb = write("pb.yml", touchPlay().replace("  tasks:", "  vars_files: [secret.yml]\n  tasks:"));
        CliRun r = refused(vars, "cannot decrypt the vault file", pb.toString(), "-i", inventory().toString(),
                "--vault-password-file", password.toString());
        assertFalse(r.err().contains("s3cr3t-Value"), r::toString);
    }

    @Test
    void anAliasBomb() throws IOException {
        StringBuilder text = new StringBuilder("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        for (char c = 'b'; c <= 'i'; c++) {
            String prev = String.valueOf((char) (c - 1));
            text.append(c).append(": &").append(c).append(" [").append(String.join(", ",
                    java.util.Collections.nCopies(10, "*" + prev))).append("]\n");
        }
        Path vars = write("bomb.yml", text.toString());
        Path pb = write("pb.yml", touchPlay().replace("  tasks:", "  vars_files: [bomb.yml]\n  tasks:"));
        refusedPlaybook(pb, vars, "stand for more than 1,000,000 values");
    }

    @Test
    void aMillionHostsFromOneRange() throws IOException {
        Path pb = write("pb.yml", touchPlay());
        Path ini = write("big.ini", "[web]\nweb[000000:999999].example.org ansible_connection=local\n");
        refused(ini, "has more than 100,000 hosts", pb.toString(), "-i", ini.toString());
        Path yaml = write("big.yml", "all:\n  hosts:\n    'web[0:999999]':\n      ansible_connection: local\n");
        refused(yaml, "has more than 100,000 hosts", pb.toString(), "-i", yaml.toString());
    }
}
