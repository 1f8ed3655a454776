package herd.engine.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import herd.engine.event.Event;
import herd.engine.event.ExitCodes;
import herd.engine.event.RunResult;
import herd.engine.event.StepResult;
import herd.engine.template.Templates;
import herd.engine.transport.Endpoint;

/** Maintenance windows and deadlines: when they end, and that no batch starts without the time it needs. */
class WindowTest {
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    @TempDir
    Path dir;

    private static ZonedDateTime at(String local) {
        return java.time.LocalDateTime.parse(local).atZone(BERLIN);
    }

    @Test
    void aWindowEndsTodayOrAfterMidnight() {
        assertEquals(at("2026-11-26T04:00").toInstant(), Window.end("02:00-04:00", at("2026-11-26T02:30")));
        assertEquals(at("2026-11-27T01:00").toInstant(), Window.end("23:00-01:00", at("2026-11-26T23:30")));
        assertEquals(at("2026-11-27T01:00").toInstant(), Window.end("23:00-01:00", at("2026-11-27T00:30")));
        assertEquals(Instant.parse("2026-11-26T03:00:00Z"),
                Window.end("02:00-03:00 UTC", at("2026-11-26T03:30")), "03:30 in Berlin is 02:30 UTC");
    }

    @Test
    void outsideTheWindowSaysWhenItOpens() {
        Window.Closed closed = assertThrows(Window.Closed.class, () -> Window.end("02:00-04:00", at("2026-11-26T05:12")));
        assertEquals("it is 05:12 Europe/Berlin, outside the maintenance window 02:00-04:00; it opens next at"
                + " 2026-11-27T02:00 Europe/Berlin", closed.getMessage());
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> Window.end("2am to 4am", at("2026-11-26T02:30")));
        assertEquals("'2am to 4am' is not a window; write it as 02:00-04:00, optionally with a zone:"
                + " '02:00-04:00 Europe/Berlin'", bad.getMessage());
    }

    @Test
    void aDeadlineIsATimeOfDayOrADateTime() {
        assertEquals(at("2026-11-26T04:00").toInstant(), Window.deadline("04:00", at("2026-11-26T02:30")));
        assertEquals(at("2026-11-27T01:00").toInstant(), Window.deadline("01:00", at("2026-11-26T02:30")));
        assertEquals(at("2026-11-27T04:00").toInstant(), Window.deadline("2026-11-27T04:00", at("2026-11-26T02:30")));
        assertEquals(Instant.parse("2026-11-27T03:00:00Z"),
                Window.deadline("2026-11-27T04:00+01:00", at("2026-11-26T02:30")));
        assertThrows(IllegalArgumentException.class, () -> Window.deadline("soon", at("2026-11-26T02:30")));
    }

    @Test
    void noBatchStartsWhenLessTimeIsLeftThanTheSlowestBatchTook() throws IOException {
        String playbook = """
                - hosts: all
                  gather_facts: false
                  serial: 1
                  tasks:
                    - name: restart
                      command: restart it
                """;
        TestRun test = new TestRun(dir);
        FakeTransports slow = new FakeTransports((host, cmd) -> {
            try {
                Thread.sleep(host.equals("h1") ? 1500 : 10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return FakeTransports.ok("");
        });
        Plan plan = test.plan(playbook, test.hosts(3));
        Instant deadline = Instant.now().plus(Duration.ofMillis(1200));
        RunResult result = new Runner(new RunOptions(5, RunOptions.DEFAULT_GRACE, Optional.of(deadline), Optional.empty(), LockOptions.OFF, Optional.empty(), Optional.empty()),
                Map.of(Endpoint.Kind.SSH, slow, Endpoint.Kind.LOCAL, slow), new Templates(), test.events::add).run(plan);
        assertEquals(List.of("h1"), result.steps().stream().map(StepResult::host).toList(),
                "h1's batch started before the deadline and finished; no batch after it");
        assertEquals(ExitCodes.OUT_OF_TIME, result.exitCode());
        Event.PlayAborted aborted = test.events.stream().filter(e -> e instanceof Event.PlayAborted)
                .map(e -> (Event.PlayAborted) e).findFirst().orElseThrow();
        assertEquals(true, aborted.reason().startsWith("the deadline " + deadline + " has passed: no further batch"
                + " starts"), aborted::reason);
    }

    @Test
    void aBatchStartsWhenTheTimeLeftIsEnough() throws IOException {
        TestRun test = new TestRun(dir);
        FakeTransports fast = new FakeTransports((host, cmd) -> FakeTransports.ok(""));
        Plan plan = test.plan("- hosts: all\n  gather_facts: false\n  serial: 1\n  tasks:\n    - command: true\n",
                test.hosts(3));
        RunResult result = new Runner(new RunOptions(5, RunOptions.DEFAULT_GRACE,
                Optional.of(Instant.now().plus(Duration.ofMinutes(10))), Optional.empty(), LockOptions.OFF, Optional.empty(),
                Optional.empty()),
                Map.of(Endpoint.Kind.SSH, fast, Endpoint.Kind.LOCAL, fast), new Templates(), test.events::add).run(plan);
        assertEquals(3, result.steps().size());
        assertEquals(ExitCodes.OK, result.exitCode());
    }
}
