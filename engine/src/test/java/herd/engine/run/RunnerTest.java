package herd.engine.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import herd.engine.event.Event;
import herd.engine.event.RunResult;
import herd.engine.event.Status;
import herd.engine.event.StepResult;
import herd.engine.inventory.Inventory;
import herd.engine.transport.ExecResult;

/** The linear strategy on a fake transport: order, parallelism bounds, failures, unreachable hosts. */
class RunnerTest {
    @TempDir
    Path dir;

    private TestRun test;
    private List<Event> events;

    @BeforeEach
    void setUp() {
        test = new TestRun(dir);
        events = test.events;
    }

    private Inventory inventory(int hosts) throws IOException {
        return test.hosts(hosts);
    }

    private RunResult run(String playbook, Inventory inventory, int forks, FakeTransports fake) throws IOException {
        return test.forks(forks).run(playbook, inventory, fake);
    }

    @Test
    void eachTaskFinishesOnEveryHostBeforeTheNextStarts() throws IOException {
        FakeTransports fake = new FakeTransports((host, cmd) -> FakeTransports.ok(host));
        RunResult result = run("""
                - hosts: all
                  gather_facts: false
                  tasks:
                    - name: one
                      command: echo one
                    - name: two
                      command: echo two
                    - name: three
                      command: echo three
                """, inventory(6), 20, fake);
        assertEquals(0, result.exitCode());
        assertEquals(18, result.steps().size());
        List<String> order = result.steps().stream().map(StepResult::task).toList();
        for (int i = 0; i < 18; i++) {
            String expected = List.of("one", "two", "three").get(i / 6);
            assertEquals(expected, order.get(i), "step " + i + " of " + order);
        }
        assertEquals(6, fake.connects.get(), "one connection per host for the whole run");
        assertEquals(List.of("/bin/sh -c 'echo one'", "/bin/sh -c 'echo two'", "/bin/sh -c 'echo three'"),
                fake.commands.get("h4"));
    }

    @Test
    void forksBoundHowManyHostsWorkAtOnce() throws IOException {
        FakeTransports fake = new FakeTransports((host, cmd) -> FakeTransports.ok(""));
        run("- hosts: all\n  gather_facts: false\n  tasks:\n    - command: 'true'\n    - command: 'true'\n", inventory(30), 4, fake);
        assertTrue(fake.mostAtOnce.get() <= 4, "at most 4 at once, saw " + fake.mostAtOnce.get());
        assertTrue(fake.mostAtOnce.get() >= 2, "hosts must run in parallel, saw " + fake.mostAtOnce.get());
    }

    @Test
    void aFailedHostStopsForTheRestOfThePlaybookAndOthersGoOn() throws IOException {
        FakeTransports fake = new FakeTransports((host, cmd) ->
                host.equals("h2") && cmd.contains("first") ? new ExecResult(3, "", "bad", false) : FakeTransports.ok(""));
        RunResult result = run("""
                - hosts: all
                  gather_facts: false
                  tasks:
                    - command: echo first
                    - command: echo second
                - hosts: all
                  gather_facts: false
                  tasks:
                    - command: echo third
                """, inventory(3), 20, fake);
        assertEquals(2, result.exitCode());
        assertEquals(List.of("/bin/sh -c 'echo first'"), fake.commands.get("h2"));
        assertEquals(3, fake.commands.get("h1").size());
        assertEquals(1, result.stats().get("h2").failed());
        assertEquals(3, result.stats().get("h3").ok());
    }

    @Test
    void unreachableHostsGiveExitThreeAndAllFailedEndsThePlay() throws IOException {
        FakeTransports fake = new FakeTransports((host, cmd) -> null);
        RunResult result = run("- hosts: all\n  gather_facts: false\n  tasks:\n    - command: 'true'\n    - command: 'false'\n",
                inventory(2), 20, fake);
        assertEquals(3, result.exitCode());
        assertTrue(result.steps().stream().allMatch(s -> s.status() == Status.UNREACHABLE));
        assertEquals(2, result.steps().size());
        assertTrue(events.stream().anyMatch(e -> e instanceof Event.NoHostsLeft));
    }

    @Test
    void failedBeatsUnreachableInTheExitCode() throws IOException {
        FakeTransports fake = new FakeTransports((host, cmd) ->
                host.equals("h1") ? null : new ExecResult(1, "", "", false));
        assertEquals(2, run("- hosts: all\n  gather_facts: false\n  tasks:\n    - command: 'true'\n", inventory(2), 20, fake).exitCode());
    }

    @Test
    void eventsComeInOrderAndEndWithTheResult() throws IOException {
        FakeTransports fake = new FakeTransports((host, cmd) -> FakeTransports.ok(""));
        RunResult result = run("- name: p\n  hosts: all\n  gather_facts: false\n  tasks:\n    - name: t\n      command: 'true'\n",
                inventory(2), 20, fake);
        assertTrue(events.getFirst() instanceof Event.RunStarted);
        assertTrue(events.get(1) instanceof Event.PlayStarted p && p.play().equals("p") && p.hosts().equals(List.of("h1", "h2")));
        assertTrue(events.get(2) instanceof Event.TaskStarted t && t.task().equals("t"));
        assertEquals(2, events.stream().filter(e -> e instanceof Event.StepFinished).count());
        assertTrue(events.getLast() instanceof Event.RunFinished f && f.result() == result);
        assertFalse(result.interrupted());
    }
}
