package herd.engine.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import herd.engine.transport.Endpoint;
import herd.engine.event.Event;
import herd.engine.event.RunResult;
import herd.engine.event.Status;
import herd.engine.event.StepResult;
import herd.engine.inventory.Inventory;
import herd.engine.load.InputException;

/** delegate_to and run_once on the fake transport. */
class DelegationRunTest {
    @TempDir
    Path dir;

    private TestRun test;
    private Inventory inventory;
    /** Answers "echo WORDS" with "WORDS from HOST", so a result tells where its command ran. */
    private final FakeTransports fake = new FakeTransports((host, cmd) -> {
        int echo = cmd.indexOf("echo ");
        return FakeTransports.ok(echo < 0 ? "" : cmd.substring(echo + 5).replaceAll("'$", "") + " from " + host);
    });

    @BeforeEach
    void setUp() throws IOException {
        test = new TestRun(dir);
        inventory = test.inventory("""
                all:
                  children:
                    web:
                      vars:
                        haproxy_host: lb
                      hosts:
                        h1:
                          port: 8081
                        h2:
                          port: 8082
                        h3:
                          port: 8083
                    balancers:
                      hosts:
                        lb:
                          port: 9999
                """);
    }

    private RunResult run(String playbook) throws IOException {
        return test.run(playbook, inventory, fake);
    }

    @Test
    void aDelegatedCommandRunsOnTheDelegateWithTheOriginalHostsVariables() throws IOException {
        RunResult result = run("""
                - hosts: web
                  gather_facts: false
                  tasks:
                    - name: take it out
                      command: echo {{ inventory_hostname }}:{{ port }}
                      delegate_to: lb
                      register: out
                    - debug:
                        msg: "{{ out.stdout }}"
                """);
        assertEquals(List.of("/bin/sh -c 'echo h1:8081'", "/bin/sh -c 'echo h2:8082'", "/bin/sh -c 'echo h3:8083'"),
                fake.sent("lb").stream().sorted().toList());
        for (String host : List.of("h1", "h2", "h3")) {
            assertEquals(List.of(), fake.sent(host), "nothing runs on " + host);
            StepResult step = TestRun.steps(result, host).getFirst();
            assertEquals("take it out", step.task(), "the step belongs to the original host");
            assertEquals(Status.CHANGED, step.status());
        }
        assertEquals(List.of("", "h2:8082 from lb"), TestRun.messages(result, "h2"), "registered on the original host");
        assertEquals(3, result.stats().size(), "the delegate gets no stats of its own");
        assertEquals(1, fake.connects.get(), "one connection, to the delegate");
    }

    @Test
    void theDelegateMayBeATemplate() throws IOException {
        run("""
                - hosts: web
                  gather_facts: false
                  tasks:
                    - command: echo {{ inventory_hostname }}
                      delegate_to: "{{ haproxy_host }}"
                """);
        assertEquals(3, fake.sent("lb").size());
    }

    @Test
    void aDelegateThatIsAlsoInThePlayKeepsOneConnection() throws IOException {
        run("""
                - hosts: all
                  gather_facts: false
                  tasks:
                    - command: echo {{ inventory_hostname }}
                      delegate_to: h1
                    - command: echo own
                """);
        assertEquals(List.of("echo h1", "echo h2", "echo h3", "echo lb", "echo own"),
                fake.sent("h1").stream().map(c -> c.replace("/bin/sh -c '", "").replace("'", "")).sorted().toList());
        assertEquals(4, fake.connects.get());
    }

    @Test
    void aDelegateOutsideTheInventoryIsReachedByItsNameWithNoVariablesOfItsOwn() throws IOException {
        // as Ansible: a name the inventory does not have is an address, reached over SSH
        Plan plan = test.plan("""
                - hosts: web
                  gather_facts: false
                  tasks:
                    - command: echo hi
                      delegate_to: lb2
                """, inventory);
        Endpoint lb2 = plan.endpoints().get("lb2");
        assertEquals(Endpoint.Kind.SSH, lb2.kind());
        assertEquals("lb2", lb2.address());
        assertTrue(fake.commands.isEmpty());
    }

