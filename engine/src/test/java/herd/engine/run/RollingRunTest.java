package herd.engine.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import herd.engine.event.Event;
import herd.engine.event.RunResult;
import herd.engine.event.StepResult;
import herd.engine.load.InputException;
import herd.engine.load.Problem;
import herd.engine.transport.ExecResult;

/** serial, max_fail_percentage and any_errors_fatal on the fake transport. */
class RollingRunTest {
    @TempDir
    Path dir;

    private TestRun test;

    @BeforeEach
    void setUp() {
        test = new TestRun(dir);
    }

    /** Fails the commands that contain {@code marker} on the given hosts; everything else succeeds. */
    private static FakeTransports failing(String marker, Set<String> hosts) {
        return new FakeTransports((host, cmd) -> hosts.contains(host) && cmd.contains(marker)
                ? new ExecResult(1, "", "boom", false) : FakeTransports.ok(""));
    }

    private RunResult run(String playbook, int hosts, FakeTransports fake) throws IOException {
        return test.run(playbook, test.hosts(hosts), fake);
    }

    /** The play, batch, task and abort events as text, in the order the runner sent them. */
    private List<String> outline() {
        List<String> out = new ArrayList<>();
        for (Event event : List.copyOf(test.events)) {
            switch (event) {
                case Event.PlayStarted p -> out.add("play " + p.play() + " " + p.hosts());
                case Event.BatchStarted b -> out.add("batch " + b.number() + "/" + b.total() + " " + b.hosts());
                case Event.BatchFinished b -> out.add("batch " + b.number() + "/" + b.total() + " done, failed " + b.failed());
                case Event.TaskStarted t -> out.add("task " + t.task() + " " + t.hosts());
                case Event.PlayAborted a -> out.add("aborted " + a.play() + ": " + a.reason());
                case Event.NoHostsLeft n -> out.add("no hosts left " + n.play());
                default -> {
                }
            }
        }
        return out;
    }

    /** Steps as "task host" in run order, each task's hosts sorted (hosts of one task run side by side). */
    private static List<String> stepsInOrder(RunResult result) {
        List<String> out = new ArrayList<>();
        List<StepResult> steps = result.steps();
        int i = 0;
        while (i < steps.size()) {
            String task = steps.get(i).task();
            List<String> hosts = new ArrayList<>();
            int j = i;
            while (j < steps.size() && steps.get(j).task().equals(task)) {
                hosts.add(steps.get(j).host());
                j++;
            }
            out.add(task + " " + hosts.stream().sorted().collect(Collectors.joining(",")));
            i = j;
        }
        return out;
    }

    private static final String TWO_TASKS = """
            - name: roll
              hosts: all
              serial: %s
              gather_facts: false
              tasks:
                - name: one
                  command: echo one
                - name: two
                  command: echo two
            """;

    @Test
    void eachBatchRunsEveryTaskBeforeTheNextBatchStarts() throws IOException {
        FakeTransports fake = failing("nothing fails", Set.of());
        RunResult result = run(TWO_TASKS.formatted(2), 5, fake);
        assertEquals(0, result.exitCode());
        assertEquals(List.of("one h1,h2", "two h1,h2", "one h3,h4", "two h3,h4", "one h5", "two h5"),
                stepsInOrder(result));
        assertEquals(List.of(
                "play roll [h1, h2, h3, h4, h5]",
                "batch 1/3 [h1, h2]", "task one [h1, h2]", "task two [h1, h2]", "batch 1/3 done, failed []",
                "batch 2/3 [h3, h4]", "task one [h3, h4]", "task two [h3, h4]", "batch 2/3 done, failed []",
                "batch 3/3 [h5]", "task one [h5]", "task two [h5]", "batch 3/3 done, failed []"), outline());
    }

