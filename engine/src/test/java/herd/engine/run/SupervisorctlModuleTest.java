package herd.engine.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import herd.engine.load.InputException;
import herd.engine.event.RunResult;
import herd.engine.event.Status;
import herd.engine.event.StepResult;
import herd.engine.inventory.Inventory;
import herd.engine.transport.ExecResult;

/**
 * community.general.supervisorctl on a scripted supervisorctl: changed and failed follow the state
 * supervisorctl reports, never its exit code.
 */
class SupervisorctlModuleTest {
    private static final String RUNNING = "plone_client1                    RUNNING   pid 12, uptime 0:01:02";
    private static final String STOPPED = "plone_client1                    STOPPED   Nov 26 12:00 AM";
    private static final String EXITED = "plone_client1                    EXITED    Nov 26 12:00 AM";
    private static final String FATAL = "plone_client1                    FATAL     Exited too quickly (process log may have details)";
    private static final String ABSENT = "plone_client1: ERROR (no such process)";
    private static final String BASE = "supervisorctl -c /etc/supervisor/supervisord.conf";

    @TempDir
    Path dir;

    private TestRun test;
    private Inventory inventory;

    @BeforeEach
    void setUp() throws IOException {
        test = new TestRun(dir);
        inventory = test.hosts(1);
    }

    /**
     * A supervisor with one program: status answers with the current line, start, stop, add and
     * remove change it. Exit codes are deliberately unhelpful: 3 for status, 1 for the other calls,
     * as some supervisorctl versions give; commands that are not supervisorctl succeed.
     */
    private static final class Supervisor {
        final AtomicReference<String> line;
        String afterStart = RUNNING;

        Supervisor(String initial) {
            line = new AtomicReference<>(initial);
        }

        ExecResult answer(String host, String command) {
            if (!command.contains("supervisorctl")) {
                return FakeTransports.ok("");
            }
            if (command.contains(" status ")) {
                return new ExecResult(3, line.get(), "", false);
            }
            if (command.contains(" remove ")) {
                line.set(ABSENT);
            } else if (command.contains(" add ")) {
                line.set(STOPPED);
            } else if (command.contains(" start ")) {
                line.set(afterStart);
            } else if (command.contains(" stop ")) {
                line.set(STOPPED);
            }
            return new ExecResult(1, "", "", false);
        }
    }

