package herd.engine.run;

import static herd.engine.run.FakeTransports.exit;
import static herd.engine.run.FakeTransports.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import herd.engine.event.HostStats;
import herd.engine.event.RunResult;
import herd.engine.event.Status;
import herd.engine.event.StepResult;
import herd.engine.inventory.Inventory;

/**
 * One task on one host as the runner runs it: when, the module, until with retries, changed_when
 * and failed_when, register; on the fake transport, checking the exact commands the host received.
 */
class StepExecutorTest {
    @TempDir
    Path dir;

    private TestRun test;
    private Inventory two;

    @BeforeEach
    void setUp() throws IOException {
        test = new TestRun(dir);
        two = test.hosts(2);
    }

    private static String sh(String script) {
        return "/bin/sh -c " + herd.engine.shell.ShellWords.quote(script);
    }

    @Test
    void aFalseConditionSkipsTheTaskAndLaterTasksSeeItSkipped() throws IOException {
        FakeTransports fake = new FakeTransports((host, cmd) -> ok(""));
        RunResult result = test.run("""
                - hosts: all
                  gather_facts: false
                  tasks:
                    - command: echo first
                      register: first
                      when: inventory_hostname == 'h2'
                    - command: echo {{ 'skipped' if first is skipped else 'ran' }}
                """, two, fake);
        assertEquals(List.of(sh("echo skipped")), fake.sent("h1"));
        assertEquals(List.of(sh("echo first"), sh("echo ran")), fake.sent("h2"));
        StepResult skipped = TestRun.steps(result, "h1").getFirst();
        assertEquals(Status.SKIPPED, skipped.status());
        assertEquals(Optional.of("Conditional result was False"), skipped.message());
        assertEquals(new HostStats(1, 1, 0, 1, 0, 0), result.stats().get("h1"));
        assertEquals(0, result.exitCode());
    }

    @Test
    void allConditionsOfAListMustHold() throws IOException {
        FakeTransports fake = new FakeTransports((host, cmd) -> ok(""));
        RunResult result = test.run("""
                - hosts: all
                  gather_facts: false
                  vars:
                    deploy: "yes"
                  tasks:
                    - command: echo deploying
                      when:
                        - deploy | bool
                        - "{{ inventory_hostname != 'h1' }}"
                    - command: echo never
                      when: false
                """, two, fake);
        assertEquals(List.of(), fake.sent("h1"));
        assertEquals(List.of(sh("echo deploying")), fake.sent("h2"));
        assertEquals(List.of(Status.SKIPPED, Status.SKIPPED), TestRun.statuses(result, "h1"));
    }

    @Test
    void aGuardedTaskMayNameVariablesThatExistOnlyWhenItRuns() throws IOException {
        FakeTransports fake = new FakeTransports((host, cmd) -> ok(""));
        RunResult result = test.run("""
                - hosts: all
                  gather_facts: false
                  tasks:
                    - command: echo {{ release_notes }}
                      when: release_notes is defined
                """, two, fake);
        assertEquals(List.of(Status.SKIPPED), TestRun.statuses(result, "h1"));
        assertEquals(List.of(), fake.sent("h1"));
    }

    @Test
    void aConditionThatCannotBeEvaluatedFailsTheStep() throws IOException {
        FakeTransports fake = new FakeTransports((host, cmd) -> ok(""));
        RunResult result = test.run("""
                - hosts: all
                  gather_facts: false
                  tasks:
                    - command: echo hi
                      when: nope
                """, two, fake);
        assertEquals(List.of(Status.FAILED), TestRun.statuses(result, "h1"));
        assertEquals(List.of("when: 'nope' is undefined"), TestRun.messages(result, "h1"));
        assertEquals(List.of(), fake.sent("h1"));
    }

    @Test
    void aRegisteredResultFeedsALaterTask() throws IOException {
        FakeTransports fake = new FakeTransports((host, cmd) ->
                cmd.contains("cat VERSION") ? ok("1.2." + host.substring(1) + "\nsecond line") : ok(""));
        RunResult result = test.run("""
                - hosts: all
                  gather_facts: false
                  tasks:
                    - command: cat VERSION
                      register: version
                    - command: echo deploying {{ version.stdout }} rc={{ version.rc }}
                    - shell: echo "{{ version.stdout_lines | length }}"
                """, two, fake);
        assertEquals(List.of(sh("cat VERSION"), sh("echo deploying 1.2.1 second line rc=0"),
                sh("echo \"2\"")), fake.sent("h1"));
        assertEquals(sh("echo deploying 1.2.2 second line rc=0"), fake.sent("h2").get(1));
        assertEquals(0, result.exitCode());
    }

