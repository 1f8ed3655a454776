package herd.engine.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import herd.engine.event.RunResult;
import herd.engine.event.Status;
import herd.engine.event.StepResult;
import herd.engine.inventory.Inventory;
import herd.engine.transport.ExecRequest;

/**
 * raw, script, get_url, wait_for_connection and reboot in whole runs on a scripted host: the lines
 * they send, where their secrets travel, and how they live through a connection that drops.
 */
class HostModulesTest {
    @TempDir
    Path dir;

    private TestRun test;
    private Inventory inventory;

    @BeforeEach
    void setUp() throws IOException {
        test = new TestRun(dir);
        inventory = test.hosts(1);
    }

    private static String sh(String script) {
        return "/bin/sh -c " + herd.engine.shell.ShellWords.quote(script);
    }

    private StepResult only(RunResult result) {
        List<StepResult> steps = TestRun.steps(result, "h1");
        assertEquals(1, steps.size());
        return steps.getFirst();
    }

    @Test
    void rawSendsTheLineAsWrittenAndTakesExecutableOutOfIt() throws IOException {
        FakeTransports fake = new FakeTransports((h, c) -> FakeTransports.ok("a=b"));
        RunResult result = test.run("""
                - hosts: h1
                  tasks:
                    - raw: echo a=b | tr a x executable=/bin/bash
                      register: r
                    - debug:
                        msg: "{{ r.stdout }} {{ r.rc }} {{ r.stdout_lines }}"
                """, inventory, fake);
        assertEquals(List.of(sh("exec /bin/bash -c 'echo a=b | tr a x'")), fake.sent("h1"));
        assertEquals(List.of(Status.CHANGED, Status.OK), TestRun.statuses(result, "h1"));
        assertEquals("a=b 0 ['a=b']", TestRun.messages(result, "h1").get(1));
    }

    @Test
    void rawFailsOnANonZeroExit() throws IOException {
        FakeTransports fake = new FakeTransports((h, c) -> FakeTransports.exit(3, "out"));
        StepResult step = only(test.run("""
                - hosts: h1
                  tasks:
                    - raw: exit 3
                """, inventory, fake));
        assertEquals(Status.FAILED, step.status());
        assertEquals(Optional.of("non-zero return code"), step.message());
    }

    @Test
    void scriptCopiesTheControllerFileRunsItAndRemovesIt() throws IOException {
        Files.createDirectories(dir.resolve("files"));
        Files.writeString(dir.resolve("files/deploy.sh"), "#!/bin/sh\necho deployed \"$@\"\n");
        FakeTransports fake = new FakeTransports((h, c) -> c.contains("mktemp -d")
                ? FakeTransports.ok("/tmp/herd-script.abc")
                : c.contains("test -e") ? FakeTransports.exit(1, "") : FakeTransports.ok("deployed"));
        StepResult step = only(test.run("""
                - hosts: h1
                  tasks:
                    - script: deploy.sh "two words" creates=/srv/done chdir=/srv
                """, inventory, fake));
        assertEquals(Status.CHANGED, step.status());
        assertEquals("#!/bin/sh\necho deployed \"$@\"\n", fake.text("h1", "/tmp/herd-script.abc/deploy.sh").orElseThrow());
        assertEquals(0700, fake.mode("h1", "/tmp/herd-script.abc/deploy.sh").getAsInt());
        assertEquals(List.of(sh("test -e /srv/done"), sh("mktemp -d /tmp/herd-script.XXXXXXXXXX"),
                sh("cd /srv || exit 1; /tmp/herd-script.abc/deploy.sh \"two words\""),
                sh("rm -rf -- /tmp/herd-script.abc")), fake.sent("h1"));
        assertFalse(fake.sent("h1").stream().anyMatch(c -> c.contains("echo deployed")), "the content is a file, not a line");
    }

    @Test
    void scriptIsSkippedWhenCreatesExists() throws IOException {
        Files.createDirectories(dir.resolve("files"));
        Files.writeString(dir.resolve("files/deploy.sh"), "true\n");
        FakeTransports fake = new FakeTransports((h, c) -> FakeTransports.ok(""));
        StepResult step = only(test.run("""
                - hosts: h1
                  tasks:
                    - script: deploy.sh creates=/srv/done
                """, inventory, fake));
        assertEquals(Status.SKIPPED, step.status());
        assertEquals(Optional.of("/srv/done exists, matching creates option"), step.message());
    }