    private RunResult run(String state, FakeTransports fake) throws IOException {
        return test.run("""
                - hosts: h1
                  gather_facts: false
                  tasks:
                    - community.general.supervisorctl:
                        name: plone_client1
                        state: %s
                        config: /etc/supervisor/supervisord.conf
                """.formatted(state), inventory, fake);
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
    void startedStartsAStoppedProgram() throws IOException {
        Supervisor supervisor = new Supervisor(STOPPED);
        FakeTransports fake = new FakeTransports(supervisor::answer);
        StepResult step = only(run("started", fake));
        assertEquals(Status.CHANGED, step.status());
        assertEquals(Optional.of("plone_client1 is RUNNING (was STOPPED)"), step.message());
        assertEquals(List.of(sh(BASE + " status plone_client1"), sh(BASE + " start plone_client1"),
                sh(BASE + " status plone_client1")), fake.sent("h1"));
    }

    @Test
    void startedLeavesARunningProgramAloneDespiteTheExitCode() throws IOException {
        Supervisor supervisor = new Supervisor(RUNNING);
        FakeTransports fake = new FakeTransports(supervisor::answer);
        StepResult step = only(run("started", fake));
        assertEquals(Status.OK, step.status());
        assertEquals(Optional.of("plone_client1 is RUNNING"), step.message());
        assertEquals(0, fake.count("h1", " start "));
    }

    @Test
    void startedFailsWhenTheProgramEndsFatal() throws IOException {
        Supervisor supervisor = new Supervisor(STOPPED);
        supervisor.afterStart = FATAL;
        FakeTransports fake = new FakeTransports(supervisor::answer);
        RunResult result = run("started", fake);
        StepResult step = only(result);
        assertEquals(Status.FAILED, step.status());
        assertEquals(Optional.of("plone_client1 did not reach 'started': supervisorctl reports FATAL (was STOPPED)"),
                step.message());
        assertEquals(2, result.exitCode());
    }

    @Test
    void startedFailsWhenTheProgramIsUnknown() throws IOException {
        Supervisor supervisor = new Supervisor(ABSENT);
        supervisor.afterStart = ABSENT;
        FakeTransports fake = new FakeTransports(supervisor::answer);
        StepResult step = only(run("started", fake));
        assertEquals(Status.FAILED, step.status());
        assertEquals(Optional.of("plone_client1 did not reach 'started': supervisorctl reports ABSENT (was ABSENT)"),
                step.message());
    }

    @Test
    void whenSupervisorCannotBeAskedTheStepFailsWithWhatItSaid() throws IOException {
        FakeTransports fake = new FakeTransports((host, cmd) -> new ExecResult(2, "",
                "unix:///var/run/supervisor.sock no such file", false));
        StepResult step = only(run("started", fake));
        assertEquals(Status.FAILED, step.status());
        assertTrue(step.message().orElse("").contains("UNKNOWN (unix:///var/run/supervisor.sock no such file)"),
                step.message().toString());
    }

    @Test
    void startedTakesAStartingProgramAsStarted() throws IOException {
        String starting = "plone_client1                    STARTING";
        Supervisor supervisor = new Supervisor(starting);
        supervisor.afterStart = starting;
        FakeTransports fake = new FakeTransports(supervisor::answer);
        StepResult step = only(run("started", fake));
        assertEquals(Status.OK, step.status(), step.message().toString());
        assertEquals(0, fake.count("h1", " start "));
    }

    @Test
    void stoppedStopsARunningProgram() throws IOException {
        Supervisor supervisor = new Supervisor(RUNNING);
        FakeTransports fake = new FakeTransports(supervisor::answer);
        StepResult step = only(run("stopped", fake));
        assertEquals(Status.CHANGED, step.status());
        assertEquals(List.of(sh(BASE + " status plone_client1"), sh(BASE + " stop plone_client1"),
                sh(BASE + " status plone_client1")), fake.sent("h1"));
    }

    @Test
    void stoppedLeavesAStoppedExitedOrFatalProgramAlone() throws IOException {
        for (String line : List.of(STOPPED, EXITED, FATAL)) {
            Supervisor supervisor = new Supervisor(line);
            FakeTransports fake = new FakeTransports(supervisor::answer);
            StepResult step = only(run("stopped", fake));
            assertEquals(Status.OK, step.status(), line);
            assertEquals(0, fake.count("h1", " stop "), line);
        }
    }

    @Test
    void restartedStopsAndStartsEvenARunningProgram() throws IOException {
        Supervisor supervisor = new Supervisor(RUNNING);
        FakeTransports fake = new FakeTransports(supervisor::answer);
        StepResult step = only(run("restarted", fake));
        assertEquals(Status.CHANGED, step.status());
        assertEquals(List.of(sh(BASE + " status plone_client1"), sh(BASE + " stop plone_client1"),
                sh(BASE + " start plone_client1"), sh(BASE + " status plone_client1")), fake.sent("h1"));
    }

    @Test
    void restartedFailsWhenTheProgramDoesNotComeBack() throws IOException {
        Supervisor supervisor = new Supervisor(RUNNING);
        supervisor.afterStart = FATAL;
        FakeTransports fake = new FakeTransports(supervisor::answer);
        StepResult step = only(run("restarted", fake));
        assertEquals(Status.FAILED, step.status());
        assertEquals(Optional.of("plone_client1 did not reach 'restarted': supervisorctl reports FATAL (was RUNNING)"),
                step.message());
    }

    @Test
    void presentAddsAnUnknownProgram() throws IOException {
        Supervisor supervisor = new Supervisor(ABSENT);
        FakeTransports fake = new FakeTransports(supervisor::answer);
        StepResult step = only(run("present", fake));
        assertEquals(Status.CHANGED, step.status());
        assertEquals(sh(BASE + " reread && " + BASE + " add plone_client1"), fake.sent("h1").get(1));
        assertEquals(Optional.of("plone_client1 is STOPPED (was ABSENT)"), step.message());
    }

    @Test
    void presentLeavesAKnownProgramAlone() throws IOException {
        Supervisor supervisor = new Supervisor(STOPPED);
        FakeTransports fake = new FakeTransports(supervisor::answer);
        StepResult step = only(run("present", fake));
        assertEquals(Status.OK, step.status());
        assertEquals(2, fake.sent("h1").size(), "two status calls, nothing else");
    }

    @Test
    void absentStopsAndRemovesAKnownProgram() throws IOException {
        Supervisor supervisor = new Supervisor(RUNNING);
        FakeTransports fake = new FakeTransports(supervisor::answer);
        StepResult step = only(run("absent", fake));
        assertEquals(Status.CHANGED, step.status());
        assertEquals(sh(BASE + " stop plone_client1; " + BASE + " remove plone_client1"), fake.sent("h1").get(1));
        assertEquals(Optional.of("plone_client1 is ABSENT (was RUNNING)"), step.message());
    }

    @Test
    void absentLeavesAnUnknownProgramAlone() throws IOException {
        Supervisor supervisor = new Supervisor(ABSENT);
        FakeTransports fake = new FakeTransports(supervisor::answer);
        assertEquals(Status.OK, only(run("absent", fake)).status());
        assertEquals(2, fake.sent("h1").size());
    }

    @Test
    void anUnknownStateIsRefusedWhenThePlaybookIsLoaded() {
        FakeTransports fake = new FakeTransports((host, cmd) -> null);
        InputException e = assertThrows(InputException.class, () -> run("running", fake));
        assertTrue(e.getMessage().contains("'state' of supervisorctl must be one of present, started, stopped, restarted,"
                + " absent, not 'running'"), e.getMessage());
        assertEquals(List.of(), fake.sent("h1"));
    }

    @Test
    void aStateWrittenAsATemplateIsCheckedWhenTheStepRuns() throws IOException {
        FakeTransports fake = new FakeTransports((host, cmd) -> null);
        RunResult result = test.run("""
                - hosts: h1
                  gather_facts: false
                  vars:
                    wanted: running
                  tasks:
                    - supervisorctl:
                        name: plone_client1
                        state: "{{ wanted }}"
                """, inventory, fake);
        StepResult step = only(result);
        assertEquals(Status.FAILED, step.status());
        assertEquals(Optional.of("'state' of supervisorctl must be one of present, started, stopped, restarted, absent,"
                + " not 'running'"), step.message());
        assertEquals(List.of(), fake.sent("h1"));
    }

    @Test
    void becomeWrapsEveryCallAndArgumentsAreTemplatesQuotedForTheShell() throws IOException {
        Supervisor supervisor = new Supervisor(STOPPED);
        FakeTransports fake = new FakeTransports(supervisor::answer);
        RunResult result = test.run("""
                - hosts: h1
                  gather_facts: false
                  become: true
                  become_user: plone
                  vars:
                    client: plone_client1
                  tasks:
                    - supervisorctl:
                        name: "{{ client }}"
                        state: started
                        supervisorctl_path: /srv/my app/bin/supervisorctl
                        server_url: http://localhost:9001
                      register: sup
                    - command: echo {{ sup.process_state }} {{ 'changed' if sup.changed else 'same' }}
                """, inventory, fake);
        String base = "'/srv/my app/bin/supervisorctl' -s http://localhost:9001";
        assertEquals(List.of(
                        "sudo -n -H -u plone -- " + sh(base + " status plone_client1"),
                        "sudo -n -H -u plone -- " + sh(base + " start plone_client1"),
                        "sudo -n -H -u plone -- " + sh(base + " status plone_client1"),
                        "sudo -n -H -u plone -- " + sh("echo RUNNING changed")),
                fake.sent("h1"));
        assertEquals(List.of(Status.CHANGED, Status.CHANGED), TestRun.statuses(result, "h1"));
    }

    @Test
    void theStateDecidesEvenWhenEveryCommandExitsNonZero() throws IOException {
        Supervisor supervisor = new Supervisor(STOPPED);
        FakeTransports fake = new FakeTransports((host, cmd) -> {
            ExecResult r = supervisor.answer(host, cmd);
            return new ExecResult(cmd.contains(" status ") ? 3 : 7, r.stdout(), "ERROR (spawn error)", false);
        });
        RunResult result = test.run("""
                - hosts: h1
                  gather_facts: false
                  tasks:
                    - supervisorctl:
                        name: plone_client1
                        state: started
                      register: sup
                    - assert:
                        that:
                          - sup is changed
                          - sup is succeeded
                          - sup.process_state == 'RUNNING'
                """, inventory, fake);
        assertEquals(List.of(Status.CHANGED, Status.OK), TestRun.statuses(result, "h1"));
        assertEquals(sh("supervisorctl status plone_client1"), fake.sent("h1").getFirst());
    }
}