    @Test
    void aRegisteredResultCanBeIndexedAndParsedInALaterTask() throws IOException {
        FakeTransports fake = new FakeTransports((host, cmd) ->
                cmd.contains("cat VERSION") ? ok("1.2.3\nsecond line") : cmd.contains("info") ? ok("{\"port\": 8080}") : ok(""));
        test.run("""
                - hosts: h1
                  gather_facts: false
                  tasks:
                    - command: cat VERSION
                      register: version
                    - command: bin/info
                      register: info
                    - command: echo {{ version.stdout_lines[0] }} {{ (info.stdout | from_json).port }}
                """, two, fake);
        assertEquals(sh("echo 1.2.3 8080"), fake.sent("h1").get(2));
    }

    @Test
    void untilRetriesUntilTheConditionHolds() throws IOException {
        FakeTransports fake = new FakeTransports(FakeTransports.inTurn("bin/status",
                ok("starting"), ok("starting"), ok("ready")));
        RunResult result = test.run("""
                - hosts: h1
                  gather_facts: false
                  tasks:
                    - command: bin/status
                      register: s
                      until: "'ready' in s.stdout"
                      retries: 5
                      delay: 0
                    - command: echo {{ s.attempts }} {{ s.stdout }}
                """, two, fake);
        assertEquals(List.of(sh("bin/status"), sh("bin/status"), sh("bin/status"), sh("echo 3 ready")),
                fake.sent("h1"));
        assertEquals(List.of(Status.CHANGED, Status.CHANGED), TestRun.statuses(result, "h1"));
    }

    @Test
    void untilRetriesAFailingCommandToo() throws IOException {
        FakeTransports fake = new FakeTransports(FakeTransports.inTurn("curl",
                exit(7, ""), exit(7, ""), ok("up")));
        RunResult result = test.run("""
                - hosts: h1
                  gather_facts: false
                  tasks:
                    - command: curl -sf http://localhost:8080/
                      register: page
                      until: page.rc == 0
                      retries: 3
                      delay: 0
                """, two, fake);
        assertEquals(3, fake.count("h1", "curl"));
        assertEquals(List.of(Status.CHANGED), TestRun.statuses(result, "h1"));
    }

    @Test
    void whenRetriesRunOutTheStepFailsAfterRetriesPlusOneAttempts() throws IOException {
        FakeTransports fake = new FakeTransports((host, cmd) -> ok("starting"));
        RunResult result = test.run("""
                - hosts: all
                  gather_facts: false
                  tasks:
                    - command: bin/status
                      register: s
                      until: "'ready' in s.stdout"
                      retries: 2
                      delay: 0
                    - command: echo after
                """, two, fake);
        assertEquals(3, fake.count("h1", "bin/status"));
        assertEquals(List.of(sh("bin/status"), sh("bin/status"), sh("bin/status")), fake.sent("h2"));
        StepResult step = TestRun.steps(result, "h1").getFirst();
        assertEquals(Status.FAILED, step.status());
        assertEquals(Optional.of("still not true after 3 attempts: 'ready' in s.stdout"), step.message());
        assertEquals(1, TestRun.steps(result, "h1").size(), "the host stops");
        assertEquals(2, result.exitCode());
    }

    @Test
    void theFailureMessageNamesTheLastAttemptsError() throws IOException {
        FakeTransports fake = new FakeTransports((host, cmd) -> exit(7, ""));
        RunResult result = test.run("""
                - hosts: h1
                  gather_facts: false
                  tasks:
                    - command: curl -sf http://localhost:8080/
                      register: page
                      until:
                        - page.rc == 0
                        - page.stdout != ''
                      retries: 1
                      delay: 0
                """, two, fake);
        assertEquals(2, fake.count("h1", "curl"));
        assertEquals(List.of("still not true after 2 attempts: page.rc == 0 and page.stdout != ''"
                + " (last: non-zero return code)"), TestRun.messages(result, "h1"));
    }