    @Test
    void getUrlSendsThePasswordOnStandardInputNeverInTheCommand() throws IOException {
        FakeTransports fake = new FakeTransports((h, c) -> c.contains("python3")
                ? FakeTransports.ok("{\"changed\": true, \"dest\": \"/srv/app.tgz\", \"_herd_path\": \"/srv/app.tgz\"}")
                : FakeTransports.ok("umask 0022\nlstat 81a4|0|0|6|1|42|2049|1.0|1.0|1.0|root|root|8|4096|0|0\naccess rw"));
        RunResult result = test.run("""
                - hosts: h1
                  tasks:
                    - get_url:
                        url: https://example.org/app.tgz
                        dest: /srv/app.tgz
                        url_username: deploy
                        url_password: "{{ secret }}"
                      register: got
                    - debug:
                        msg: "{{ got.dest }} {{ got.mode }} {{ got.owner }} {{ got.state }}"
                """.replace("{{ secret }}", "s3cr3t-pw"), inventory, fake);
        assertEquals(List.of(Status.CHANGED, Status.OK), TestRun.statuses(result, "h1"));
        assertEquals("/srv/app.tgz 0644 root file", TestRun.messages(result, "h1").get(1));
        for (ExecRequest request : fake.requests.get("h1")) {
            assertFalse(request.command().contains("s3cr3t-pw"), request.command());
        }
        ExecRequest download = fake.requests.get("h1").getFirst();
        assertTrue(new String(download.stdin().orElseThrow(), StandardCharsets.UTF_8).contains("\"url_password\":\"s3cr3t-pw\""));
    }

    @Test
    void waitForConnectionTriesAgainUntilTheHostAnswers() throws IOException {
        AtomicInteger tries = new AtomicInteger();
        FakeTransports fake = new FakeTransports((h, c) -> tries.incrementAndGet() < 3 ? null : FakeTransports.ok(""));
        RunResult result = test.run("""
                - hosts: h1
                  tasks:
                    - wait_for_connection:
                        sleep: 0
                        timeout: 30
                      register: waited
                    - debug:
                        msg: "{{ waited.elapsed }}"
                """, inventory, fake);
        assertEquals(List.of(Status.OK, Status.OK), TestRun.statuses(result, "h1"));
        assertEquals(3, tries.get());
        assertEquals("0", TestRun.messages(result, "h1").get(1));
    }

    @Test
    void waitForConnectionGivesUpAfterTheTimeout() throws IOException {
        FakeTransports fake = new FakeTransports((h, c) -> null);
        StepResult step = only(test.run("""
                - hosts: h1
                  tasks:
                    - wait_for_connection:
                        sleep: 1
                        timeout: 1
                """, inventory, fake));
        assertEquals(Status.FAILED, step.status());
        assertEquals(Optional.of("timed out waiting for ping module test: fake: h1 is down"), step.message());
    }

    @Test
    void rebootWaitsForANewBootTimeThenTheTestCommand() throws IOException {
        AtomicReference<String> boot = new AtomicReference<>("boot-1");
        AtomicInteger afterReboot = new AtomicInteger();
        FakeTransports fake = new FakeTransports((h, c) -> {
            if (c.contains("/sbin/shutdown")) {
                boot.set("down");
                return null;
            }
            if (c.contains("for d in")) {
                return FakeTransports.ok("/sbin/shutdown");
            }
            if (boot.get().equals("down")) {
                // the host is away for two tries, then back with a new boot id
                if (afterReboot.incrementAndGet() < 3) {
                    return null;
                }
                boot.set("boot-2");
            }
            if (c.contains("boot_id")) {
                return FakeTransports.ok(boot.get());
            }
            return FakeTransports.ok("deploy");
        });
        RunResult result = test.run("""
                - hosts: h1
                  tasks:
                    - reboot:
                        msg: maintenance
                        pre_reboot_delay: 120
                      register: r
                    - debug:
                        msg: "{{ r.rebooted }} {{ r.changed }}"
                """, inventory, fake);
        assertEquals(List.of(Status.CHANGED, Status.OK), TestRun.statuses(result, "h1"));
        assertEquals("true true", TestRun.messages(result, "h1").get(1));
        List<String> sent = fake.sent("h1");
        assertEquals(sh("cat /proc/sys/kernel/random/boot_id"), sent.getFirst());
        assertTrue(sent.contains(sh("/sbin/shutdown -r 2 \"maintenance\"")), sent.toString());
        assertEquals(sh("whoami"), sent.getLast());
    }

    @Test
    void rebootRefusesTheLocalConnection() throws IOException {
        Inventory local = test.inventory("""
                all:
                  hosts:
                    h1:
                      ansible_connection: local
                """);
        FakeTransports fake = new FakeTransports((h, c) -> FakeTransports.ok(""));
        StepResult step = only(test.run("""
                - hosts: h1
                  tasks:
                    - reboot:
                """, local, fake));
        assertEquals(Optional.of("Running reboot with local connection would reboot the control node."), step.message());
        assertEquals(List.of(), fake.sent("h1"));
    }
}
