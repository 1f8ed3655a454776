package herd.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import herd.testbed.TestHost;
import herd.testbed.TestKeys;

/**
 * Become with a password against a real OpenSSH host whose sudo requires one: a user 'opsuser' made
 * at start with {@code opsuser ALL=(ALL) ALL} (no NOPASSWD). herd runs as its own process, so the
 * password reaches it the way it reaches a user's herd: in HERD_BECOME_PASSWORD.
 */
class BecomePasswordTest {
    private static final String PASSWORD = "Corr3ct-H0rse-7391 b@ttery";
    private static TestHost host;

    @TempDir
    Path dir;

    @BeforeAll
    static void startHostWithAUserWhoseSudoNeedsAPassword() {
        host = TestHost.start();
        host.sh("useradd --create-home --shell /bin/bash opsuser"
                + " && printf '%s\\n' 'opsuser:" + PASSWORD + "' | chpasswd"
                + " && install -d -m 700 -o opsuser -g opsuser /home/opsuser/.ssh"
                + " && printf '%s\\n' '" + TestKeys.publicKeyLine() + "' > /home/opsuser/.ssh/authorized_keys"
                + " && chown opsuser:opsuser /home/opsuser/.ssh/authorized_keys"
                + " && chmod 600 /home/opsuser/.ssh/authorized_keys"
                + " && echo 'opsuser ALL=(ALL) ALL' > /etc/sudoers.d/opsuser && chmod 440 /etc/sudoers.d/opsuser"
                + " && visudo -c");
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

    private Path inventory(String extra) throws IOException {
        return write("inv.yml", "all:\n  hosts:\n    ops1:\n      ansible_host: " + host.address() + "\n"
                + "      ansible_port: " + host.port() + "\n      ansible_user: opsuser\n" + extra);
    }

    private List<String> args(Path playbook, Path inventory, String... extra) {
        Path knownHosts = TestHost.writeKnownHosts(dir.resolve("known_hosts"), host);
        List<String> args = new ArrayList<>(List.of("run", playbook.toString(), "-i", inventory.toString(),
                "--private-key", TestKeys.privateKey().toString(), "--known-hosts", knownHosts.toString(), "--no-color"));
        args.addAll(List.of(extra));
        return args;
    }

    /** herd as its own process with HERD_BECOME_PASSWORD set; its exit code, output and error output. */
    private static CliRun herd(String password, List<String> args) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElseThrow();
        List<String> command = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"), "herd.cli.Main"));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("HERD_BECOME_PASSWORD", password);
        Path out = Files.createTempFile("herd-out", ".txt");
        Path err = Files.createTempFile("herd-err", ".txt");
        Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        // a guard against a hang (sudo waiting for a password that never comes), not a speed check
        boolean ended = process.waitFor(5, TimeUnit.MINUTES);
        if (!ended) {
            process.destroyForcibly();
        }
        CliRun run = new CliRun(ended ? process.exitValue() : -1, Files.readString(out), Files.readString(err));
        Files.delete(out);
        Files.delete(err);
        assertTrue(ended, () -> "herd hung:\n" + run);
        return run;
    }

    private static void assertNoPassword(String where, String text) {
        assertFalse(text.contains(PASSWORD), where + " holds the become password:\n" + text);
        assertFalse(text.contains("Corr3ct"), where + " holds part of the become password:\n" + text);
    }

    @Test
    void theEnvironmentPasswordLetsSudoBecomeRootAndAnotherUserAndIsWrittenNowhere() throws Exception {
        Path inv = inventory("");
        Path pb = write("pb.yml", """
                - hosts: all
                  gather_facts: false
                  become: true
                  tasks:
                    - name: as root
                      command: id -un
                    - name: as plone_daemon
                      command: id -un
                      become_user: plone_daemon
                    - name: what the command finds on its stdin
                      shell: cat; echo end
                    - name: a module that reads its arguments on stdin
                      wait_for:
                        host: "{{ ansible_host }}"
                        port: "{{ ansible_port }}"
                        timeout: 10
                    - name: as the SSH user
                      command: id -un
                      become: false
                """);
        Path json = dir.resolve("r.json");
        Path junit = dir.resolve("r.xml");
        Path html = dir.resolve("r.html");
        CliRun r = herd(PASSWORD, args(pb, inv, "--json", json.toString(), "--junit", junit.toString(),
                "--html", html.toString()));
        assertEquals(0, r.exitCode(), r::toString);
        Map<String, JsonNode> steps = new HashMap<>();
        new ObjectMapper().readTree(json.toFile()).get("steps").forEach(s -> steps.put(s.get("task").asText(), s));
        assertEquals("root", steps.get("as root").get("stdout").asText());
        assertEquals("plone_daemon", steps.get("as plone_daemon").get("stdout").asText());
        assertEquals("end", steps.get("what the command finds on its stdin").get("stdout").asText());
        assertEquals("ok", steps.get("a module that reads its arguments on stdin").get("status").asText());
        assertEquals("opsuser", steps.get("as the SSH user").get("stdout").asText());
        // sudo read the password once per become user: root's, plone_daemon's and the login user's sessions ran it all
        JsonNode connections = new ObjectMapper().readTree(json.toFile()).get("connections");
        assertEquals(3, connections.get("sessions").asInt(), connections::toString);
        assertEquals(0, connections.get("commands_on_own_channels").asInt(), connections::toString);
        assertNoPassword("the console output", r.out());
        assertNoPassword("the error output", r.err());
        for (Path report : List.of(json, junit, html)) {
            assertNoPassword(report.getFileName().toString(), Files.readString(report, StandardCharsets.UTF_8));
        }
    }