    @Test
    void untilWithoutRegisterSeesTheVariablesOnly() throws IOException {
        FakeTransports fake = new FakeTransports((host, cmd) -> ok(""));
        RunResult result = test.run("""
                - hosts: h1
                  gather_facts: false
                  vars:
                    ready: true
                  tasks:
                    - command: bin/status
                      until: ready
                      retries: 4
                      delay: 0
                """, two, fake);
        assertEquals(1, fake.count("h1", "bin/status"));
        assertEquals(List.of(Status.CHANGED), TestRun.statuses(result, "h1"));
    }

    @Test
    void retriesZeroMeansOneAttempt() throws IOException {
        FakeTransports fake = new FakeTransports((host, cmd) -> ok("no"));
        RunResult result = test.run("""
                - hosts: h1
                  gather_facts: false
                  tasks:
                    - command: bin/status
                      register: s
                      until: s.stdout == 'yes'
                      retries: 0
                      delay: 0
                """, two, fake);
        assertEquals(1, fake.count("h1", "bin/status"));
        assertEquals(List.of(Status.FAILED), TestRun.statuses(result, "h1"));
    }

    @Test
    void anUnreachableHostIsNotRetried() throws IOException {
        FakeTransports fake = new FakeTransports((host, cmd) -> null);
        RunResult result = test.run("""
                - hosts: h1
                  gather_facts: false
                  tasks:
                    - command: bin/status
                      register: s
                      until: s.rc == 0
                      retries: 5
                      delay: 0
                """, two, fake);
        assertEquals(1, fake.count("h1", "bin/status"));
        assertEquals(List.of(Status.UNREACHABLE), TestRun.statuses(result, "h1"));
    }

    @Test
    void changedWhenFalseMakesACommandOk() throws IOException {
        FakeTransports fake = new FakeTransports((host, cmd) -> ok("RUNNING"));
        RunResult result = test.run("""
                - hosts: h1
                  gather_facts: false
                  tasks:
                    - command: bin/instance status
                      changed_when: false
                    - command: bin/instance status
                      register: s
                      changed_when: "'STOPPED' in s.stdout"
                    - command: bin/instance status
                      register: s
                      changed_when: "'RUNNING' in s.stdout"
                """, two, fake);
        assertEquals(List.of(Status.OK, Status.OK, Status.CHANGED), TestRun.statuses(result, "h1"));
        assertEquals(new HostStats(3, 1, 0, 0, 0, 0), result.stats().get("h1"));
    }

    @Test
    void changedWhenDoesNotHideAFailure() throws IOException {
        FakeTransports fake = new FakeTransports((host, cmd) -> exit(1, ""));
        RunResult result = test.run("""
                - hosts: h1
                  gather_facts: false
                  tasks:
                    - command: bin/instance status
                      changed_when: false
                """, two, fake);
        assertEquals(List.of(Status.FAILED), TestRun.statuses(result, "h1"));
    }

    @Test
    void failedWhenDecidesOnTheReturnCode() throws IOException {
        FakeTransports fake = new FakeTransports((host, cmd) ->
                exit(Integer.parseInt(cmd.replaceAll("\\D", "")), "out"));
        RunResult result = test.run("""
                - hosts: h1
                  gather_facts: false
                  tasks:
                    - command: exit3
                      register: r
                      failed_when: r.rc not in [0, 3]
                    - command: exit3
                      register: r
                      failed_when: r.rc not in [0, 3]
                      changed_when: false
                    - command: exit0
                      register: r
                      failed_when: "'out' in r.stdout"
                    - command: exit1
                      register: r
                      failed_when: r.rc not in [0, 3]
                """, two, fake);
        List<StepResult> steps = TestRun.steps(result, "h1");
        assertEquals(List.of(Status.CHANGED, Status.OK, Status.FAILED), TestRun.statuses(result, "h1"),
                "a failure stops the host before the fourth task");
        assertEquals(Optional.empty(), steps.get(0).message(), "no 'non-zero return code' once failed_when says ok");
        assertEquals(Optional.of("failed_when held"), steps.get(2).message());
    }

    @Test
    void failedWhenOnAFailingCommand() throws IOException {
        FakeTransports fake = new FakeTransports((host, cmd) -> exit(1, ""));
        RunResult result = test.run("""
                - hosts: h1
                  gather_facts: false
                  tasks:
                    - command: bin/check
                      failed_when: false
                    - command: bin/check
                      register: r
                      failed_when: r.rc == 1
                """, two, fake);
        List<StepResult> steps = TestRun.steps(result, "h1");
        assertEquals(List.of(Status.CHANGED, Status.FAILED), TestRun.statuses(result, "h1"));
        assertEquals(Optional.of("non-zero return code"), steps.get(1).message());
    }

