package herd.engine.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import herd.engine.event.Event;
import herd.engine.event.ExitCodes;
import herd.engine.event.HostStats;
import herd.engine.event.RunResult;
import herd.engine.event.StepResult;
import herd.engine.transport.ExecResult;

/** block / rescue / always as Ansible runs them, on the fake transport. */
class BlockRunTest {
    @TempDir
    Path dir;

    private TestRun test;

    @BeforeEach
    void setUp() {
        test = new TestRun(dir);
    }

    /** Answers "echo WORDS" with WORDS; commands containing "false" fail on the given hosts. */
    private static FakeTransports failingOn(Set<String> hosts) {
        return new FakeTransports((host, cmd) -> {
            if (hosts.contains(host) && cmd.contains("false")) {
                return new ExecResult(1, "", "it broke", false);
            }
            int echo = cmd.indexOf("echo ");
            return FakeTransports.ok(echo < 0 ? "" : cmd.substring(echo + 5).replaceAll("'$", ""));
        });
    }

    private static List<String> names(RunResult result, String host) {
        return TestRun.steps(result, host).stream().map(StepResult::task).toList();
    }

    private static final String ROLL = """
            - hosts: all
              gather_facts: false
              tasks:
                - name: drain
                  block:
                    - name: take out
                      command: echo out
                    - name: restart
                      command: /bin/false
                    - name: check
                      command: echo check
                  rescue:
                    - name: report
                      command: echo rescued-{{ ansible_failed_task.name }}-rc{{ ansible_failed_result.rc }}
                  always:
                    - name: put back
                      command: echo back
                - name: after
                  command: echo after
            """;

    @Test
    void aFailureGoesToRescueThenAlwaysAndTheHostGoesOnAsRescued() throws IOException {
        RunResult result = test.run(ROLL, test.hosts(2), failingOn(Set.of("h1")));
        assertEquals(List.of("take out", "restart", "report", "put back", "after"), names(result, "h1"));
        assertEquals(List.of("take out", "restart", "check", "put back", "after"), names(result, "h2"));
        assertEquals("rescued-restart-rc1", TestRun.steps(result, "h1").get(2).stdout());
        StepResult failed = TestRun.steps(result, "h1").get(1);
        assertTrue(failed.rescued());
        assertEquals(new HostStats(4, 4, 0, 0, 0, 0, 1), result.stats().get("h1"));
        assertEquals(ExitCodes.OK, result.exitCode());
    }

    @Test
    void hostsInTheRescueWaitUntilTheOthersFinishTheBlockAsTheLinearStrategyDoes() throws IOException {
        RunResult result = test.run(ROLL, test.hosts(2), failingOn(Set.of("h1")));
        List<String> order = TestRun.order(result);
        assertTrue(order.indexOf("h2: check") < order.indexOf("h1: report"), order::toString);
        assertTrue(order.indexOf("h1: report") < order.indexOf("h1: put back"), order::toString);
        List<String> started = test.events.stream().filter(e -> e instanceof Event.TaskStarted)
                .map(e -> ((Event.TaskStarted) e).task() + " " + ((Event.TaskStarted) e).hosts()).toList();
        assertEquals(List.of("take out [h1, h2]", "restart [h1, h2]", "check [h2]", "report [h1]",
                "put back [h1, h2]", "after [h1, h2]"), started);
    }

    @Test
    void withoutRescueTheAlwaysTasksRunAndTheHostThenStopsAsFailed() throws IOException {
        String playbook = """
                - hosts: all
                  gather_facts: false
                  tasks:
                    - block:
                        - command: /bin/false
                        - name: never
                          command: echo never
                      always:
                        - name: cleanup
                          command: echo cleanup
                    - name: after
                      command: echo after
                """;
        RunResult result = test.run(playbook, test.hosts(2), failingOn(Set.of("h1")));
        assertEquals(List.of("command", "cleanup"), names(result, "h1"));
        assertEquals(List.of("command", "never", "cleanup", "after"), names(result, "h2"));
        assertEquals(1, result.stats().get("h1").failed());
        assertEquals(ExitCodes.HOST_FAILED, result.exitCode());
    }

    @Test
    void aFailureInTheRescueRunsAlwaysAndFailsTheHost() throws IOException {
        String playbook = """
                - hosts: all
                  gather_facts: false
                  tasks:
                    - block:
                        - command: /bin/false
                      rescue:
                        - name: rescue fails too
                          command: /bin/false again
                      always:
                        - name: cleanup
                          command: echo cleanup
                    - name: after
                      command: echo after
                """;
        RunResult result = test.run(playbook, test.hosts(1), failingOn(Set.of("h1")));
        assertEquals(List.of("command", "rescue fails too", "cleanup"), names(result, "h1"));
        assertEquals(new HostStats(1, 1, 1, 0, 0, 0, 1), result.stats().get("h1"));
        assertEquals(ExitCodes.HOST_FAILED, result.exitCode());
    }

