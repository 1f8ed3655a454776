package herd.engine.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import herd.engine.event.ExitCodes;
import herd.engine.event.RunResult;
import herd.engine.event.StepResult;
import herd.engine.load.InputException;
import herd.engine.template.Templates;
import herd.engine.transport.Endpoint;
import herd.engine.transport.ExecResult;

/** The journal of completed steps, and --resume skipping them. */
class JournalRunTest {
    @TempDir
    Path dir;

    private static final String ROLL = """
            - hosts: all
              gather_facts: false
              serial: 1
              tasks:
                - name: version
                  command: echo v2
                  register: version
                - name: restart
                  command: restart-it
                - name: report
                  command: echo {{ inventory_hostname }} runs {{ version.stdout }}
            """;

    private RunResult run(TestRun test, Plan plan, FakeTransports fake, Optional<Path> journal, Optional<Path> resume) {
        RunOptions options = new RunOptions(5, RunOptions.DEFAULT_GRACE, Optional.empty(), Optional.empty(),
                LockOptions.OFF, journal, resume);
        return new Runner(options, Map.of(Endpoint.Kind.SSH, fake, Endpoint.Kind.LOCAL, fake), new Templates(),
                test.events::add).run(plan);
    }

    @Test
    void aResumedRollGoesOnAtTheHostAndTaskWhereItStopped() throws IOException {
        TestRun test = new TestRun(dir);
        Plan plan = test.plan(ROLL, test.hosts(3));
        AtomicBoolean broken = new AtomicBoolean(true);
        FakeTransports fake = new FakeTransports((host, cmd) -> {
            if (cmd.contains("restart-it") && host.equals("h2") && broken.get()) {
                return new ExecResult(1, "", "h2 did not come back", false);
            }
            int echo = cmd.indexOf("echo ");
            return FakeTransports.ok(echo < 0 ? "" : cmd.substring(echo + 5).replaceAll("'$", ""));
        });
        Path first = dir.resolve("first.jsonl");
        RunResult failed = run(test, plan, fake, Optional.of(first), Optional.empty());
        assertEquals(ExitCodes.HOST_FAILED, failed.exitCode());
        assertEquals(List.of("h1: version", "h1: restart", "h1: report", "h2: version", "h2: restart"),
                TestRun.order(failed));

        broken.set(false);
        FakeTransports again = new FakeTransports((host, cmd) -> {
            int echo = cmd.indexOf("echo ");
            return FakeTransports.ok(echo < 0 ? "" : cmd.substring(echo + 5).replaceAll("'$", ""));
        });
        Path second = dir.resolve("second.jsonl");
        RunResult resumed = run(test, test.plan(ROLL, test.hosts(3)), again, Optional.of(second), Optional.of(first));
        assertEquals(ExitCodes.OK, resumed.exitCode());
        assertEquals(List.of(), again.sent("h1"), "h1 finished in the first run: nothing is sent to it");
        assertEquals(List.of("/bin/sh -c restart-it", "/bin/sh -c 'echo h2 runs v2'"), again.sent("h2"),
                "h2 goes on at its restart, with what its first task registered in the first run");
        assertEquals(3, again.sent("h3").size(), "h3 had not started: it runs everything");
        StepResult skipped = TestRun.steps(resumed, "h1").getFirst();
        assertEquals(Optional.of("done by the run this one resumes"), skipped.message());

        // the resumed run's journal lists the steps it resumed too: resuming from it skips everything
        FakeTransports third = new FakeTransports((host, cmd) -> FakeTransports.ok(""));
        run(test, test.plan(ROLL, test.hosts(3)), third, Optional.empty(), Optional.of(second));
        assertEquals(0, third.sent("h1").size() + third.sent("h2").size() + third.sent("h3").size());
    }

    @Test
    void theJournalIsFlushedPerStepAndKeepsNoFailedStep() throws IOException {
        TestRun test = new TestRun(dir);
        Plan plan = test.plan(ROLL, test.hosts(1));
        FakeTransports fake = new FakeTransports((host, cmd) -> cmd.contains("restart-it")
                ? new ExecResult(2, "", "no", false) : FakeTransports.ok("v2"));
        Path journal = dir.resolve("j.jsonl");
        run(test, plan, fake, Optional.of(journal), Optional.empty());
        List<String> lines = Files.readAllLines(journal);
        assertEquals(3, lines.size(), lines::toString);
        assertTrue(lines.get(0).contains("\"playbook\":\"" + dir.resolve("pb.yml").toAbsolutePath() + "\""), lines.get(0));
        assertTrue(lines.get(1).contains("\"task\":\"version\"") && lines.get(1).contains("\"register\":\"version\""),
                lines.get(1));
        assertTrue(lines.get(2).contains("\"exit_code\":2"), lines.get(2));
    }

    @Test
    void aJournalOfAnotherPlaybookIsRefused() throws IOException {
        TestRun test = new TestRun(dir);
        Path other = dir.resolve("other.jsonl");
        Files.writeString(other, "{\"run\":\"2026-11-26T02:00:00Z\",\"playbook\":\"/srv/other.yml\"}\n");
        Plan plan = test.plan(ROLL, test.hosts(1));
        InputException e = assertThrows(InputException.class, () -> run(test, plan,
                new FakeTransports((h, c) -> FakeTransports.ok("")), Optional.empty(), Optional.of(other)));
        assertTrue(e.problems().getFirst().message().startsWith("this journal is of /srv/other.yml, not of "),
                e.problems().getFirst().message());
    }
}