    @Test
    void anIgnoredFailureCountsAsIgnoredAndTheHostGoesOn() throws IOException {
        FakeTransports fake = new FakeTransports((host, cmd) -> cmd.contains("bad") ? exit(2, "") : ok("fine"));
        RunResult result = test.run("""
                - hosts: h1
                  gather_facts: false
                  tasks:
                    - command: bad one
                      ignore_errors: true
                    - command: echo fine
                      register: r
                      failed_when: "'fine' in r.stdout"
                      ignore_errors: yes
                    - command: echo last
                """, two, fake);
        List<StepResult> steps = TestRun.steps(result, "h1");
        assertEquals(List.of(Status.FAILED, Status.FAILED, Status.CHANGED), TestRun.statuses(result, "h1"));
        assertTrue(steps.get(0).ignored() && steps.get(1).ignored());
        assertEquals(new HostStats(3, 3, 0, 0, 0, 2), result.stats().get("h1"));
        assertEquals(0, result.exitCode());
    }

    @Test
    void anIgnoredFailureIsRegisteredAsFailed() throws IOException {
        FakeTransports fake = new FakeTransports((host, cmd) -> cmd.contains("probe") ? exit(1, "") : ok(""));
        test.run("""
                - hosts: h1
                  gather_facts: false
                  tasks:
                    - command: probe
                      register: p
                      ignore_errors: true
                    - command: echo {{ 'down' if p is failed else 'up' }} {{ 'ok' if p is succeeded else 'not ok' }}
                """, two, fake);
        assertEquals(sh("echo down not ok"), fake.sent("h1").get(1));
    }

    @Test
    void aRegisteredNameCanBeReusedByALaterTask() throws IOException {
        FakeTransports fake = new FakeTransports((host, cmd) -> ok(cmd.contains("one") ? "1" : "2"));
        test.run("""
                - hosts: h1
                  gather_facts: false
                  tasks:
                    - command: echo one
                      register: r
                    - command: echo two
                      register: r
                    - command: echo {{ r.stdout }}
                """, two, fake);
        assertEquals(sh("echo 2"), fake.sent("h1").get(2));
    }

    @Test
    void untilCanUseAVariableThatReadsTheResult() throws IOException {
        FakeTransports fake = new FakeTransports(FakeTransports.inTurn("bin/status", ok("starting"), ok("ready")));
        RunResult result = test.run("""
                - hosts: h1
                  gather_facts: false
                  vars:
                    up: "{{ 'ready' in s.stdout }}"
                  tasks:
                    - command: bin/status
                      register: s
                      until: up
                      retries: 3
                      delay: 0
                """, two, fake);
        assertEquals(2, fake.count("h1", "bin/status"));
        assertEquals(List.of(Status.CHANGED), TestRun.statuses(result, "h1"));
    }

    @Test
    void aLoopRunsTheCommandPerItem() throws IOException {
        FakeTransports fake = new FakeTransports((host, cmd) -> ok(""));
        test.run("""
                - hosts: h1
                  gather_facts: false
                  tasks:
                    - command: bin/{{ item }} start
                      loop: [client1, client2]
                """, two, fake);
        assertEquals(List.of(sh("bin/client1 start"), sh("bin/client2 start")), fake.sent("h1"));
    }

    @Test
    void aPlayVariableCanUseTheLoopItem() throws IOException {
        FakeTransports fake = new FakeTransports((host, cmd) -> ok(""));
        test.run("""
                - hosts: h1
                  gather_facts: false
                  vars:
                    client_bin: "bin/{{ item }}"
                  tasks:
                    - command: "{{ client_bin }} start"
                      loop: [client1, client2]
                """, two, fake);
        assertEquals(List.of(sh("bin/client1 start"), sh("bin/client2 start")), fake.sent("h1"));
    }

    @Test
    void aTemplatedBecomeFromTheInventoryIsFilled() throws IOException {
        Inventory inventory = test.inventory("""
                all:
                  vars:
                    app_user: plone
                    use_sudo: true
                    ansible_become: "{{ use_sudo }}"
                    ansible_become_user: "{{ app_user }}"
                  hosts:
                    h1:
                    h2:
                """);
        FakeTransports fake = new FakeTransports((host, cmd) -> ok(""));
        test.run("""
                - hosts: h1
                  gather_facts: false
                  tasks:
                    - command: id
                - hosts: h2
                  gather_facts: false
                  become: true
                  tasks:
                    - command: whoami
                """, inventory, fake);
        assertEquals(List.of("sudo -n -H -u plone -- /bin/sh -c id"), fake.sent("h1"));
        assertEquals(List.of("sudo -n -H -u plone -- /bin/sh -c whoami"), fake.sent("h2"),
                "not 'sudo -n -H -u ansible_become_user'");
    }

