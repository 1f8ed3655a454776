package herd.engine.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import herd.engine.event.Event;
import herd.engine.event.RunResult;
import herd.engine.event.StepResult;
import herd.engine.transport.ExecResult;

/** handlers and notify: once per host, at the end of the play (of each batch), in the order they are listed. */
class HandlerRunTest {
    @TempDir
    Path dir;

    private TestRun test;

    @BeforeEach
    void setUp() {
        test = new TestRun(dir);
    }

    /** "change" commands report changed; "same" commands are judged unchanged by changed_when; "broken" fails on h2. */
    private static FakeTransports fake() {
        return new FakeTransports((host, cmd) -> host.equals("h2") && cmd.contains("broken")
                ? new ExecResult(1, "", "broken", false) : FakeTransports.ok(""));
    }

    private static List<String> names(RunResult result, String host) {
        return TestRun.steps(result, host).stream().map(StepResult::task).toList();
    }

    @Test
    void aHandlerRunsOnceAtTheEndOnTheHostsWhereANotifyingTaskChanged() throws IOException {
        String playbook = """
                - hosts: all
                  gather_facts: false
                  tasks:
                    - name: change config
                      command: echo change
                      when: inventory_hostname != 'h3'
                      notify: restart client
                    - name: change again
                      command: echo change
                      notify: [restart client]
                      changed_when: inventory_hostname == 'h1'
                    - name: last task
                      command: echo last
                  handlers:
                    - name: reload balancer
                      command: echo reload
                    - name: restart client
                      command: echo restart
                """;
        RunResult result = test.run(playbook, test.hosts(3), fake());
        assertEquals(List.of("change config", "change again", "last task", "restart client"), names(result, "h1"));
        assertEquals(List.of("change config", "change again", "last task", "restart client"), names(result, "h2"));
        assertEquals(List.of("change config", "change again", "last task"), names(result, "h3"));
        Event.TaskStarted handler = test.events.stream().filter(e -> e instanceof Event.TaskStarted t && t.handler())
                .map(e -> (Event.TaskStarted) e).findFirst().orElseThrow();
        assertEquals("restart client", handler.task());
        assertEquals(List.of("h1", "h2"), handler.hosts());
    }

    @Test
    void handlersRunInTheOrderTheyAreListedAndListenTopicsReachThem() throws IOException {
        String playbook = """
                - hosts: all
                  gather_facts: false
                  tasks:
                    - name: change
                      command: echo change
                      notify: [second, cluster changed]
                  handlers:
                    - name: first
                      command: echo first
                      listen: cluster changed
                    - name: second
                      command: echo second
                    - name: third
                      command: echo third
                      listen: [other topic]
                """;
        RunResult result = test.run(playbook, test.hosts(1), fake());
        assertEquals(List.of("change", "first", "second"), names(result, "h1"));
    }

    @Test
    void aHostThatFailsAfterBeingNotifiedRunsNoHandler() throws IOException {
        String playbook = """
                - hosts: all
                  gather_facts: false
                  tasks:
                    - name: change
                      command: echo change
                      notify: restart
                    - name: break
                      command: echo broken
                  handlers:
                    - name: restart
                      command: echo restart
                """;
        RunResult result = test.run(playbook, test.hosts(2), fake());
        assertEquals(List.of("change", "break", "restart"), names(result, "h1"));
        assertEquals(List.of("change", "break"), names(result, "h2"));
    }

    @Test
    void inARollingPlayHandlersRunAtTheEndOfEachBatch() throws IOException {
        String playbook = """
                - hosts: all
                  gather_facts: false
                  serial: 1
                  tasks:
                    - name: change
                      command: echo change
                      notify: restart
                  handlers:
                    - name: restart
                      command: echo restart
                """;
        RunResult result = test.run(playbook, test.hosts(2), fake());
        assertEquals(List.of("h1: change", "h1: restart", "h2: change", "h2: restart"), TestRun.order(result));
    }

    @Test
    void aHandlerCanNotifyAHandlerListedAfterIt() throws IOException {
        String playbook = """
                - hosts: all
                  gather_facts: false
                  tasks:
                    - name: change
                      command: echo change
                      notify: restart
                  handlers:
                    - name: restart
                      command: echo restart
                      notify: warm up
                    - name: warm up
                      command: echo warm
                """;
        RunResult result = test.run(playbook, test.hosts(1), fake());
        assertEquals(List.of("change", "restart", "warm up"), names(result, "h1"));
        assertTrue(result.steps().stream().allMatch(s -> s.status().word().equals("changed")));
    }
}
