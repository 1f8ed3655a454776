package herd.engine.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import org.junit.jupiter.api.Test;

import herd.engine.event.Event;
import herd.engine.event.Status;
import herd.engine.event.StepResult;

/** The console: whole lines for a log, a progress line kept at the bottom of a terminal. */
class ConsoleReporterTest {
    private static StepResult step(String host, Status status) {
        return new StepResult(host, "roll", "restart", status, OptionalInt.of(status == Status.FAILED ? 1 : 0), "", "",
                Optional.empty(), false, Instant.now(), Duration.ofMillis(5), List.of());
    }

    private static List<Event> events() {
        return List.of(new Event.RunStarted("pb.yml", Instant.now()),
                new Event.PlayStarted("roll", List.of("a", "b", "c")),
                new Event.BatchStarted("roll", 2, 3, List.of("a", "b")),
                new Event.TaskStarted("roll", "restart", List.of("a", "b")),
                new Event.StepFinished(step("a", Status.CHANGED)),
                new Event.StepFinished(step("b", Status.FAILED)));
    }

    @Test
    void onATerminalAProgressLineFollowsEveryEvent() {
        StringWriter text = new StringWriter();
        try (ConsoleReporter console = new ConsoleReporter(new PrintWriter(text), false, true)) {
            events().forEach(console::on);
        }
        String out = text.toString();
        String last = out.substring(out.lastIndexOf('\n') + 1);
        assertTrue(last.matches("\\[0:0\\d] batch 2/3 \u00b7 restart: 2/2 hosts done \u00b7 1 failure"), last);
        assertTrue(out.contains("\r\u001b[2Kchanged: [a] restart"), out);
    }

    @Test
    void inALogThereAreOnlyWholeLinesAndNoEscapes() {
        StringWriter text = new StringWriter();
        ConsoleReporter console = new ConsoleReporter(new PrintWriter(text), false);
        events().forEach(console::on);
        String out = text.toString();
        assertFalse(out.contains("\u001b") || out.contains("\r"), out);
        assertEquals(List.of("", "PLAY [roll] " + "*".repeat(67), "", "BATCH 2/3 [a, b] " + "*".repeat(62), "",
                "TASK [restart] " + "*".repeat(64), "changed: [a] restart (0.01s)",
                "fatal: [b]: FAILED! restart (0.01s) rc=1"), out.lines().toList());
    }
}