    @Test
    void whereSudoNeedsNoPasswordTheUnreadPasswordLineNeverReachesTheCommandOrTheModule() throws Exception {
        // deploy's sudo is NOPASSWD in the test image: sudo -S then reads nothing from stdin
        Path inv = write("inv.yml", "all:\n  hosts:\n    dep1:\n      ansible_host: " + host.address() + "\n"
                + "      ansible_port: " + host.port() + "\n      ansible_user: deploy\n");
        Path pb = write("pb.yml", """
                - hosts: all
                  gather_facts: false
                  become: true
                  tasks:
                    - name: what the command finds on its stdin
                      shell: cat; id -un
                    - name: a module that reads its arguments on stdin
                      wait_for: {port: 1, state: stopped, timeout: 1}
                """);
        Path json = dir.resolve("r.json");
        CliRun r = herd(PASSWORD, args(pb, inv, "--json", json.toString()));
        assertEquals(0, r.exitCode(), r::toString);
        Map<String, JsonNode> steps = new HashMap<>();
        new ObjectMapper().readTree(json.toFile()).get("steps").forEach(s -> steps.put(s.get("task").asText(), s));
        assertEquals("root", steps.get("what the command finds on its stdin").get("stdout").asText());
        assertEquals("ok", steps.get("a module that reads its arguments on stdin").get("status").asText());
        assertNoPassword("the console output", r.out() + r.err());
        assertNoPassword("the JSON report", Files.readString(json));
    }

    @Test
    void checkShowsSudoReadingThePasswordButNeverThePassword() throws Exception {
        Path pb = write("pb.yml", """
                - hosts: all
                  gather_facts: false
                  become: true
                  tasks:
                    - command: id -un
                """);
        CliRun r = herd(PASSWORD, args(pb, inventory(""), "--dry-run"));
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.out().contains("sudo -S -p '' -H -u root -- /bin/sh -c 'exec </dev/null; id -un'"), r::toString);
        assertNoPassword("the --dry-run output", r.out() + r.err());
    }

    @Test
    void aWrongPasswordFailsTheStepWithAClearMessageAndExitCode2() throws Exception {
        Path pb = write("pb.yml", """
                - hosts: all
                  gather_facts: false
                  become: true
                  tasks:
                    - name: as root
                      command: id -un
                    - name: with a module
                      wait_for: {port: 1, state: stopped, timeout: 1}
                """);
        Path json = dir.resolve("r.json");
        CliRun r = herd("not the password", args(pb, inventory(""), "--json", json.toString()));
        assertEquals(2, r.exitCode(), r::toString);
        assertTrue(r.out().contains("fatal: [ops1]: FAILED! as root"), r::toString);
        assertTrue(r.out().contains("the become password was refused on host ops1 (sudo: 1 incorrect password attempt): "
                + "check -K, HERD_BECOME_PASSWORD or the host's ansible_become_password"), r::toString);
        assertFalse(r.out().contains("not the password"), r::toString);
        assertFalse(Files.readString(json).contains("not the password"));
        // root's session could not start with that password: the step ran on a channel of its own, as sudo's words show
        JsonNode connections = new ObjectMapper().readTree(json.toFile()).get("connections");
        assertEquals(0, connections.get("sessions").asInt(), connections::toString);
        assertEquals(1, connections.get("commands_on_own_channels").asInt(), connections::toString);
    }

    @Test
    void theInventorysAnsibleBecomePasswordIsATemplatePerHost() throws Exception {
        Path inv = inventory("      ansible_become_password: \"{{ ops_password }}\"\n"
                + "      ops_password: \"" + PASSWORD + "\"\n");
        Path pb = write("pb.yml", """
                - hosts: all
                  gather_facts: false
                  tasks:
                    - command: id -un
                      become: true
                """);
        CliRun r = CliRun.of(args(pb, inv).toArray(String[]::new));
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.out().contains("changed: [ops1]"), r::toString);
        assertNoPassword("the console output", r.out() + r.err());
    }

    @Test
    void withoutAPasswordSudoIsRefusedAtOnceAsBefore() throws Exception {
        Path pb = write("pb.yml", """
                - hosts: all
                  gather_facts: false
                  become: true
                  tasks:
                    - command: id -un
                """);
        CliRun r = CliRun.of(args(pb, inventory("")).toArray(String[]::new));
        assertEquals(2, r.exitCode(), r::toString);
        assertTrue(r.out().contains("sudo: a password is required"), r::toString);
    }

    @Test
    void askBecomePassWithoutATerminalIsABadOption() throws Exception {
        Path pb = write("pb.yml", "- hosts: all\n  gather_facts: false\n  tasks:\n    - command: id\n");
        CliRun r = CliRun.of(args(pb, inventory(""), "-K").toArray(String[]::new));
        assertEquals(5, r.exitCode(), r::toString);
        assertEquals("herd: --ask-become-pass needs a terminal to ask on; without one, set the environment variable "
                + "HERD_BECOME_PASSWORD\n", r.err());
    }
}
