package herd.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import herd.testbed.TestHost;
import herd.testbed.TestKeys;

/**
 * Ansible Vault as operators use it: files and values encrypted by the real ansible-vault (1.1,
 * 1.2 with vault ids, a password file, a password script and a -client script) read by herd on a
 * real host, herd vault and ansible-vault reading each other's files, wrong and missing passwords,
 * and the secrets in no output, report or journal, nor in base64.
 */
class VaultTest {
    private static final String DB_PASSWORD = "db-Pa55-from-vault";
    private static final String API_TOKEN = "tok-inline-7f3e9a";
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

    private static String run(Path cwd, String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(cwd.toFile()).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), String.join(" ", command));
        assertEquals(0, p.exitValue(), String.join(" ", command) + ":\n" + out);
        return out;
    }

    private Path passwords() throws IOException {
        Files.writeString(dir.resolve("pw"), "main-vault-pass\n");
        Path script = dir.resolve("prod-client.sh");
        Files.writeString(script, "#!/bin/sh\n[ \"$1\" = --vault-id ] && [ \"$2\" = prod ] && echo prod-vault-pass\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        return dir.resolve("pw");
    }

    @Test
    void herdVaultAndAnsibleVaultReadEachOthersFiles() throws Exception {
        Path pw = passwords();
        Files.writeString(dir.resolve("a.yml"), "a: 1\n");
        CliRun enc = CliRun.of("vault", "encrypt", "--vault-password-file", pw.toString(), dir.resolve("a.yml").toString());
        assertEquals(0, enc.exitCode(), enc.toString());
        assertEquals("a: 1\n", run(dir, "ansible-vault", "view", "--vault-password-file", "pw", "a.yml"));
        Files.writeString(dir.resolve("b.yml"), "b: 2\n");
        run(dir, "ansible-vault", "encrypt", "--vault-id", "prod@prod-client.sh", "b.yml");
        assertTrue(Files.readString(dir.resolve("b.yml")).startsWith("$ANSIBLE_VAULT;1.2;AES256;prod"));
        CliRun view = CliRun.of("vault", "view", "--vault-id", "prod@" + dir.resolve("prod-client.sh"), dir.resolve("b.yml")
                .toString());
        assertEquals("b: 2\n", view.out(), view.toString());
        CliRun rekey = CliRun.of("vault", "rekey", "--vault-id", "prod@" + dir.resolve("prod-client.sh"),
                "--new-vault-password-file", pw.toString(), dir.resolve("b.yml").toString());
        assertEquals(0, rekey.exitCode(), rekey.toString());
        assertEquals("b: 2\n", run(dir, "ansible-vault", "view", "--vault-password-file", "pw", "b.yml"));
        CliRun string = CliRun.of("vault", "encrypt_string", "--vault-id", "prod@" + dir.resolve("prod-client.sh"),
                "--name", "greeting", "hello from herd");
        assertEquals(0, string.exitCode(), string.toString());
        Files.writeString(dir.resolve("vars.yml"), string.out());
        Files.writeString(dir.resolve("show.yml"), """
                - hosts: localhost
                  gather_facts: false
                  vars_files: [vars.yml]
                  tasks:
                    - debug: msg="{{ greeting }}"
                """);
        assertTrue(run(dir, "ansible-playbook", "-i", "localhost,", "-c", "local", "--vault-id", "prod@prod-client.sh",
                "show.yml").contains("\"msg\": \"hello from herd\""));
        CliRun decrypt = CliRun.of("vault", "decrypt", "--vault-password-file", pw.toString(), dir.resolve("a.yml").toString());
        assertEquals(0, decrypt.exitCode(), decrypt.toString());
        assertEquals("a: 1\n", Files.readString(dir.resolve("a.yml")));
    }

    private Path project() throws Exception {
        passwords();
        Files.createDirectories(dir.resolve("group_vars"));
        Files.writeString(dir.resolve("group_vars/all.yml"), "db_password: " + DB_PASSWORD + "\n");
        run(dir, "ansible-vault", "encrypt", "--vault-password-file", "pw", "group_vars/all.yml");
        String inline = run(dir, "ansible-vault", "encrypt_string", "--vault-id", "prod@prod-client.sh", API_TOKEN,
                "--name", "api_token").replace("Encryption successful", "").strip();
        Files.writeString(dir.resolve("api.conf.j2"), "url=https://api.example/?token={{ api_token }}\n");
        Files.writeString(dir.resolve("inventory.yml"), "all:\n  hosts:\n    box:\n      ansible_host: " + host.address()
                + "\n      ansible_port: " + host.port() + "\n      ansible_user: deploy\n");
        return Files.writeString(dir.resolve("site.yml"), """
                - hosts: all
                  gather_facts: false
                  vars:
                    %s
                  tasks:
                    - name: the command gets the real value
                      command: test "{{ db_password }}" = "%s"
                    - name: echo it
                      command: echo "{{ db_password }}"
                    - name: a template embeds it
                      template: src=api.conf.j2 dest=/tmp/api.conf mode=0600
                    - name: a failure shows it on stderr
                      shell: echo "no access with {{ db_password }}" >&2; exit 3
                      ignore_errors: true
                    - name: debug it
                      debug: msg="token is {{ api_token }}"
                    - name: in the environment
                      shell: echo "$TOKEN"
                      environment:
                        TOKEN: "{{ api_token }}"
                """.formatted(inline.replace("\n", "\n    "), DB_PASSWORD));
    }

    @Test
    void vaultValuesRunOnTheHostAndAppearInNoOutputReportOrJournal() throws Exception {
        Path site = project();
        Path known = TestHost.writeKnownHosts(dir.resolve("known_hosts"), host);
        List<Path> files = List.of(dir.resolve("run.json"), dir.resolve("run.xml"), dir.resolve("run.html"),
                dir.resolve("journal.jsonl"));
        CliRun r = CliRun.of("run", site.toString(), "-i", dir.resolve("inventory.yml").toString(), "--private-key",
                TestKeys.privateKey().toString(), "--known-hosts", known.toString(), "--no-lock", "-v",
                "--vault-password-file", dir.resolve("pw").toString(), "--vault-id", "prod@" + dir.resolve("prod-client.sh"),
                "--json", files.get(0).toString(), "--junit", files.get(1).toString(), "--html", files.get(2).toString(),
                "--journal", files.get(3).toString());
        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(r.out().contains("token is ********"), r.out());
        assertEquals("url=https://api.example/?token=" + API_TOKEN, host.sh("cat /tmp/api.conf").strip());
        List<String> texts = new ArrayList<>(List.of(r.out(), r.err()));
        for (Path f : files) {
            texts.add(Files.readString(f));
        }
        for (String text : texts) {
            for (String secret : List.of(DB_PASSWORD, API_TOKEN, "main-vault-pass", "prod-vault-pass")) {
                assertFalse(text.contains(secret), "the secret " + secret + " is shown:\n" + text);
                assertFalse(text.contains(Base64.getEncoder().encodeToString(secret.getBytes())), "in base64:\n" + text);
            }
        }
    }

    @Test
    void aWrongOrMissingPasswordStopsBeforeAnythingRunsNamingTheFileAndLine() throws Exception {
        Path site = project();
        Files.writeString(dir.resolve("wrong"), "not-it\n");
        CliRun wrong = CliRun.of("run", site.toString(), "-i", dir.resolve("inventory.yml").toString(), "--no-lock",
                "--vault-password-file", dir.resolve("wrong").toString());
        assertEquals(4, wrong.exitCode(), wrong.toString());
        assertTrue(wrong.err().contains(dir.resolve("group_vars/all.yml") + ":1:1: cannot decrypt the vault file: no vault"
                + " password given opens it"), wrong.err());
        assertTrue(wrong.err().contains(site + ":4:"), wrong.err());
        assertTrue(wrong.err().contains("nothing was run"), wrong.err());
        CliRun missing = CliRun.of("check", site.toString(), "-i", dir.resolve("inventory.yml").toString());
        assertEquals(4, missing.exitCode(), missing.toString());
        assertTrue(missing.err().contains("no vault password was given"), missing.err());
        assertFalse(missing.err().contains("Exception"), missing.err());
    }
}
