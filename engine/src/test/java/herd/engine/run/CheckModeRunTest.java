package herd.engine.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import herd.engine.event.RunResult;
import herd.engine.event.Status;
import herd.engine.inventory.Inventory;

/**
 * Ansible's check mode: --check and the check_mode keyword. Commands do not run (skipped, or
 * "would have run" with creates/removes), modules without check-mode support are skipped with
 * Ansible's words, controller modules run, and check_mode: false runs a task for real.
 */
class CheckModeRunTest {
    @TempDir
    Path dir;

    private TestRun test;
    private Inventory one;

    @BeforeEach
    void setUp() throws IOException {
        test = new TestRun(dir);
        one = test.hosts(1);
    }

    @Test
    void checkSkipsCommandsAndRunsWhatCheckModeAllows() throws IOException {
        FakeTransports fake = new FakeTransports((host, command) -> FakeTransports.exit(1, ""));
        RunResult result = test.modes(true, false).run("""
                - hosts: all
                  gather_facts: false
                  tasks:
                    - command: touch /tmp/x
                      register: touched
                    - command: touch /tmp/y
                      args:
                        creates: /tmp/y
                    - debug:
                        msg: "check={{ ansible_check_mode }} skipped={{ touched.skipped }}"
                    - wait_for:
                        port: 1
                    - command: echo for real
                      check_mode: false
                """, one, fake);
        assertEquals(List.of(Status.SKIPPED, Status.CHANGED, Status.OK, Status.SKIPPED, Status.FAILED),
                TestRun.statuses(result, "h1"));
        List<String> messages = TestRun.messages(result, "h1");
        assertEquals("Command would have run if not in check mode", messages.get(0));
        assertEquals("Command would have run if not in check mode", messages.get(1));
        assertEquals("check=true skipped=true", messages.get(2));
        assertEquals("remote module (wait_for) does not support check mode", messages.get(3));
        List<String> ran = fake.commands.get("h1");
        assertTrue(ran.stream().noneMatch(c -> c.contains("touch /tmp/x")), ran::toString);
        assertTrue(ran.stream().anyMatch(c -> c.contains("echo for real")), ran::toString);
    }

    @Test
    void checkModeOnATaskWithoutTheFlag() throws IOException {
        FakeTransports fake = new FakeTransports((host, command) -> FakeTransports.ok(""));
        RunResult result = test.run("""
                - hosts: all
                  gather_facts: false
                  tasks:
                    - block:
                        - command: touch /tmp/inside
                      check_mode: true
                    - command: touch /tmp/outside
                    - debug:
                        msg: "{{ ansible_check_mode | default('unset') }}"
                """, one, fake);
        assertEquals(List.of(Status.SKIPPED, Status.CHANGED, Status.OK), TestRun.statuses(result, "h1"));
        List<String> ran = fake.commands.get("h1");
        assertTrue(ran.stream().noneMatch(c -> c.contains("/tmp/inside")), ran::toString);
        assertTrue(ran.stream().anyMatch(c -> c.contains("/tmp/outside")), ran::toString);
    }
}
