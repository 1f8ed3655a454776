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
import herd.engine.event.RunResult;
import herd.engine.event.Status;
import herd.engine.event.StepResult;
import herd.engine.transport.ExecResult;

/** include_tasks (per host, per item, in order) and import_tasks (ordinary tasks) on the fake transport. */
class IncludeRunTest {
    @TempDir
    Path dir;

    private TestRun test;

    @BeforeEach
    void setUp() {
        test = new TestRun(dir);
    }

    private void tasksFile(String name, String yaml) throws IOException {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, yaml);
    }

    /** Answers "echo WORDS" with WORDS, fails the commands that contain {@code marker} on the given hosts. */
    private static FakeTransports echoing(String marker, Set<String> failOn) {
        return new FakeTransports((host, cmd) -> {
            if (failOn.contains(host) && cmd.contains(marker)) {
                return new ExecResult(1, "", "boom", false);
            }
            int echo = cmd.indexOf("echo ");
            return FakeTransports.ok(echo < 0 ? "" : cmd.substring(echo + 5).replaceAll("'$", ""));
        });
    }

    /** The included tasks' steps of a host, without the steps of the includes themselves. */
    private static List<StepResult> inner(RunResult result, String host) {
        return TestRun.steps(result, host).stream().filter(s -> !s.message().orElse("").startsWith("included: ")
                && !(s.task().endsWith("include_tasks") && s.status() == Status.SKIPPED)).toList();
    }

    private static List<String> messages(RunResult result, String host) {
        return inner(result, host).stream().map(x -> x.message().orElse("")).toList();
    }

    private static List<String> names(RunResult result, String host) {
        return inner(result, host).stream().map(StepResult::task).toList();
    }

    @Test
    void eachIncludeIsAStepOfItsOwnWithAnItemPerLoopItemOkWhenTakenInSkippedWhenNot() throws IOException {
        tasksFile("tasks/restart.yml", RESTART);
        RunResult result = test.run("""
                - hosts: all
                  gather_facts: false
                  tasks:
                    - include_tasks: tasks/restart.yml
                      loop: "{{ clients }}"
                      loop_control:
                        loop_var: client
                        label: "{{ client.name }}"
                      when: client.name != 'skip'
                """, test.inventory("""
                all:
                  hosts:
                    h1:
                  vars:
                    clients: [{name: client1}, {name: skip}]
                """), echoing("never", Set.of()));
        List<StepResult> includes = TestRun.steps(result, "h1").stream()
                .filter(s -> s.task().endsWith("include_tasks")).toList();
        assertEquals(List.of("include_tasks ok"), includes.stream().map(s -> s.task() + " " + s.status().word()).toList());
        assertEquals(List.of("client1 ok", "skip skipped"), includes.getFirst().items().stream()
                .map(i -> i.label() + " " + i.status().word()).toList());
        assertEquals(new herd.engine.event.HostStats(3, 2, 0, 0, 0, 0), result.stats().get("h1"));
    }

    private static final String RESTART = """
            - name: stop it
              command: bin/{{ client.name }} stop
            - name: start {{ client.name }}
              command: bin/{{ client.name }} start
            """;

    private static final String PLAY = """
            - name: clients
              hosts: all
              gather_facts: false
              tasks:
                - name: each client
                  include_tasks: tasks/restart.yml
                  loop: [{name: client1}, {name: client2}]
                  loop_control:
                    loop_var: client
                    label: "{{ client.name }}"
                - name: afterwards
                  command: echo done
            """;

    @Test
    void theIncludedTasksRunInOrderForEachItemOnEachHostNamedByTheLabel() throws IOException {
        tasksFile("tasks/restart.yml", RESTART);
        FakeTransports fake = echoing("never", Set.of());
        RunResult result = test.run(PLAY, test.hosts(2), fake);
        assertEquals(0, result.exitCode());
        for (String host : List.of("h1", "h2")) {
            assertEquals(List.of("client1 | stop it", "client1 | start client1", "client2 | stop it",
                    "client2 | start client2", "afterwards"), names(result, host), host);
            assertEquals(List.of("/bin/sh -c 'bin/client1 stop'", "/bin/sh -c 'bin/client1 start'",
                    "/bin/sh -c 'bin/client2 stop'", "/bin/sh -c 'bin/client2 start'", "/bin/sh -c 'echo done'"),
                    fake.sent(host), host);
        }
        List<String> started = test.events.stream().filter(e -> e instanceof Event.TaskStarted)
                .map(e -> ((Event.TaskStarted) e).task() + " " + ((Event.TaskStarted) e).hosts()).toList();
        // the hosts go through the included file task by task, together, as Ansible's linear strategy
        assertEquals(List.of("each client [h1, h2]", "client1 | stop it [h1, h2]", "client1 | start client1 [h1, h2]",
                "client2 | stop it [h1, h2]", "client2 | start client2 [h1, h2]", "afterwards [h1, h2]"), started);
    }

    @Test
    void aFailureInsideStopsThatHostsIncludeAndTheOthersGoOn() throws IOException {
        tasksFile("tasks/restart.yml", RESTART);
        FakeTransports fake = echoing("bin/client1 start", Set.of("h1"));
        RunResult result = test.run(PLAY, test.hosts(2), fake);
        assertEquals(List.of("client1 | stop it", "client1 | start client1"), names(result, "h1"));
        assertEquals(List.of(Status.CHANGED, Status.FAILED), inner(result, "h1").stream().map(StepResult::status).toList());
        assertEquals(0, fake.count("h1", "client2"), "nothing more on the failed host");
        assertEquals(5, names(result, "h2").size());
        assertEquals(2, result.exitCode());
        assertEquals(1, result.stats().get("h1").failed());
    }

    @Test
    void anIgnoredFailureInsideLetsTheIncludeGoOn() throws IOException {
        tasksFile("tasks/restart.yml", RESTART.replace("start\n", "start\n  ignore_errors: true\n"));
        RunResult result = test.run(PLAY, test.hosts(1), echoing("bin/client1 start", Set.of("h1")));
        assertEquals(5, names(result, "h1").size());
        assertEquals(0, result.exitCode());
    }

    @Test
    void aResultRegisteredInsideIsVisibleToTheLaterIncludedTasks() throws IOException {
        tasksFile("tasks/ask.yml", """
                - command: echo {{ client.name }} on {{ inventory_hostname }}
                  register: answer
                - debug:
                    msg: "{{ client.name }} said {{ answer.stdout }}"
                """);
        RunResult result = test.run("""
                - hosts: all
                  gather_facts: false
                  tasks:
                    - include_tasks: tasks/ask.yml
                      loop: [{name: a}, {name: b}]
                      loop_control:
                        loop_var: client
                        label: "{{ client.name }}"
                    - debug:
                        msg: "last: {{ answer.stdout }}"
                """, test.hosts(2), echoing("never", Set.of()));
        assertEquals(List.of("", "a said a on h2", "", "b said b on h2", "last: b on h2"), messages(result, "h2"));
    }

    @Test
    void withoutALoopTheStepsKeepTheirNames() throws IOException {
        tasksFile("tasks/two.yml", "- name: first\n  command: echo 1\n- name: second\n  command: echo 2\n");
        RunResult result = test.run("- hosts: all\n  gather_facts: false\n  tasks:\n    - include_tasks: tasks/two.yml\n", test.hosts(1),
                echoing("never", Set.of()));
        assertEquals(List.of("first", "second"), names(result, "h1"));
    }

    @Test
    void aFalseConditionSkipsTheWholeIncludeOnThatHost() throws IOException {
        tasksFile("tasks/two.yml", "- name: first\n  command: echo 1\n- name: second\n  command: echo 2\n");
        FakeTransports fake = echoing("never", Set.of());
        RunResult result = test.run("""
                - hosts: all
                  gather_facts: false
                  tasks:
                    - include_tasks: tasks/two.yml
                      when: inventory_hostname == 'h2'
                """, test.hosts(2), fake);
        assertEquals(List.of(), fake.sent("h1"));
        assertEquals(List.of("first", "second"), names(result, "h2"));
    }

    @Test
    void nestedLoopedIncludesJoinTheirLabels() throws IOException {
        tasksFile("tasks/outer.yml", """
                - include_tasks: inner.yml
                  loop: [x, y]
                  loop_control:
                    loop_var: inner
                """);
        tasksFile("tasks/inner.yml", "- name: run\n  command: echo {{ outer }}{{ inner }}\n");
        FakeTransports fake = echoing("never", Set.of());
        RunResult result = test.run("""
                - hosts: all
                  gather_facts: false
                  tasks:
                    - include_tasks: tasks/outer.yml
                      loop: [a, b]
                      loop_control:
                        loop_var: outer
                """, test.hosts(1), fake);
        assertEquals(List.of("a | x | run", "a | y | run", "b | x | run", "b | y | run"), names(result, "h1"));
        assertEquals(List.of("ax", "ay", "bx", "by"), inner(result, "h1").stream().map(StepResult::stdout).toList());
    }

    @Test
    void aLoopThatIsNoListFailsTheIncludeOnThatHost() throws IOException {
        tasksFile("tasks/two.yml", "- name: first\n  command: echo 1\n");
        RunResult result = test.run("""
                - hosts: all
                  gather_facts: false
                  vars:
                    clients: "{{ 'not a list' }}"
                  tasks:
                    - include_tasks: tasks/two.yml
                      loop: "{{ clients }}"
                """, test.hosts(1), echoing("never", Set.of()));
        assertEquals(List.of(Status.FAILED), inner(result, "h1").stream().map(StepResult::status).toList());
        assertEquals(List.of("include_tasks"), names(result, "h1"));
    }

    @Test
    void importTasksRunAsOrdinaryTasksOfThePlay() throws IOException {
        tasksFile("tasks/two.yml", "- name: first\n  command: echo 1\n- name: second\n  command: echo 2\n");
        RunResult result = test.run("""
                - hosts: all
                  gather_facts: false
                  tasks:
                    - import_tasks: tasks/two.yml
                      when: inventory_hostname == 'h1'
                    - name: third
                      command: echo 3
                """, test.hosts(2), echoing("never", Set.of()));
        List<String> started = test.events.stream().filter(e -> e instanceof Event.TaskStarted)
                .map(e -> ((Event.TaskStarted) e).task()).toList();
        assertEquals(List.of("first", "second", "third"), started);
        assertEquals(List.of(Status.CHANGED, Status.CHANGED, Status.CHANGED), inner(result, "h1").stream().map(StepResult::status).toList());
        assertEquals(List.of(Status.SKIPPED, Status.SKIPPED, Status.CHANGED), inner(result, "h2").stream().map(StepResult::status).toList());
    }

    @Test
    void aRollingPlayOfIncludesStopsAtTheFirstFailedClient() throws IOException {
        tasksFile("tasks/restart.yml", RESTART);
        FakeTransports fake = echoing("bin/client2 stop", Set.of("h1"));
        RunResult result = test.run(PLAY.replace("  hosts: all\n", "  hosts: all\n  serial: 1\n  max_fail_percentage: 0\n"),
                test.hosts(2), fake);
        assertEquals(List.of("client1 | stop it", "client1 | start client1", "client2 | stop it"), names(result, "h1"));
        assertEquals(List.of(), fake.sent("h2"));
        assertTrue(test.events.stream().anyMatch(e -> e instanceof Event.PlayAborted));
        assertEquals(2, result.exitCode());
    }

    @Test
    void indexVarIsBoundForIncludedTasks() throws IOException {
        tasksFile("tasks/show.yml", "- debug:\n    msg: \"{{ idx }}: {{ item }}\"\n");
        RunResult result = test.run("""
                - hosts: all
                  gather_facts: false
                  tasks:
                    - include_tasks: tasks/show.yml
                      loop: [a, b]
                      loop_control:
                        index_var: idx
                """, test.hosts(1), echoing("never", Set.of()));
        assertEquals(List.of("0: a", "1: b"), messages(result, "h1"));
    }

    @Test
    void anIncludesConditionIsDecidedPerItem() throws IOException {
        tasksFile("tasks/restart.yml", RESTART);
        FakeTransports fake = echoing("never", Set.of());
        RunResult result = test.run("""
                - hosts: all
                  gather_facts: false
                  tasks:
                    - include_tasks: tasks/restart.yml
                      loop: [{name: client1}, {name: skip}, {name: client2}]
                      loop_control:
                        loop_var: client
                        label: "{{ client.name }}"
                      when: client.name != 'skip'
                """, test.hosts(1), fake);
        assertEquals(List.of("client1 | stop it", "client1 | start client1", "client2 | stop it",
                "client2 | start client2"), names(result, "h1"));
        assertEquals(0, result.exitCode());
    }

    @Test
    void runOnceInsideAnIncludeRunsOnTheFirstHostAndEveryHostGetsItsResult() throws IOException {
        // the hosts walk the included file together, so "the first host of the batch" means what it does
        // in the play itself
        tasksFile("tasks/once.yml", """
                - command: echo once
                  run_once: true
                  register: once
                - command: echo {{ once.stdout }} seen on {{ inventory_hostname }}
                """);
        FakeTransports fake = echoing("never", Set.of());
        RunResult result = test.run("- hosts: all\n  gather_facts: false\n  tasks:\n    - include_tasks: tasks/once.yml\n", test.hosts(2), fake);
        assertEquals(0, result.exitCode());
        assertEquals(List.of("/bin/sh -c 'echo once'", "/bin/sh -c 'echo once seen on h1'"), fake.sent("h1"));
        assertEquals(List.of("/bin/sh -c 'echo once seen on h2'"), fake.sent("h2"));
    }
}