    @Test
    void localhostOutsideTheInventoryIsTheControllerAsAnsiblesImplicitLocalhost() throws IOException {
        Plan plan = test.plan("""
                - hosts: web
                  gather_facts: false
                  tasks:
                    - command: echo hi
                      delegate_to: "{{ 'local' + 'host' }}"
                    - local_action: command echo there
                """, inventory);
        assertEquals(Endpoint.Kind.LOCAL, plan.endpoints().get("localhost").kind());
    }

    @Test
    void aDelegateThatCannotBeRenderedFailsTheStep() throws IOException {
        RunResult result = run("""
                - hosts: web
                  gather_facts: false
                  tasks:
                    - command: echo lb
                      register: found
                      when: false
                    - name: on the balancer
                      command: echo take it out
                      delegate_to: "{{ found.stdout }}"
                """);
        assertEquals(List.of(), fake.sent("h1"), "nothing may run on h1");
        assertEquals(List.of(Status.SKIPPED, Status.FAILED), TestRun.statuses(result, "h1"));
    }

    @Test
    void runOnceRunsOnTheFirstHostAndEveryHostGetsItsResult() throws IOException {
        RunResult result = run("""
                - hosts: web
                  gather_facts: false
                  tasks:
                    - name: once
                      command: echo {{ inventory_hostname }}
                      run_once: true
                      register: first
                    - debug:
                        msg: "{{ inventory_hostname }} sees {{ first.stdout }}"
                """);
        assertEquals(List.of("/bin/sh -c 'echo h1'"), fake.sent("h1"));
        assertEquals(List.of(), fake.sent("h2"));
        assertEquals(List.of(), fake.sent("h3"));
        assertEquals(List.of("once"), TestRun.steps(result, "h1").stream().map(StepResult::task).toList().subList(0, 1));
        assertEquals(List.of("h2 sees h1 from h1"), TestRun.messages(result, "h2"));
        assertEquals(List.of("h3 sees h1 from h1"), TestRun.messages(result, "h3"));
        assertTrue(test.events.stream().anyMatch(e -> e instanceof Event.TaskStarted t && t.task().equals("once")
                && t.hosts().equals(List.of("h1"))));
    }

    @Test
    void runOnceSharesASetFact() throws IOException {
        RunResult result = run("""
                - hosts: web
                  gather_facts: false
                  tasks:
                    - set_fact:
                        leader: "{{ inventory_hostname }}"
                      run_once: true
                    - debug:
                        msg: "{{ leader }}"
                """);
        assertEquals(List.of("h1"), TestRun.messages(result, "h3"));
    }

    @Test
    void runOnceRunsOncePerBatch() throws IOException {
        run("""
                - hosts: web
                  gather_facts: false
                  serial: 2
                  tasks:
                    - command: echo {{ inventory_hostname }}
                      run_once: true
                """);
        assertEquals(1, fake.sent("h1").size());
        assertEquals(List.of(), fake.sent("h2"));
        assertEquals(1, fake.sent("h3").size());
    }

    @Test
    void runOnceSkipsAFailedFirstHost() throws IOException {
        FakeTransports failingH1 = new FakeTransports((host, cmd) ->
                host.equals("h1") ? new herd.engine.transport.ExecResult(1, "", "", false) : FakeTransports.ok(host));
        RunResult result = test.run("""
                - hosts: web
                  gather_facts: false
                  tasks:
                    - command: echo first
                    - command: echo once
                      run_once: true
                """, inventory, failingH1);
        assertEquals(List.of("/bin/sh -c 'echo first'", "/bin/sh -c 'echo once'"), failingH1.sent("h2"));
        assertEquals(List.of("/bin/sh -c 'echo first'"), failingH1.sent("h3"));
        assertEquals(2, result.exitCode());
    }

    @Test
    void runOnceDelegatedRunsOnceOnTheDelegate() throws IOException {
        run("""
                - hosts: web
                  gather_facts: false
                  tasks:
                    - command: echo {{ inventory_hostname }}
                      delegate_to: lb
                      run_once: true
                """);
        assertEquals(List.of("/bin/sh -c 'echo h1'"), fake.sent("lb"));
    }
}