    @Test
    void batchSizesFromAListWithTheLastRepeating() throws IOException {
        RunResult result = run(TWO_TASKS.formatted("[1, \"50%\"]"), 5, failing("x", Set.of()));
        assertEquals(List.of("one h1", "two h1", "one h2,h3", "two h2,h3", "one h4,h5", "two h4,h5"),
                stepsInOrder(result));
        assertTrue(outline().containsAll(List.of("batch 1/3 [h1]", "batch 2/3 [h2, h3]", "batch 3/3 [h4, h5]")),
                () -> outline().toString());
    }

    @Test
    void aTemplatedSerialTakesItsSizeFromTheExtraVariables() throws IOException {
        test.extraVars(Map.of("batch", 3));
        RunResult result = run(TWO_TASKS.formatted("\"{{ batch }}\""), 4, failing("x", Set.of()));
        assertEquals(List.of("one h1,h2,h3", "two h1,h2,h3", "one h4", "two h4"), stepsInOrder(result));
    }

    @Test
    void withoutSerialThereAreNoBatchEvents() throws IOException {
        run("- hosts: all\n  gather_facts: false\n  tasks:\n    - command: 'true'\n", 3, failing("x", Set.of()));
        assertTrue(test.events.stream().noneMatch(e -> e instanceof Event.BatchStarted || e instanceof Event.BatchFinished));
    }

    @Test
    void aFailedHostStopsTheRollAndEveryLaterPlay() throws IOException {
        FakeTransports fake = failing("echo one", Set.of("h2"));
        RunResult result = run(TWO_TASKS.formatted(1) + """
                - name: afterwards
                  hosts: all
                  gather_facts: false
                  tasks:
                    - command: echo later
                """, 3, fake);
        assertEquals(2, result.exitCode());
        assertEquals(List.of("/bin/sh -c 'echo one'", "/bin/sh -c 'echo two'"), fake.sent("h1"));
        assertEquals(List.of("/bin/sh -c 'echo one'"), fake.sent("h2"));
        assertEquals(List.of(), fake.sent("h3"), "no further batch starts");
        assertEquals(List.of(
                "play roll [h1, h2, h3]",
                "batch 1/3 [h1]", "task one [h1]", "task two [h1]", "batch 1/3 done, failed []",
                "batch 2/3 [h2]", "task one [h2]", "no hosts left roll", "batch 2/3 done, failed [h2]",
                "aborted roll: the roll stops because h2 failed; no further batch starts"), outline());
        assertEquals(1, result.stats().get("h2").failed());
    }

    @Test
    void theOtherHostsOfTheFailedBatchFinishItThenTheRollStops() throws IOException {
        FakeTransports fake = failing("echo one", Set.of("h1"));
        RunResult result = run(TWO_TASKS.formatted(2), 4, fake);
        assertEquals(List.of("one h1,h2", "two h2"), stepsInOrder(result));
        assertEquals(List.of(), fake.sent("h3"));
        assertEquals(List.of(), fake.sent("h4"));
        assertTrue(outline().contains("batch 1/2 done, failed [h1]"), () -> outline().toString());
        assertTrue(outline().contains("aborted roll: the roll stops because h1 failed; no further batch starts"),
                () -> outline().toString());
        assertEquals(2, result.exitCode());
    }

    @Test
    void aFailureInTheLastBatchStillStopsTheLaterPlays() throws IOException {
        FakeTransports fake = failing("echo two", Set.of("h2"));
        RunResult result = run(TWO_TASKS.formatted(1) + "- hosts: all\n  gather_facts: false\n  tasks:\n    - command: echo later\n", 2, fake);
        assertEquals(0, fake.count("h1", "later"));
        assertEquals(List.of("batch 1/2 [h1]", "task one [h1]", "task two [h1]", "batch 1/2 done, failed []",
                "batch 2/2 [h2]", "task one [h2]", "task two [h2]", "batch 2/2 done, failed [h2]",
                "aborted roll: the roll stops because h2 failed"), outline().subList(1, outline().size()));
        assertEquals(2, result.exitCode());
    }