    @Test
    void anInnerBlockWithoutRescuePassesItsFailureToTheOuterRescueAfterItsAlways() throws IOException {
        String playbook = """
                - hosts: all
                  gather_facts: false
                  tasks:
                    - block:
                        - block:
                            - name: inner
                              command: /bin/false
                          always:
                            - name: inner always
                              command: echo a
                        - name: skipped by the failure
                          command: echo no
                      rescue:
                        - name: outer rescue
                          command: echo r
                    - name: after
                      command: echo after
                """;
        RunResult result = test.run(playbook, test.hosts(1), failingOn(Set.of("h1")));
        assertEquals(List.of("inner", "inner always", "outer rescue", "after"), names(result, "h1"));
    }

    @Test
    void theBlocksKeywordsReachEveryTaskInsideIt() throws IOException {
        String playbook = """
                - hosts: all
                  gather_facts: false
                  tasks:
                    - block:
                        - name: only on h2
                          command: echo yes
                        - name: failing but ignored
                          command: /bin/false
                      when: inventory_hostname == 'h2'
                      ignore_errors: true
                      become: true
                      become_user: plone_daemon
                    - name: after
                      command: echo after
                """;
        FakeTransports fake = failingOn(Set.of("h2"));
        RunResult result = test.run(playbook, test.hosts(2), fake);
        assertEquals(List.of("skipped", "skipped", "changed"), TestRun.statuses(result, "h1").stream()
                .map(s -> s.word()).toList());
        List<StepResult> h2 = TestRun.steps(result, "h2");
        assertTrue(h2.get(1).ignored(), h2::toString);
        assertEquals("after", h2.get(2).task());
        assertTrue(fake.sent("h2").getFirst().contains("sudo -n -H -u plone_daemon"), fake.sent("h2")::toString);
    }

    @Test
    void aBlockInsideAnIncludedFileRescuesItsOwnFailures() throws IOException {
        Files.writeString(dir.resolve("inner.yml"), """
                - block:
                    - name: inner fails
                      command: /bin/false
                  rescue:
                    - name: inner rescue
                      command: echo saved
                - name: inner after
                  command: echo after
                """);
        String playbook = """
                - hosts: all
                  gather_facts: false
                  tasks:
                    - include_tasks: inner.yml
                    - name: last
                      command: echo last
                """;
        RunResult result = test.run(playbook, test.hosts(1), failingOn(Set.of("h1")));
        assertEquals(List.of("include_tasks", "inner fails", "inner rescue", "inner after", "last"), names(result, "h1"));
        assertEquals(ExitCodes.OK, result.exitCode());
    }

    @Test
    void aFailureInAnIncludedFileIsRescuedByTheBlockAroundTheInclude() throws IOException {
        Files.writeString(dir.resolve("inner.yml"), """
                - name: inner fails
                  command: /bin/false
                - name: never
                  command: echo never
                """);
        String playbook = """
                - hosts: all
                  gather_facts: false
                  tasks:
                    - block:
                        - include_tasks: inner.yml
                      rescue:
                        - name: outer rescue
                          command: echo saved
                """;
        RunResult result = test.run(playbook, test.hosts(1), failingOn(Set.of("h1")));
        assertEquals(List.of("include_tasks", "inner fails", "outer rescue"), names(result, "h1"));
        assertTrue(TestRun.steps(result, "h1").get(1).rescued());
        assertEquals(ExitCodes.OK, result.exitCode());
    }

    @Test
    void taskAndBlockVarsAreSeenByTheirTasksAboveThePlaysAndBelowSetFact() throws IOException {
        String playbook = """
                - hosts: all
                  gather_facts: false
                  vars:
                    client: play
                    port: 1
                  tasks:
                    - block:
                        - name: block var
                          command: echo {{ client }}-{{ port }}
                        - name: task var over block var
                          command: echo {{ client }}-{{ port }}
                          vars:
                            port: "{{ base + 2 }}"
                      vars:
                        client: block
                        base: 8080
                    - name: play var again
                      command: echo {{ client }}
                    - set_fact:
                        client: fact
                    - name: set_fact over task var
                      command: echo {{ client }}
                      vars:
                        client: task
                """;
        RunResult result = test.run(playbook, test.hosts(1), failingOn(Set.of()));
        assertEquals(List.of("block-1", "block-8082", "play", "", "fact"),
                TestRun.steps(result, "h1").stream().map(StepResult::stdout).toList());
    }
}
