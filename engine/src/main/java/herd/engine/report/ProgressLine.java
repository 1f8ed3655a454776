package herd.engine.report;

import java.time.Duration;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

import herd.engine.event.Event;
import herd.engine.event.Status;

/**
 * The live line at the bottom of a terminal: elapsed time, the batch of a roll, how many hosts
 * finished the current task, and the failures so far. It only reads events.
 */
final class ProgressLine {
    private final long started = System.nanoTime();
    private String task = "";
    private int hosts;
    private final Set<String> done = new HashSet<>();
    private String batch = "";
    private int failures;

    void on(Event event) {
        switch (event) {
            case Event.TaskStarted t -> {
                task = t.task();
                hosts = t.hosts().size();
                done.clear();
            }
            case Event.BatchStarted b -> batch = "batch " + b.number() + "/" + b.total();
            case Event.StepFinished f -> {
                done.add(f.step().host());
                if (f.step().failed() || f.step().status() == Status.UNREACHABLE) {
                    failures++;
                }
            }
            default -> {
            }
        }
    }

    String text() {
        Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "[%d:%02d]", elapsed.toMinutes(),
                elapsed.toSecondsPart()));
        if (!batch.isEmpty()) {
            line.append(' ').append(batch).append(" \u00b7");
        }
        if (!task.isEmpty()) {
            line.append(' ').append(task).append(": ").append(Math.min(done.size(), hosts)).append('/').append(hosts)
                    .append(" hosts done");
        }
        line.append(" \u00b7 ").append(failures).append(failures == 1 ? " failure" : " failures");
        return line.toString();
    }
}
