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
 * group_by and add_host change the inventory for the rest of the run: later tasks see the groups,
 * later plays target them, and the step is changed only when the inventory changed, as in Ansible.
 */
class InventoryEditRunTest {
    @TempDir
    Path dir;

    private TestRun test;
    private Inventory inventory;

    @BeforeEach
    void setUp() throws IOException {
        test = new TestRun(dir);
        inventory = test.inventory("""
                all:
                  hosts:
                    h1: {role: front}
                    h2: {role: back}
                    h3: {role: front}
                """);
    }

    @Test
    void groupByMakesGroupsForLaterTasksAndPlays() throws IOException {
        FakeTransports fake = new FakeTransports((host, command) -> FakeTransports.ok(host));
        RunResult result = test.run("""
                - hosts: all
                  gather_facts: false
                  tasks:
                    - group_by:
                        key: "tier_{{ role }}"
                    - group_by:
                        key: "tier_{{ role }}"
                    - debug:
                        msg: "{{ groups['tier_front'] | join(',') }} / {{ group_names | join(',') }}"
                      when: inventory_hostname == 'h1'
                - hosts: tier_front
                  gather_facts: false
                  tasks:
                    - command: hostname
                """, inventory, fake);
        assertEquals(List.of(Status.CHANGED, Status.OK, Status.OK, Status.CHANGED), TestRun.statuses(result, "h1"));
        assertEquals(List.of(Status.CHANGED, Status.OK, Status.SKIPPED), TestRun.statuses(result, "h2"));
        assertEquals("h1,h3 / tier_front", TestRun.messages(result, "h1").get(2));
        assertTrue(fake.commands.get("h3").stream().anyMatch(c -> c.contains("hostname")));
        assertTrue(fake.commands.getOrDefault("h2", List.of()).stream().noneMatch(c -> c.contains("hostname")));
    }

    @Test
    void addHostBringsANewHostToLaterPlays() throws IOException {
        FakeTransports fake = new FakeTransports((host, command) -> FakeTransports.ok(host));
        RunResult result = test.run("""
                - hosts: h1
                  gather_facts: false
                  tasks:
                    - add_host:
                        name: "{{ item }}"
                        groups: fresh
                        flavour: new
                      loop: [n1, n2]
                    - add_host:
                        name: n1
                        groups: fresh
                        flavour: new
                - hosts: fresh
                  gather_facts: false
                  tasks:
                    - command: echo {{ flavour }}
                """, inventory, fake);
        assertEquals(List.of(Status.CHANGED, Status.OK), TestRun.statuses(result, "h1"));
        assertEquals(List.of(Status.CHANGED), TestRun.statuses(result, "n1"));
        assertEquals(List.of(Status.CHANGED), TestRun.statuses(result, "n2"));
        assertTrue(fake.commands.get("n2").stream().anyMatch(c -> c.contains("echo new")), fake.commands::toString);
    }
}
