package herd.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line in-process: exit codes and exact messages, on local hosts (no SSH). */
class CliTest {
    private static final String LOCAL_INVENTORY = """
            all:
              hosts:
                one:
                two:
              vars:
                ansible_connection: local
            """;

    @TempDir
    Path dir;

    private Path write(String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, text);
        return file;
    }

    @Test
    void versionAndHelp() throws Exception {
        CliRun version = CliRun.of("--version");
        assertEquals(0, version.exitCode());
        assertTrue(version.out().startsWith("herd 0.1.0\n"), version::toString);
        // the process's own fast path (no command model built) says the same
        for (String flag : java.util.List.of("--version", "-V")) {
            CliRun process = HerdProcess.run(java.util.Map.of(), dir, java.util.List.of(flag));
            assertEquals(0, process.exitCode(), process::toString);
            assertEquals(version.out(), process.out(), process::toString);
        }
        CliRun help = CliRun.of("--help");
        assertEquals(0, help.exitCode());
        assertTrue(help.out().contains("run "), help::toString);
        CliRun runHelp = CliRun.of("run", "--help");
        assertEquals(0, runHelp.exitCode());
        assertTrue(runHelp.out().contains("--forks=N"), runHelp::toString);
        assertTrue(runHelp.out().contains("99   interrupted"), runHelp::toString);
    }

    @Test
    void localHostsRunWithExitZero() throws IOException {
        Path inv = write("inv.yml", LOCAL_INVENTORY);
        Path pb = write("pb.yml", "- hosts: all\n  gather_facts: false\n  tasks:\n    - command: echo {{ inventory_hostname }}\n");
        CliRun r = CliRun.of("run", pb.toString(), "-i", inv.toString());
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.out().contains("changed: [one] command (") && r.out().contains("=> one"), r::toString);
        assertTrue(r.out().contains("one : ok=1"), r::toString);
        assertEquals("", r.err());
    }

    @Test
    void listHostsAndTasksRunNothing() throws IOException {
        Path inv = write("inv.yml", LOCAL_INVENTORY);
        Path marker = dir.resolve("ran");
        Path pb = write("pb.yml", "- name: p\n  hosts: all\n  gather_facts: false\n  tasks:\n    - name: touch it\n      command: touch " + marker + "\n");
        CliRun r = CliRun.of("run", pb.toString(), "-i", inv.toString(), "--list-hosts", "--list-tasks");
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals("\nplaybook: " + pb + "\n\n  play #1 (all): p\n    pattern: ['all']\n    hosts (2):\n      one\n"
                + "      two\n    tasks:\n      touch it\tTAGS: []\n", r.out());
        assertFalse(Files.exists(marker), "nothing may run");
    }

    @Test
    void aDryRunHidesSecretArgumentsAndStdin() throws IOException {
        Path inv = write("inv.yml", LOCAL_INVENTORY);
        Path pb = write("pb.yml", """
                - name: p
                  hosts: one
                  vars:
                    pw: s3cr3t-pw
                  tasks:
                    - name: download
                      get_url:
                        url: https://example.org/a.tgz
                        dest: /tmp/a.tgz
                        url_password: "{{ pw }}"
                    - name: feed
                      command: cat
                      args:
                        stdin: "{{ pw }}"
                """);
        CliRun r = CliRun.of("run", pb.toString(), "-i", inv.toString(), "--dry-run");
        assertEquals(0, r.exitCode(), r::toString);
        assertFalse(r.out().contains("s3cr3t-pw"), r.out());
        assertTrue(r.out().contains("url_password=VALUE_SPECIFIED_IN_NO_LOG_PARAMETER")
                || r.out().contains("'url_password': 'VALUE_SPECIFIED_IN_NO_LOG_PARAMETER'")
                || r.out().contains("\"url_password\": \"VALUE_SPECIFIED_IN_NO_LOG_PARAMETER\""), r.out());
    }

    @Test
    void checkPrintsTheExactCommandsAndRunsNothing() throws IOException {
        Path inv = write("inv.yml", LOCAL_INVENTORY);
        Path marker = dir.resolve("ran");
        Path pb = write("pb.yml", """
                - name: p
                  hosts: all
                  gather_facts: false
                  tasks:
                    - name: touch it
                      command: touch %s
                      become: true
                      become_user: plone_daemon
                    - name: only on two
                      shell: echo {{ inventory_hostname }} | wc -c
                      when: inventory_hostname == 'two'
                """.formatted(marker));
        CliRun r = CliRun.of("run", pb.toString(), "-i", inv.toString(), "--dry-run");
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals("""

                PLAY [p] (dry run: nothing runs)
                  [one] touch it: sudo -n -H -u plone_daemon -- /bin/sh -c 'touch %1$s'
                  [one] only on two: skipped (when: inventory_hostname == 'two' is false)
                  [two] touch it: sudo -n -H -u plone_daemon -- /bin/sh -c 'touch %1$s'
                  [two] only on two: /bin/sh -c 'echo two | wc -c'
                """.formatted(marker), r.out());
        assertFalse(Files.exists(marker), "nothing may run");
    }

    @Test
    void anUnknownOptionIsExitFive() {
        CliRun r = CliRun.of("run", "pb.yml", "--bogus");
        assertEquals(5, r.exitCode(), r::toString);
        assertTrue(r.err().startsWith("herd: Unknown option: '--bogus'\n"), r::toString);
    }

    @Test
    void forksBelowOneIsExitFive() throws IOException {
        Path inv = write("inv.yml", LOCAL_INVENTORY);
        Path pb = write("pb.yml", "- hosts: all\n  gather_facts: false\n  tasks:\n    - command: 'true'\n");
        CliRun r = CliRun.of("run", pb.toString(), "-i", inv.toString(), "-f", "0");
        assertEquals(5, r.exitCode(), r::toString);
        assertEquals("herd: --forks must be at least 1, not 0\n", r.err());
    }

    @Test
    void aMissingPlaybookIsExitFour() throws IOException {
        Path inv = write("inv.yml", LOCAL_INVENTORY);
        CliRun r = CliRun.of("run", dir.resolve("nope.yml").toString(), "-i", inv.toString());
        assertEquals(4, r.exitCode(), r::toString);
        assertEquals("ERROR: " + dir.resolve("nope.yml") + ": file not found\n", r.err());
    }

    @Test
    void malformedYamlIsExitFourWithPositionAndNoStackTrace() throws IOException {
        Path inv = write("inv.yml", LOCAL_INVENTORY);
        Path pb = write("pb.yml", "- hosts: all\n  tasks:\n    - command: \"echo\n");
        CliRun r = CliRun.of("run", pb.toString(), "-i", inv.toString());
        assertEquals(4, r.exitCode(), r::toString);
        assertTrue(r.err().startsWith("ERROR: " + pb + ":4:1: YAML syntax error: found unexpected end of stream"),
                r::toString);
        assertFalse(r.err().contains("\tat "), r::toString);
    }

    @Test
    void aWrongTypeIsExitFour() throws IOException {
        Path inv = write("inv.yml", LOCAL_INVENTORY);
        Path pb = write("pb.yml", "- hosts: all\n  become: maybe\n  tasks:\n    - command: 'true'\n");
        CliRun r = CliRun.of("run", pb.toString(), "-i", inv.toString());
        assertEquals(4, r.exitCode(), r::toString);
        assertEquals("ERROR: " + pb + ":2:11: 'become' must be a boolean, not 'maybe'\n  write true or false\n"
                + "      become: maybe\n              ^ here\n", r.err());
    }

    @Test
    void aBadInventoryIsExitFour() throws IOException {
        Path inv = write("inv.yml", "all:\n  host:\n    one:\n");
        Path pb = write("pb.yml", "- hosts: all\n  gather_facts: false\n  tasks:\n    - command: 'true'\n");
        CliRun r = CliRun.of("run", pb.toString(), "-i", inv.toString());
        assertEquals(4, r.exitCode(), r::toString);
        assertTrue(r.err().startsWith("ERROR: " + inv + ":2:3: unknown key 'host' in a group ('all')\n"
                + "  did you mean 'hosts'?\n"), r::toString);
    }

    @Test
    void everyProblemIsReportedAtOnce() throws IOException {
        Path inv = write("inv.yml", LOCAL_INVENTORY);
        Path pb = write("pb.yml", """
                - hosts: all
                  tasks:
                    - comand: x
                    - command: y
                      ignore_errors: perhaps
                - name: no hosts
                  tasks: []
                """);
        CliRun r = CliRun.of("run", pb.toString(), "-i", inv.toString());
        assertEquals(4, r.exitCode(), r::toString);
        assertTrue(r.err().contains(pb + ":3:7: unknown key 'comand' in a task"), r::toString);
        assertTrue(r.err().contains(pb + ":5:22: 'ignore_errors' must be a boolean, not 'perhaps'"), r::toString);
        assertTrue(r.err().contains(pb + ":6:3: a play needs 'hosts'"), r::toString);
        assertTrue(r.err().endsWith("3 problems; nothing was run.\n"), r::toString);
    }

    @Test
    void anUnwritableReportIsExitOne() throws IOException {
        Path inv = write("inv.yml", LOCAL_INVENTORY);
        Path pb = write("pb.yml", "- hosts: all\n  gather_facts: false\n  tasks:\n    - command: 'true'\n");
        CliRun r = CliRun.of("run", pb.toString(), "-i", inv.toString(), "--json", "/proc/herd-none/report.json");
        assertEquals(1, r.exitCode(), r::toString);
        assertTrue(r.err().startsWith("herd: cannot write the JSON report /proc/herd-none/report.json"), r::toString);
        assertTrue(r.err().endsWith("(run with -v for details)\n"), r::toString);
    }

    @Test
    void checkReportsEveryProblemOfPlaybookAndInventoryAtOnceAndContactsNoHost() throws IOException {
        Path inv = write("inv.yml", "all:\n  hosts:\n    web1:\n      ansible_host: 127.0.0.1\n  childs:\n");
        Path pb = write("pb.yml", """
                - hosts: all
                  tasks:
                    - name: stop
                      comand: bin/client1 stop
                    - name: start
                      command: bin/client1 start
                      notify: warm up
                  handlers:
                    - name: warmup
                      command: echo warm
                """);
        CliRun r = CliRun.of("check", pb.toString(), "-i", inv.toString());
        assertEquals(4, r.exitCode(), r::toString);
        assertTrue(r.err().contains(inv + ":5:3: unknown key 'childs' in a group ('all')"), r::toString);
        assertTrue(r.err().contains(pb + ":4:7: unknown key 'comand' in a task"), r::toString);
        assertTrue(r.err().contains(pb + ":7:15: no handler of this play is named or listens to 'warm up'"), r::toString);
        assertTrue(r.err().contains("did you mean 'warmup'?"), r::toString);
        assertTrue(r.err().contains("3 problems; nothing was run."), r::toString);
    }

    @Test
    void checkOfAGoodPlaybookSaysWhatItFoundWithoutConnecting() throws IOException {
        Path inv = write("inv.yml", "all:\n  hosts:\n    web1:\n      ansible_host: 127.0.0.1\n      ansible_port: 1\n");
        Path pb = write("pb.yml", """
                - name: restart
                  hosts: all
                  gather_facts: false
                  tasks:
                    - block:
                        - command: bin/client1 restart
                          notify: warm up
                      rescue:
                        - debug: msg="{{ ansible_failed_result.rc }}"
                  handlers:
                    - name: warm up
                      command: curl -s http://{{ inventory_hostname }}/
                """);
        CliRun r = CliRun.of("check", pb.toString(), "-i", inv.toString());
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals("play #1 (all): restart: 1 host, 2 tasks, 1 handler\nok: " + pb
                + " has no problems; nothing was contacted.\n", r.out());
    }

    @Test
    void aPassedDeadlineStartsNoBatchAndExits7() throws IOException {
        Path inv = write("inv.yml", LOCAL_INVENTORY);
        Path marker = dir.resolve("ran");
        Path pb = write("pb.yml", "- hosts: all\n  gather_facts: false\n  serial: 1\n  tasks:\n    - command: touch " + marker + "\n");
        CliRun r = CliRun.of("run", pb.toString(), "-i", inv.toString(), "--deadline", "2020-01-01T00:00Z", "--no-lock");
        assertEquals(7, r.exitCode(), r::toString);
        assertTrue(r.out().contains("PLAY STOPPED: the deadline 2020-01-01T00:00:00Z has passed: no further batch starts"),
                r::toString);
        assertFalse(Files.exists(marker), "nothing may run after the deadline");
    }

    @Test
    void aClosedMaintenanceWindowRunsNothingAndExits7() throws IOException {
        Path inv = write("inv.yml", LOCAL_INVENTORY);
        Path marker = dir.resolve("ran");
        Path pb = write("pb.yml", "- hosts: all\n  gather_facts: false\n  tasks:\n    - command: touch " + marker + "\n");
        java.time.LocalTime now = java.time.LocalTime.now(java.time.ZoneOffset.UTC);
        String window = now.plusHours(2).withSecond(0).withNano(0) + "-" + now.plusHours(3).withSecond(0).withNano(0)
                + " UTC";
        CliRun r = CliRun.of("run", pb.toString(), "-i", inv.toString(), "--window", window);
        assertEquals(7, r.exitCode(), r::toString);
        assertTrue(r.err().contains(", outside the maintenance window ") && r.err().endsWith("; nothing was run.\n"),
                r::toString);
        assertFalse(Files.exists(marker), "nothing may run outside the window");
        CliRun bad = CliRun.of("run", pb.toString(), "-i", inv.toString(), "--window", "2am-4am");
        assertEquals(5, bad.exitCode(), bad::toString);
        assertEquals("herd: '2am' is not a time of day; write it as 02:00\n", bad.err());
    }

    @Test
    void aStackTraceOnlyWithVerbose() throws IOException {
        Path inv = write("inv.yml", LOCAL_INVENTORY);
        String missing = dir.resolve("missing.yml").toString();
        CliRun quiet = CliRun.of("run", missing, "-i", inv.toString());
        assertEquals(4, quiet.exitCode(), quiet::toString);
        assertEquals("ERROR: " + missing + ": file not found\n", quiet.err());
        CliRun verbose = CliRun.of("check", missing, "-i", inv.toString(), "-v");
        assertEquals(4, verbose.exitCode(), verbose::toString);
        assertTrue(verbose.err().contains("herd.engine.load.InputException: " + missing + ": file not found\n\tat "),
                verbose::toString);
    }
}
