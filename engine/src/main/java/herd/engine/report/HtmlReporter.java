package herd.engine.report;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import herd.engine.event.Event;
import herd.engine.event.Listener;
import herd.engine.event.RunResult;

/**
 * Writes the run as one self-contained HTML page when it finishes (also when it is interrupted):
 * the recap, a timeline with a lane per host and a bar per step on a shared time axis, the batches
 * of rolling plays, servers left out of the load balancer, and a table of the failures with their
 * output. The page loads nothing from outside and runs no script. Numbers a program may want to
 * compare with the JSON report are in {@code data-*} attributes: {@code data-ok} and the other
 * counts on the recap cells, {@code data-status} and {@code data-duration-ms} on the bars.
 */
public final class HtmlReporter implements Listener {
    private final Path file;
    /** The events that give the run its shape: plays, batches and the order of the steps in them. */
    private final List<Event> events = new ArrayList<>();

    /** Fails at once (an {@code UncheckedIOException}) when the report could not be written at the end of the run. */
    public HtmlReporter(Path file) {
        ReportFile.probe(file, "HTML report");
        this.file = file;
    }

    @Override
    public void on(Event event) {
        switch (event) {
            case Event.RunStarted started -> events.clear();
            case Event.RunFinished finished -> write(finished.result(), Outline.of(events));
            case Event.TaskStarted task -> {
            }
            case Event.LockTaken e -> {
            }
            case Event.LockRefused e -> {
            }
            case Event.LockBroken e -> {
            }
            case Event.LockReleased e -> {
            }
            case Event.PlayStarted e -> events.add(e);
            case Event.BatchStarted e -> events.add(e);
            case Event.BatchFinished e -> events.add(e);
            case Event.PlayAborted e -> events.add(e);
            case Event.StepFinished e -> events.add(e);
            case Event.NoHostsLeft e -> events.add(e);
        }
    }

    private void write(RunResult result, Outline outline) {
        ReportFile.write(file, "HTML report", out -> out.write(HtmlPage.render(result, outline).getBytes(StandardCharsets.UTF_8)));
    }
}