    @Test
    void anUnreachableHostStopsTheRollToo() throws IOException {
        FakeTransports fake = new FakeTransports((host, cmd) -> host.equals("h1") ? null : FakeTransports.ok(""));
        RunResult result = run(TWO_TASKS.formatted(1), 3, fake);
        assertEquals(List.of(), fake.sent("h2"));
        assertTrue(outline().contains("aborted roll: the roll stops because h1 failed; no further batch starts"),
                () -> outline().toString());
        assertEquals(3, result.exitCode());
    }

    private static final String MAX_FAIL = """
            - name: roll
              hosts: all
              gather_facts: false
              serial: 4
              max_fail_percentage: 50
              tasks:
                - name: one
                  command: echo one
                - name: two
                  command: echo two
            - name: afterwards
              hosts: all
              gather_facts: false
              tasks:
                - name: later
                  command: echo later
            """;

    @Test
    void failuresWithinMaxFailPercentageLetTheRollGoOn() throws IOException {
        FakeTransports fake = failing("echo one", Set.of("h1"));
        RunResult result = run(MAX_FAIL, 8, fake);
        assertEquals(List.of("one h1,h2,h3,h4", "two h2,h3,h4", "one h5,h6,h7,h8", "two h5,h6,h7,h8",
                "later h2,h3,h4,h5,h6,h7,h8"), stepsInOrder(result));
        assertTrue(outline().contains("batch 1/2 done, failed [h1]"), () -> outline().toString());
        assertTrue(test.events.stream().noneMatch(e -> e instanceof Event.PlayAborted));
        assertEquals(2, result.exitCode(), "the failed host still fails the run");
    }

    @Test
    void exactlyMaxFailPercentageIsNotMoreThanIt() throws IOException {
        RunResult result = run(MAX_FAIL, 8, failing("echo one", Set.of("h1", "h2")));
        assertEquals(4, result.steps().stream().filter(s -> s.task().equals("one") && s.host().compareTo("h5") >= 0).count());
        assertTrue(test.events.stream().noneMatch(e -> e instanceof Event.PlayAborted));
    }

    @Test
    void failuresBeyondMaxFailPercentageStopTheRoll() throws IOException {
        FakeTransports fake = failing("echo one", Set.of("h1", "h2", "h3"));
        RunResult result = run(MAX_FAIL, 8, fake);
        // as Ansible's linear strategy: checked after each task, so h4 stops too
        assertEquals(List.of("one h1,h2,h3,h4"), stepsInOrder(result));
        for (String host : List.of("h5", "h6", "h7", "h8")) {
            assertEquals(List.of(), fake.sent(host), host);
        }
        assertEquals(List.of("batch 1/2 done, failed [h1, h2, h3]",
                "aborted roll: 75% of the batch failed (h1, h2, h3), more than max_fail_percentage 50"),
                outline().subList(outline().size() - 2, outline().size()));
        assertEquals(2, result.exitCode());
    }

    @Test
    void maxFailPercentageWithoutSerialJudgesThePlayAsOneBatch() throws IOException {
        FakeTransports fake = failing("echo one", Set.of("h1", "h2", "h3"));
        RunResult result = run(MAX_FAIL.replace("  serial: 4\n", ""), 4, fake);
        assertEquals(List.of("one h1,h2,h3,h4"), stepsInOrder(result), "checked after each task, as Ansible does");
        assertEquals(0, fake.count("h4", "later"), "later plays do not run");
        assertTrue(outline().getLast().startsWith("aborted roll: 75% of the batch failed"), () -> outline().toString());
    }

    private static final String FATAL = """
            - name: fatal
              hosts: all
              gather_facts: false
              any_errors_fatal: true
              tasks:
                - name: one
                  command: echo one
                - name: two
                  command: echo two
            - name: afterwards
              hosts: all
              gather_facts: false
              tasks:
                - command: echo later
            """;

