package herd.engine.run;

import static herd.engine.run.FakeTransports.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import herd.engine.event.RunResult;
import herd.engine.event.Status;
import herd.engine.event.StepResult;
import herd.engine.inventory.Inventory;

/** debug, fail, assert, set_fact and pause: modules herd runs itself, with no command on the host. */
class ControllerModulesTest {
    @TempDir
    Path dir;

    private TestRun test;
    private Inventory two;
    private final FakeTransports fake = new FakeTransports((host, cmd) -> ok(host + "-out"));

    @BeforeEach
    void setUp() throws IOException {
        test = new TestRun(dir);
        two = test.hosts(2);
    }

    private static String sh(String script) {
        return "/bin/sh -c " + herd.engine.shell.ShellWords.quote(script);
    }

    @Test
    void debugShowsAMessageAndSendsNoCommand() throws IOException {
        RunResult result = test.run("""
                - hosts: all
                  gather_facts: false
                  tasks:
                    - debug:
                        msg: "deploying to {{ inventory_hostname }}"
                    - debug:
                """, two, fake);
        assertEquals(List.of(Status.OK, Status.OK), TestRun.statuses(result, "h2"));
        assertEquals(List.of("deploying to h2", "Hello world!"), TestRun.messages(result, "h2"));
        assertEquals(List.of(), fake.sent("h1"));
        assertEquals(0, fake.connects.get(), "no host is contacted for controller modules");
    }

    @Test
    void debugVarShowsAVariablesValue() throws IOException {
        RunResult result = test.run("""
                - hosts: h1
                  gather_facts: false
                  vars:
                    ports: "{{ [8080, 8081] }}"
                    url: "http://{{ inventory_hostname }}:{{ ports[0] }}/"
                  tasks:
                    - command: hostname
                      register: r
                    - debug:
                        var: r.stdout
                    - debug:
                        var: url
                    - debug:
                        var: ports | length
                """, two, fake);
        assertEquals(List.of("", "r.stdout: h1-out", "url: http://h1:8080/", "ports | length: 2"),
                TestRun.messages(result, "h1"));
    }

    @Test
    void failStopsTheHostWithItsMessage() throws IOException {
        RunResult result = test.run("""
                - hosts: all
                  gather_facts: false
                  tasks:
                    - fail:
                        msg: "{{ inventory_hostname }} is not ready"
                      when: inventory_hostname == 'h1'
                    - fail:
                      when: inventory_hostname == 'h2'
                    - command: echo never
                """, two, fake);
        assertEquals(List.of(Status.FAILED), TestRun.statuses(result, "h1"));
        assertEquals(List.of("h1 is not ready"), TestRun.messages(result, "h1"));
        assertEquals(List.of(Status.SKIPPED, Status.FAILED), TestRun.statuses(result, "h2"));
        assertEquals("Failed as requested from task", TestRun.messages(result, "h2").get(1));
        assertEquals(List.of(), fake.sent("h1"));
        assertEquals(2, result.exitCode());
    }

    @Test
    void assertPassesWhenEveryConditionHolds() throws IOException {
        RunResult result = test.run("""
                - hosts: h1
                  gather_facts: false
                  vars:
                    port: 8080
                  tasks:
                    - command: hostname
                      register: r
                    - assert:
                        that:
                          - port > 1024
                          - "{{ r.stdout == 'h1-out' }}"
                          - r is succeeded
                    - assert:
                        that: port == 8080
                        success_msg: port is right
                """, two, fake);
        assertEquals(List.of(Status.CHANGED, Status.OK, Status.OK), TestRun.statuses(result, "h1"));
        assertEquals(List.of("", "All assertions passed", "port is right"), TestRun.messages(result, "h1"));
    }

    @Test
    void assertFailsWithItsFailMsg() throws IOException {
        RunResult result = test.run("""
                - hosts: all
                  gather_facts: false
                  vars:
                    port: 80
                  tasks:
                    - assert:
                        that:
                          - port is defined
                          - port > 1024
                        fail_msg: the port is privileged
                      when: inventory_hostname == 'h1'
                    - assert:
                        that: port > 1024
                        msg: too low
                      when: inventory_hostname == 'h2'
                    - assert:
                        that: port > 1024
                """, two, fake);
        assertEquals(List.of(Status.FAILED), TestRun.statuses(result, "h1"));
        assertEquals(List.of("the port is privileged"), TestRun.messages(result, "h1"));
        assertEquals(List.of(Status.SKIPPED, Status.FAILED), TestRun.statuses(result, "h2"));
        assertEquals("too low", TestRun.messages(result, "h2").get(1));
    }

    @Test
    void assertMessagesAreTemplates() throws IOException {
        RunResult result = test.run("""
                - hosts: all
                  gather_facts: false
                  vars:
                    port: 80
                  tasks:
                    - assert:
                        that: port > 1024
                        fail_msg: "port {{ port }} is privileged on {{ inventory_hostname }}"
                      when: inventory_hostname == 'h1'
                    - assert:
                        that: port == 80
                        success_msg: "{{ inventory_hostname }} keeps port {{ port }}"
                      when: inventory_hostname == 'h2'
                """, two, fake);
        assertEquals(List.of("port 80 is privileged on h1"), TestRun.messages(result, "h1"));
        assertEquals(List.of("Conditional result was False", "h2 keeps port 80"), TestRun.messages(result, "h2"));
    }

