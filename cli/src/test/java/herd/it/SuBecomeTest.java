package herd.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
 * become_method: su against a real OpenSSH host where the login user has no sudo at all and root
 * has a password: su reads it from a terminal, which herd gives it on the host, with the password
 * on standard input, never in an argument list or any output.
 */
class SuBecomeTest {
    private static final String ROOT_PASSWORD = "R00t-pass w0rd 4417";
    private static TestHost host;

    @TempDir
    Path dir;

    @BeforeAll
    static void startHostWhereOnlySuBecomesRoot() {
        host = TestHost.start();
        host.sh("useradd --create-home --shell /bin/bash nosudo"
                + " && printf '%s\\n' 'root:" + ROOT_PASSWORD + "' 'nosudo:an0ther-unused' | chpasswd"
                + " && install -d -m 700 -o nosudo -g nosudo /home/nosudo/.ssh"
                + " && printf '%s\\n' '" + TestKeys.publicKeyLine() + "' > /home/nosudo/.ssh/authorized_keys"
                + " && chown nosudo:nosudo /home/nosudo/.ssh/authorized_keys"
                + " && chmod 600 /home/nosudo/.ssh/authorized_keys");
    }

    @AfterAll
    static void stopHost() {
        host.close();
    }

    private Path write(String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, text);
        return file;
    }

    private CliRun run(String password, String playbook) throws IOException {
        Path inv = write("inv.yml", "all:\n  hosts:\n    box:\n      ansible_host: " + host.address() + "\n"
                + "      ansible_port: " + host.port() + "\n      ansible_user: nosudo\n"
                + "      ansible_become_password: '" + password + "'\n");
        Path pb = write("pb.yml", playbook);
        Path knownHosts = TestHost.writeKnownHosts(dir.resolve("known_hosts"), host);
        List<String> args = new ArrayList<>(List.of("run", pb.toString(), "-i", inv.toString(), "--private-key",
                TestKeys.privateKey().toString(), "--known-hosts", knownHosts.toString(), "--no-color", "--no-lock",
                "--json", dir.resolve("report.json").toString(), "-v"));
        return CliRun.of(args.toArray(String[]::new));
    }

    @Test
    void suBecomesRootWithItsPasswordForCommandsShellsAndModules() throws IOException {
        CliRun r = run(ROOT_PASSWORD, """
                - hosts: all
                  gather_facts: false
                  become: true
                  become_method: su
                  tasks:
                    - name: who
                      command: id -un
                    - name: stdout and stderr stay apart
                      shell: echo out; echo err >&2
                    - name: the environment reaches the command
                      shell: echo "$GREETING"
                      environment:
                        GREETING: hello from su
                    - name: a module as root
                      ping:
                    - name: without become, the login user
                      command: id -un
                      become: false
                """);
        assertEquals(0, r.exitCode(), r::toString);
        JsonNode steps = new ObjectMapper().readTree(dir.resolve("report.json").toFile()).path("steps");
        assertEquals("root", steps.get(0).path("stdout").asText());
        assertEquals("out", steps.get(1).path("stdout").asText());
        assertEquals("err", steps.get(1).path("stderr").asText());
        assertEquals("hello from su", steps.get(2).path("stdout").asText());
        assertEquals("ok", steps.get(3).path("status").asText());
        assertEquals("nosudo", steps.get(4).path("stdout").asText());
        assertFalse((r.out() + r.err()).contains("R00t"), r::toString);
    }

    @Test
    void aWrongPasswordIsRefusedInSusWords() throws IOException {
        CliRun r = run("not-the-password", """
                - hosts: all
                  gather_facts: false
                  become: true
                  become_method: su
                  tasks:
                    - command: id -un
                """);
        assertEquals(2, r.exitCode(), r::toString);
        assertTrue(r.out().contains("the become password was refused on host box (su: Authentication failure)"),
                r::toString);
        assertFalse((r.out() + r.err()).contains("not-the-password"), r::toString);
    }
}