    @Test
    void anyErrorsFatalStopsEveryHostAtTheNextTaskAndEndsThePlaybook() throws IOException {
        FakeTransports fake = failing("echo one", Set.of("h2"));
        RunResult result = run(FATAL, 3, fake);
        assertEquals(List.of("one h1,h2,h3"), stepsInOrder(result));
        for (String host : List.of("h1", "h2", "h3")) {
            assertEquals(List.of("/bin/sh -c 'echo one'"), fake.sent(host), host);
        }
        assertTrue(test.events.stream().anyMatch(e -> e instanceof Event.PlayAborted a && a.play().equals("fatal")
                && a.reason().startsWith("any_errors_fatal: ")), () -> outline().toString());
        assertTrue(test.events.stream().noneMatch(e -> e instanceof Event.PlayStarted p && p.play().equals("afterwards")));
        assertEquals(2, result.exitCode());
        assertEquals(0, result.stats().get("h1").failed(), "h1 was stopped, it did not fail");
        assertEquals(1, result.stats().get("h2").failed());
    }

    @Test
    void anyErrorsFatalWithoutAFailureChangesNothing() throws IOException {
        RunResult result = run(FATAL, 2, failing("x", Set.of()));
        assertEquals(List.of("one h1,h2", "two h1,h2", "command h1,h2"), stepsInOrder(result));
        assertEquals(0, result.exitCode());
    }

    @Test
    void anIgnoredErrorIsNotFatal() throws IOException {
        RunResult result = run(FATAL.replace("command: echo one", "command: echo one\n      ignore_errors: true"), 2,
                failing("echo one", Set.of("h2")));
        assertEquals(List.of("one h1,h2", "two h1,h2", "command h1,h2"), stepsInOrder(result));
    }

    @Test
    void anyErrorsFatalNamesOnlyTheHostsThatFailed() throws IOException {
        run(FATAL.replace("any_errors_fatal: true", "any_errors_fatal: true\n  serial: 3"), 3,
                failing("echo one", Set.of("h2")));
        assertTrue(outline().contains("batch 1/1 done, failed [h2]"), () -> outline().toString());
        assertTrue(outline().contains("aborted fatal: any_errors_fatal: h2 failed"), () -> outline().toString());
    }

    @Test
    void ansiblePlayBatchIsTheCurrentBatch() throws IOException {
        RunResult result = run("""
                - hosts: all
                  gather_facts: false
                  serial: 2
                  tasks:
                    - debug:
                        msg: "{{ ansible_play_batch | join(',') }} of {{ ansible_play_hosts | join(',') }}"
                """, 3, failing("x", Set.of()));
        assertEquals(List.of("h1,h2 of h1,h2,h3"), TestRun.messages(result, "h1"));
        assertEquals(List.of("h3 of h1,h2,h3"), TestRun.messages(result, "h3"));
    }

    @Test
    void aTemplatedSerialMaySeeThePlayVariables() throws IOException {
        RunResult result = run("""
                - name: roll
                  hosts: all
                  gather_facts: false
                  vars:
                    batch_size: 1
                  serial: "{{ batch_size }}"
                  tasks:
                    - name: one
                      command: echo one
                    - name: two
                      command: echo two
                """, 2, failing("x", Set.of()));
        assertEquals(List.of("one h1", "two h1", "one h2", "two h2"), stepsInOrder(result));
    }

    @Test
    void aTemplatedSerialThatIsNoNumberIsAPlanningProblem() throws IOException {
        test.extraVars(Map.of("batch", "fast"));
        InputException e = assertThrows(InputException.class,
                () -> test.plan(TWO_TASKS.formatted("\"{{ batch }}\""), test.hosts(2)));
        Problem problem = e.problems().getFirst();
        assertEquals(dir.resolve("pb.yml") + ":3:11", problem.position().toString());
        assertTrue(problem.message().contains("fast"), problem.message());
    }
}
