package herd.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import herd.testbed.TestHost;
import herd.testbed.TestKeys;

/** herd run against real OpenSSH servers in containers, each on its own loopback address. */
class SshRunTest {
    private static final List<TestHost> HOSTS = new ArrayList<>();

    @TempDir
    Path dir;

    @BeforeAll
    static void startHosts() {
        for (int i = 0; i < 3; i++) {
            HOSTS.add(TestHost.start());
        }
    }

    @AfterAll
    static void stopHosts() {
        HOSTS.forEach(TestHost::close);
    }

    /** An inventory of the given hosts named h1, h2, ... in group 'app'. */
    static String inventory(List<TestHost> hosts) {
        StringBuilder yaml = new StringBuilder("all:\n  vars:\n    ansible_user: deploy\n  children:\n    app:\n      hosts:\n");
        for (int i = 0; i < hosts.size(); i++) {
            yaml.append("        h").append(i + 1).append(":\n")
                    .append("          ansible_host: ").append(hosts.get(i).address()).append('\n')
                    .append("          ansible_port: ").append(hosts.get(i).port()).append('\n');
        }
        return yaml.toString();
    }

    private Path write(String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, text);
        return file;
    }

    private CliRun run(Path playbook, Path inventory, String... extra) {
        Path knownHosts = TestHost.writeKnownHosts(dir.resolve("known_hosts"), HOSTS.toArray(TestHost[]::new));
        List<String> args = new ArrayList<>(List.of("run", playbook.toString(), "-i", inventory.toString(),
                "--private-key", TestKeys.privateKey().toString(), "--known-hosts", knownHosts.toString(), "--no-color"));
        args.addAll(List.of(extra));
        return CliRun.of(args.toArray(String[]::new));
    }

    private static JsonNode json(Path file) throws IOException {
        return new ObjectMapper().readTree(file.toFile());
    }

    @Test
    void severalHostsSeveralTasksAllOkWithJsonReport() throws IOException {
        Path inv = write("inv.yml", inventory(HOSTS));
        Path pb = write("pb.yml", """
                - name: look around
                  hosts: app
                  gather_facts: false
                  tasks:
                    - name: who
                      command: id -un
                    - name: where
                      command: echo "{{ inventory_hostname }} at {{ ansible_host }}"
                    - name: shell pipes
                      shell: echo one two three | wc -w
                """);
        Path report = dir.resolve("report.json");
        CliRun r = run(pb, inv, "--json", report.toString());
        assertEquals(0, r.exitCode(), r::toString);
        for (String host : List.of("h1", "h2", "h3")) {
            assertTrue(r.out().contains("changed: [" + host + "] who"), r::toString);
        }
        assertTrue(r.out().contains("PLAY RECAP"), r::toString);
        JsonNode doc = json(report);
        assertEquals(0, doc.get("exit_code").asInt());
        for (String host : List.of("h1", "h2", "h3")) {
            JsonNode stats = doc.get("stats").get(host);
            assertEquals(3, stats.get("ok").asInt(), host);
            assertEquals(3, stats.get("changed").asInt(), host);
            assertEquals(0, stats.get("failed").asInt(), host);
        }
        assertEquals(9, doc.get("steps").size());
        for (JsonNode step : doc.get("steps")) {
            assertEquals("changed", step.get("status").asText());
            assertEquals(0, step.get("rc").asInt());
            assertTrue(step.get("duration_ms").asLong() >= 0);
            assertFalse(step.get("start").asText().isEmpty());
            String host = step.get("host").asText();
            switch (step.get("task").asText()) {
                case "who" -> assertEquals("deploy", step.get("stdout").asText());
                case "where" -> assertEquals(host + " at " + HOSTS.get(host.charAt(1) - '1').address(),
                        step.get("stdout").asText());
                case "shell pipes" -> assertEquals("3", step.get("stdout").asText().trim());
                default -> throw new AssertionError("unexpected task " + step);
            }
        }
    }

    @Test
    void becomeUserRunsAsPloneDaemonAndBecomeUserAloneSwitchesNothing() throws IOException {
        Path inv = write("inv.yml", inventory(HOSTS.subList(0, 1)));
        Path pb = write("pb.yml", """
                - hosts: all
                  gather_facts: false
                  become_user: plone_daemon
                  tasks:
                    - name: without become
                      command: id -un
                    - name: with become
                      command: id -un
                      become: true
                    - name: in the buildout as plone_daemon
                      command: pwd
                      become: yes
                      args:
                        chdir: /var/db/plone
                """);
        Path report = dir.resolve("r.json");
        CliRun r = run(pb, inv, "--json", report.toString());
        assertEquals(0, r.exitCode(), r::toString);
        Map<String, String> out = new java.util.HashMap<>();
        json(report).get("steps").forEach(s -> out.put(s.get("task").asText(), s.get("stdout").asText()));
        assertEquals("deploy", out.get("without become"));
        assertEquals("plone_daemon", out.get("with become"));
        assertEquals("/var/db/plone", out.get("in the buildout as plone_daemon"));
    }

    @Test
    void aFailingTaskStopsThatHostWhileTheOthersGoOn() throws IOException {
        Path inv = write("inv.yml", inventory(HOSTS));
        Path pb = write("pb.yml", """
                - hosts: app
                  gather_facts: false
                  tasks:
                    - name: fails on h2
                      shell: if [ {{ inventory_hostname }} = h2 ]; then echo broken >&2; exit 7; fi
                    - name: after
                      command: echo still here
                """);
        Path report = dir.resolve("r.json");
        CliRun r = run(pb, inv, "--json", report.toString());
        assertEquals(2, r.exitCode(), r::toString);
        assertTrue(r.out().contains("fatal: [h2]: FAILED! fails on h2"), r::toString);
        assertTrue(r.out().contains("rc=7"), r::toString);
        assertTrue(r.out().contains("broken"), r::toString);
        JsonNode doc = json(report);
        assertEquals(1, doc.get("stats").get("h2").get("failed").asInt());
        assertEquals(0, doc.get("stats").get("h2").get("ok").asInt());
        assertEquals(2, doc.get("stats").get("h1").get("ok").asInt());
        assertEquals(2, doc.get("stats").get("h3").get("ok").asInt());
        long afterOnH2 = 0;
        for (JsonNode step : doc.get("steps")) {
            if (step.get("host").asText().equals("h2") && step.get("task").asText().equals("after")) {
                afterOnH2++;
            }
            if (step.get("host").asText().equals("h2") && step.get("task").asText().equals("fails on h2")) {
                assertEquals("failed", step.get("status").asText());
                assertEquals(7, step.get("rc").asInt());
                assertEquals("broken", step.get("stderr").asText());
            }
        }
        assertEquals(0, afterOnH2, "no step may run on a host after it failed");
    }

    @Test
    void ignoreErrorsLetsTheHostGoOn() throws IOException {
        Path inv = write("inv.yml", inventory(HOSTS.subList(0, 1)));
        Path pb = write("pb.yml", """
                - hosts: all
                  gather_facts: false
                  tasks:
                    - command: "false"
                      ignore_errors: true
                    - command: echo after
                """);
        CliRun r = run(pb, inv);
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.out().contains("...ignoring"), r::toString);
        assertTrue(r.out().contains("ok=2") && r.out().contains("changed=2") && r.out().contains("ignored=1"), r::toString);
    }

    @Test
    void stoppedAndPausedHostsAreUnreachableWithinTheTimeout() throws IOException {
        TestHost stopped = TestHost.start();
        TestHost hung = TestHost.start();
        try {
            HOSTS.add(stopped);
            HOSTS.add(hung);
            stopped.stop();
            hung.pause();
            Path inv = write("inv.yml", inventory(List.of(HOSTS.get(0), stopped, hung)));
            Path pb = write("pb.yml", """
                    - hosts: all
                      gather_facts: false
                      tasks:
                        - command: echo hello
                        - command: echo again
                    """);
            Path report = dir.resolve("r.json");
            CliRun r = run(pb, inv, "-T", "2", "--json", report.toString());
            assertEquals(3, r.exitCode(), r::toString);
            assertTrue(r.out().contains("fatal: [h2]: UNREACHABLE!"), r::toString);
            assertTrue(r.out().contains("connection refused by " + stopped.address() + ":" + stopped.port()), r::toString);
            assertTrue(r.out().contains("fatal: [h3]: UNREACHABLE!"), r::toString);
            assertTrue(r.out().contains("no answer from " + hung.address() + ":" + hung.port() + " within 2 s"), r::toString);
            JsonNode stats = json(report).get("stats");
            assertEquals(2, stats.get("h1").get("ok").asInt());
            assertEquals(1, stats.get("h2").get("unreachable").asInt());
            assertEquals(1, stats.get("h3").get("unreachable").asInt());
        } finally {
            HOSTS.remove(stopped);
            HOSTS.remove(hung);
            hung.unpause();
            hung.close();
            stopped.close();
        }
    }

    @Test
    void aChangedHostKeyIsRefusedAndNothingRunsThere() throws IOException {
        TestHost target = HOSTS.get(0);
        TestHost other = HOSTS.get(1);
        // known_hosts claims target's address carries other's keys: the key target offers differs
        List<String> lines = new ArrayList<>();
        String targetName = "[" + target.address() + "]:" + target.port();
        for (String line : other.hostKeyLines()) {
            lines.add(targetName + line.substring(line.indexOf(' ')));
        }
        Path knownHosts = dir.resolve("kh");
        Files.write(knownHosts, lines);
        Path inv = write("inv.yml", inventory(List.of(target)));
        String marker = "/tmp/herd-marker-" + System.nanoTime();
        Path pb = write("pb.yml", "- hosts: all\n  gather_facts: false\n  tasks:\n    - command: touch " + marker + "\n");
        CliRun r = CliRun.of("run", pb.toString(), "-i", inv.toString(), "--private-key", TestKeys.privateKey().toString(),
                "--known-hosts", knownHosts.toString());
        assertEquals(3, r.exitCode(), r::toString);
        assertTrue(r.out().contains("HOST KEY CHANGED for " + target.address() + ":" + target.port()), r::toString);
        assertTrue(r.out().contains("SHA256:"), r::toString);
        assertEquals(1, target.exec("test", "-e", marker).exitCode(), "the command must not have run");
    }

    @Test
    void anUnknownHostKeyIsRefusedWithItsFingerprint() throws IOException {
        TestHost target = HOSTS.get(0);
        Path knownHosts = dir.resolve("empty_known_hosts");
        Files.writeString(knownHosts, "");
        Path inv = write("inv.yml", inventory(List.of(target)));
        Path pb = write("pb.yml", "- hosts: all\n  gather_facts: false\n  tasks:\n    - command: echo hi\n");
        CliRun r = CliRun.of("run", pb.toString(), "-i", inv.toString(), "--private-key", TestKeys.privateKey().toString(),
                "--known-hosts", knownHosts.toString());
        assertEquals(3, r.exitCode(), r::toString);
        assertTrue(r.out().contains("host key of " + target.address() + ":" + target.port() + " is not in " + knownHosts),
                r::toString);
        assertTrue(r.out().matches("(?s).*\\(SHA256:[A-Za-z0-9+/]{43}\\).*"), r::toString);
    }

    @Test
    void aTaskTimeoutFailsTheStepWithoutHangingTheRun() throws IOException {
        Path inv = write("inv.yml", inventory(HOSTS.subList(0, 1)));
        Path pb = write("pb.yml", """
                - hosts: all
                  gather_facts: false
                  tasks:
                    - name: too slow
                      command: sleep 60
                      timeout: 1
                """);
        CliRun r = run(pb, inv);
        assertEquals(2, r.exitCode(), r::toString);
        assertTrue(r.out().contains("did not finish within the task's timeout of 1 s"), r::toString);
    }

    @Test
    void badInputRunsNothingAnywhere() throws IOException {
        Path inv = write("inv.yml", inventory(HOSTS.subList(0, 1)));
        String marker = "/tmp/herd-bad-input-" + System.nanoTime();
        Path pb = write("pb.yml", "- hosts: all\n  tasks:\n    - command: touch " + marker + "\n"
                + "- hosts: all\n  tasks:\n    - comand: echo typo\n");
        CliRun r = run(pb, inv);
        assertEquals(4, r.exitCode(), r::toString);
        assertEquals("ERROR: " + pb + ":6:7: unknown key 'comand' in a task\n  did you mean 'command'?\n"
                + "        - comand: echo typo\n          ^ here\n", r.err());
        assertEquals(1, HOSTS.get(0).exec("test", "-e", marker).exitCode(), "nothing may run on bad input");
    }

    @Test
    void anUndefinedVariableIsBadInputNamingFileAndLine() throws IOException {
        Path inv = write("inv.yml", inventory(HOSTS.subList(0, 1)));
        Path pb = write("pb.yml", """
                - hosts: all
                  tasks:
                    - command: echo {{ nope }}
                """);
        CliRun r = run(pb, inv);
        assertEquals(4, r.exitCode(), r::toString);
        assertTrue(r.err().startsWith("ERROR: " + pb + ":3:16: 'nope' is undefined (for host h1)"), r::toString);
    }

    @Test
    void limitNarrowsTheRun() throws IOException {
        Path inv = write("inv.yml", inventory(HOSTS));
        Path pb = write("pb.yml", "- hosts: app\n  gather_facts: false\n  tasks:\n    - command: echo hi\n");
        Path report = dir.resolve("r.json");
        CliRun r = run(pb, inv, "-l", "app:!h2", "--json", report.toString());
        assertEquals(0, r.exitCode(), r::toString);
        JsonNode stats = json(report).get("stats");
        assertTrue(stats.has("h1") && stats.has("h3") && !stats.has("h2"), stats::toString);
    }

    /** No -i, -u or --private-key: ansible.cfg names the inventory, the user, the key and (in ssh_args) the port. */
    @Test
    void anAnsibleCfgSaysWhereAndAsWhomToLogIn() throws IOException {
        TestHost host = HOSTS.getFirst();
        write("hosts.yml", "all:\n  hosts:\n    h1:\n      ansible_host: " + host.address() + "\n");
        Path cfg = write("ansible.cfg", "[defaults]\ninventory = hosts.yml\nremote_user = deploy\nprivate_key_file = "
                + TestKeys.privateKey() + "\ntimeout = 20\n[ssh_connection]\nssh_args = -C -o Port=" + host.port() + "\n");
        Path pb = write("pb.yml", "- hosts: all\n  gather_facts: false\n  tasks:\n    - command: whoami\n");
        Path knownHosts = TestHost.writeKnownHosts(dir.resolve("known_hosts"), HOSTS.toArray(TestHost[]::new));
        herd.engine.config.AnsibleConfigLoader config = new herd.engine.config.AnsibleConfigLoader(
                Map.of("ANSIBLE_CONFIG", cfg.toString()), dir, dir, dir.resolve("none.cfg"));
        CliRun r = CliRun.with(config, "run", pb.toString(), "--known-hosts", knownHosts.toString(), "--no-color",
                "--no-lock", "--journal", dir.resolve("journal").toString());
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.out().contains("=> deploy"), r::toString);
    }
    /**
     * remote_user on a block and a task logs in as that user for those tasks (one more connection),
     * except on a host whose variables name ansible_user: the variable wins, as in Ansible.
     */
    @Test
    void remoteUserOnBlocksAndTasks() throws IOException {
        TestHost one = HOSTS.get(0);
        TestHost two = HOSTS.get(1);
        Path inv = write("inv.yml", "all:\n  hosts:\n    h1:\n      ansible_host: " + one.address() + "\n      ansible_port: "
                + one.port() + "\n    h2:\n      ansible_host: " + two.address() + "\n      ansible_port: " + two.port()
                + "\n      ansible_user: deploy\n");
        Path pb = write("pb.yml", """
                - hosts: all
                  gather_facts: false
                  remote_user: deploy
                  tasks:
                    - name: as the play says
                      command: whoami
                    - block:
                        - name: in the block
                          command: whoami
                        - name: the task's own
                          command: whoami
                          remote_user: deploy
                      remote_user: root
                    - name: after the block
                      command: whoami
                """);
        Path report = dir.resolve("report.json");
        CliRun r = run(pb, inv, "--no-lock", "--json", report.toString());
        assertEquals(0, r.exitCode(), r::toString);
        Map<String, String> who = new java.util.LinkedHashMap<>();
        for (JsonNode step : json(report).path("steps")) {
            who.put(step.path("host").asText() + " " + step.path("task").asText(), step.path("stdout").asText());
        }
        assertEquals(Map.of("h1 as the play says", "deploy", "h1 in the block", "root", "h1 the task's own", "deploy",
                "h1 after the block", "deploy", "h2 as the play says", "deploy", "h2 in the block", "deploy",
                "h2 the task's own", "deploy", "h2 after the block", "deploy"), who);
    }

    /**
     * A host's commands run in one command session per login or become user; what each command sees
     * (user, environment, folder, umask, limits, input, exit code, signal, timeout) is what it sees on a
     * channel and a sudo of its own ({@code --no-sessions}), except who its parent process is.
     */
    @Test
    void commandSessionsMeanWhatAChannelPerCommandMeans() throws IOException {
        Path inv = write("inv.yml", inventory(HOSTS.subList(0, 1)));
        Path pb = write("pb.yml", """
                - hosts: all
                  gather_facts: false
                  tasks:
                    - name: login
                      shell: env | LC_ALL=C sort | grep -v '^SSH_C'; id; umask; pwd; ulimit -n; cat; echo end
                    - name: parent 1
                      shell: ps -o ppid= -p $$
                      become: true
                      become_user: plone_daemon
                    - name: become
                      shell: env | LC_ALL=C sort; id; umask; pwd; ulimit -n; cat; echo end
                      become: true
                      become_user: plone_daemon
                    - name: parent 2
                      shell: ps -o ppid= -p $$
                      become: true
                      become_user: plone_daemon
                    - name: root
                      shell: env | LC_ALL=C sort; id
                      become: true
                    - name: environment keyword
                      command: printenv GREETING
                      become: true
                      environment:
                        GREETING: "it's $HOME"
                    - name: stdin
                      command: cat
                      args:
                        stdin: "line one"
                      become: true
                      become_user: plone_daemon
                    - name: guard
                      command: echo never
                      args:
                        creates: /etc/hostname
                      become: true
                    - name: exit code
                      shell: echo out; echo err >&2; exit 3
                      become: true
                      ignore_errors: true
                    - name: signal
                      shell: echo before; kill -TERM $$
                      ignore_errors: true
                    - name: timeout
                      shell: echo started; sleep 30
                      timeout: 1
                      become: true
                      ignore_errors: true
                """);
        Path withSessions = dir.resolve("sessions.json");
        Path withChannels = dir.resolve("channels.json");
        CliRun sessions = run(pb, inv, "--json", withSessions.toString());
        CliRun channels = run(pb, inv, "--json", withChannels.toString(), "--no-sessions");
        assertEquals(0, sessions.exitCode(), sessions::toString);
        assertEquals(0, channels.exitCode(), channels::toString);
        Map<String, JsonNode> a = new java.util.HashMap<>();
        Map<String, JsonNode> b = new java.util.HashMap<>();
        json(withSessions).get("steps").forEach(s -> a.put(s.get("task").asText(), s));
        json(withChannels).get("steps").forEach(s -> b.put(s.get("task").asText(), s));
        assertEquals(b.keySet(), a.keySet());
        for (String task : a.keySet()) {
            if (task.startsWith("parent")) {
                continue;
            }
            for (String field : List.of("status", "rc", "stdout", "stderr", "msg", "changed")) {
                assertEquals(String.valueOf(b.get(task).get(field)), String.valueOf(a.get(task).get(field)),
                        task + " " + field + "\nsessions: " + a.get(task) + "\nchannels: " + b.get(task));
            }
        }
        // a fair comparison: the probes printed something real
        assertTrue(a.get("become").get("stdout").asText().contains("USER=plone_daemon"), a.get("become")::toString);
        assertTrue(a.get("become").get("stdout").asText().contains("SUDO_COMMAND=/bin/sh -c env"), a.get("become")::toString);
        assertTrue(a.get("login").get("stdout").asText().endsWith("end"), a.get("login")::toString);
        assertEquals("it's $HOME", a.get("environment keyword").get("stdout").asText());
        assertEquals("line one", a.get("stdin").get("stdout").asText());
        assertEquals("ok", a.get("guard").get("status").asText());
        assertEquals(3, a.get("exit code").get("rc").asInt());
        assertTrue(a.get("signal").get("stderr").asText().contains("killed by signal TERM"), a.get("signal")::toString);
        assertTrue(a.get("timeout").get("msg").asText().contains("timeout of 1 s"), a.get("timeout")::toString);
        // one session: both become steps ran as children of the same process; on channels, of two sudos
        assertEquals(a.get("parent 1").get("stdout").asText(), a.get("parent 2").get("stdout").asText());
        assertFalse(b.get("parent 1").get("stdout").asText().equals(b.get("parent 2").get("stdout").asText()));
        // the login user's, plone_daemon's and root's sessions; the report says so
        JsonNode used = json(withSessions).get("connections");
        assertEquals(3, used.get("sessions").asInt(), used::toString);
        assertEquals(a.size(), used.get("commands_in_sessions").asInt(), "every step (the run lock is taken on channels): " + used);
        assertEquals(0, json(withChannels).get("connections").get("sessions").asInt());
    }
}