    @Test
    void assertWithAnUndefinedVariableFails() throws IOException {
        RunResult result = test.run("""
                - hosts: h1
                  gather_facts: false
                  tasks:
                    - command: hostname
                      register: r
                      when: false
                    - assert:
                        that: r.stdout
                """, two, fake);
        StepResult step = TestRun.steps(result, "h1").get(1);
        assertEquals(Status.FAILED, step.status());
        assertEquals(Optional.of("assert: cannot evaluate 'r.stdout': 'r.stdout' is undefined"), step.message());
    }

    @Test
    void setFactGivesLaterTasksTheValueWithItsType() throws IOException {
        RunResult result = test.run("""
                - hosts: all
                  gather_facts: false
                  vars:
                    version: "2.1"
                  tasks:
                    - set_fact:
                        release: "{{ version }}-{{ inventory_hostname }}"
                        ports: "{{ [8080, 8081] }}"
                    - command: echo {{ release }} {{ ports | length }} {{ ports[1] + 1 }}
                """, two, fake);
        assertEquals(List.of(sh("echo 2.1-h1 2 8082")), fake.sent("h1"));
        assertEquals(List.of(sh("echo 2.1-h2 2 8082")), fake.sent("h2"));
        assertEquals(List.of(Status.OK, Status.CHANGED), TestRun.statuses(result, "h1"));
    }

    @Test
    void setFactCanUseARegisteredResultAndOverridePlayVars() throws IOException {
        test.run("""
                - hosts: h1
                  gather_facts: false
                  vars:
                    state: unknown
                  tasks:
                    - command: hostname
                      register: r
                    - set_fact:
                        state: "{{ r.stdout | upper }}"
                    - command: echo {{ state }}
                """, two, fake);
        assertEquals(sh("echo H1-OUT"), fake.sent("h1").get(1));
    }

    @Test
    void factsAndRegisteredResultsLastForTheHostAcrossPlays() throws IOException {
        test.run("""
                - hosts: all
                  gather_facts: false
                  tasks:
                    - set_fact:
                        color: "{{ 'blue' if inventory_hostname == 'h1' else 'green' }}"
                    - command: hostname
                      register: name
                - hosts: all
                  gather_facts: false
                  tasks:
                    - command: echo {{ color }} {{ name.stdout }}
                """, two, fake);
        assertEquals(List.of(sh("hostname"), sh("echo blue h1-out")), fake.sent("h1"));
        assertEquals(List.of(sh("hostname"), sh("echo green h2-out")), fake.sent("h2"));
    }

    @Test
    void extraVarsBeatSetFact() throws IOException {
        test.extraVars(Map.of("release", "from-e")).run("""
                - hosts: h1
                  gather_facts: false
                  tasks:
                    - set_fact:
                        release: from-set-fact
                    - command: echo {{ release }}
                """, two, fake);
        assertEquals(List.of(sh("echo from-e")), fake.sent("h1"));
    }

    @Test
    void pauseWithZeroSecondsGoesOn() throws IOException {
        RunResult result = test.run("""
                - hosts: h1
                  gather_facts: false
                  tasks:
                    - pause:
                        seconds: 0
                    - pause:
                        seconds: "{{ wait | default(0) }}"
                        minutes: 0
                    - command: echo after
                """, two, fake);
        assertEquals(List.of(Status.OK, Status.OK, Status.CHANGED), TestRun.statuses(result, "h1"));
        assertEquals(Optional.of("paused 0 s"), TestRun.steps(result, "h1").getFirst().message());
    }

    @Test
    void pauseDoesNotPrompt() throws IOException {
        RunResult result = test.run("""
                - hosts: h1
                  gather_facts: false
                  tasks:
                    - pause:
                        prompt: Press enter
                """, two, fake);
        assertEquals(List.of(Status.FAILED), TestRun.statuses(result, "h1"));
        assertEquals(List.of("pause: herd does not prompt; give 'seconds' or 'minutes' instead of 'prompt'"),
                TestRun.messages(result, "h1"));
    }

    @Test
    void pauseWithANonNumberFails() throws IOException {
        RunResult result = test.run("""
                - hosts: h1
                  gather_facts: false
                  tasks:
                    - pause:
                        seconds: soon
                """, two, fake);
        assertEquals(List.of(Status.FAILED), TestRun.statuses(result, "h1"));
        assertEquals(List.of("'soon' is not a number of seconds"), TestRun.messages(result, "h1"));
    }

    @Test
    void setFactToNullDoesNotCrashTheRun() throws IOException {
        RunResult result = test.run("""
                - hosts: h1
                  gather_facts: false
                  tasks:
                    - set_fact:
                        opts:
                    - command: echo {{ 'none' if opts is none else opts }}
                """, two, fake);
        assertEquals(List.of(Status.OK, Status.CHANGED), TestRun.statuses(result, "h1"));
        assertEquals(List.of(sh("echo none")), fake.sent("h1"));
    }
}