    private static String stdin(herd.engine.transport.ExecRequest request) {
        return request.stdin().map(b -> new String(b, java.nio.charset.StandardCharsets.UTF_8)).orElse("");
    }

    @Test
    void withABecomePasswordTheCommandHasNoPasswordAndItsStdinStartsWithIt() throws IOException {
        FakeTransports fake = new FakeTransports((host, cmd) -> ok("root"));
        RunResult result = test.becomePassword("s3cret pw").run("""
                - hosts: all
                  gather_facts: false
                  tasks:
                    - command: id -un
                      become: true
                    - command: id -un
                """, two, fake);
        assertEquals(0, result.exitCode());
        List<herd.engine.transport.ExecRequest> sent = fake.requests.get("h1");
        assertEquals("sudo -S -p '' -H -u root -- /bin/sh -c 'exec </dev/null; id -un'", sent.get(0).command());
        assertEquals("s3cret pw\n", stdin(sent.get(0)));
        assertEquals(sh("id -un"), sent.get(1).command());
        assertEquals(Optional.empty(), sent.get(1).stdin(), "a task without become gets no password");
    }

    @Test
    void aModuleThatReadsJsonOnStdinGetsThePasswordLineFirstThenItsArguments() throws IOException {
        FakeTransports fake = new FakeTransports((host, cmd) -> ok("{\"changed\": false, \"elapsed\": 0}"));
        RunResult result = test.becomePassword("s3cret").run("""
                - hosts: all
                  gather_facts: false
                  tasks:
                    - wait_for: {port: 8080, timeout: 1}
                      become: true
                      become_user: plone_daemon
                """, two, fake);
        assertEquals(0, result.exitCode(), () -> result.steps().toString());
        herd.engine.transport.ExecRequest request = fake.requests.get("h2").getFirst();
        assertTrue(request.command().startsWith("sudo -S -p '' -H -u plone_daemon -- /bin/sh -c 'python3 -c "),
                request.command());
        assertFalse(request.command().contains("s3cret"));
        assertEquals("s3cret\n{\"port\":8080,\"timeout\":1}", stdin(request));
    }

    @Test
    void aRefusedBecomePasswordFailsTheStepWithAClearMessageThatNeverHoldsThePassword() throws IOException {
        FakeTransports fake = new FakeTransports((host, cmd) -> host.equals("h1")
                ? new herd.engine.transport.ExecResult(1, "", "Sorry, try again.\nsudo: no password was provided\n"
                        + "sudo: 1 incorrect password attempt\n", false)
                : ok("root"));
        RunResult result = test.becomePassword("wrong pw").run("""
                - hosts: all
                  gather_facts: false
                  become: true
                  tasks:
                    - command: id -un
                    - command: echo next
                """, two, fake);
        assertEquals(2, result.exitCode());
        StepResult failed = TestRun.steps(result, "h1").getFirst();
        assertEquals(Status.FAILED, failed.status());
        assertEquals(Optional.of("the become password was refused on host h1 (sudo: 1 incorrect password attempt): "
                + "check -K, HERD_BECOME_PASSWORD or the host's ansible_become_password"), failed.message());
        assertEquals(1, TestRun.steps(result, "h1").size(), "the host stops at the refused step");
        assertEquals(List.of(Status.CHANGED, Status.CHANGED), TestRun.statuses(result, "h2"));
        assertFalse(result.steps().toString().contains("wrong pw"));
    }

    @Test
    void aCommandThatFailsForAnotherReasonIsNotReportedAsARefusedPassword() throws IOException {
        FakeTransports fake = new FakeTransports((host, cmd) ->
                new herd.engine.transport.ExecResult(1, "", "id: no such user\n", false));
        RunResult result = test.becomePassword("pw").run("""
                - hosts: h1
                  gather_facts: false
                  become: true
                  tasks:
                    - command: id -un nobody2
                """, two, fake);
        assertEquals(Optional.of("non-zero return code"), TestRun.steps(result, "h1").getFirst().message());
    }
}
