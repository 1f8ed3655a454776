package herd.engine.report;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import herd.engine.event.Event;
import herd.engine.event.HostStats;
import herd.engine.event.ItemResult;
import herd.engine.event.Listener;
import herd.engine.event.RunResult;
import herd.engine.event.Status;
import herd.engine.event.StepResult;

/** Writes the whole run as one JSON document when it finishes; the schema is in the README. */
public final class JsonReporter implements Listener {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private final Path file;

    /** Fails at once (an {@code UncheckedIOException}) when the report could not be written at the end of the run. */
    public JsonReporter(Path file) {
        ReportFile.probe(file, "JSON report");
        this.file = file;
    }

    @Override
    public void on(Event event) {
        if (event instanceof Event.RunFinished finished) {
            write(finished.result());
        }
    }

    private void write(RunResult result) {
        ReportFile.write(file, "JSON report", out -> MAPPER.writeValue(out, document(result)));
    }

    static Map<String, Object> document(RunResult result) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("playbook", result.playbook());
        doc.put("start", result.start().toString());
        doc.put("duration_ms", result.duration().toMillis());
        doc.put("interrupted", result.interrupted());
        doc.put("out_of_time", result.outOfTime());
        doc.put("halted", result.halted().orElse(null));
        doc.put("exit_code", result.exitCode());
        doc.put("out_of_pool", result.outOfPool());
        Map<String, Object> pool = new LinkedHashMap<>();
        result.timeOutOfPool().forEach((server, took) -> pool.put(server, took.toMillis()));
        doc.put("time_out_of_pool_ms", pool);
        RunResult.Connections c = result.connections();
        Map<String, Object> connections = new LinkedHashMap<>();
        connections.put("max", c.max());
        connections.put("peak", c.peak());
        connections.put("closed_for_room", c.closedForRoom());
        connections.put("reopened", c.reopened());
        connections.put("sessions", c.sessions());
        connections.put("commands_in_sessions", c.inSessions());
        connections.put("commands_on_own_channels", c.onChannels());
        doc.put("connections", connections);
        Map<String, Object> stats = new LinkedHashMap<>();
        for (Map.Entry<String, HostStats> e : result.stats().entrySet()) {
            HostStats s = e.getValue();
            Map<String, Object> counts = new LinkedHashMap<>();
            counts.put("ok", s.ok());
            counts.put("changed", s.changed());
            counts.put("failed", s.failed());
            counts.put("skipped", s.skipped());
            counts.put("unreachable", s.unreachable());
            counts.put("rescued", s.rescued());
            counts.put("ignored", s.ignored());
            stats.put(e.getKey(), counts);
        }
        doc.put("stats", stats);
        List<Object> steps = new ArrayList<>();
        for (StepResult step : result.steps()) {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("host", step.host());
            s.put("play", step.play());
            s.put("task", step.task());
            output(s, step.status(), step.rc(), step.stdout(), step.stderr(), step.message());
            s.put("ignored", step.ignored());
            s.put("rescued", step.rescued());
            s.put("start", step.start().toString());
            s.put("duration_ms", step.duration().toMillis());
            if (!step.diffs().isEmpty()) {
                List<Object> diffs = new ArrayList<>();
                for (herd.engine.event.Diff diff : step.diffs()) {
                    Map<String, Object> d = new LinkedHashMap<>();
                    diff.beforeHeader().ifPresent(h -> d.put("before_header", h));
                    diff.afterHeader().ifPresent(h -> d.put("after_header", h));
                    d.put("before", diff.before());
                    d.put("after", diff.after());
                    diff.prepared().ifPresent(p -> d.put("prepared", p));
                    d.put("unified", String.join("\n", UnifiedDiff.lines(diff)));
                    diffs.add(d);
                }
                s.put("diff", diffs);
            }
            if (!step.items().isEmpty()) {
                List<Object> items = new ArrayList<>();
                for (ItemResult item : step.items()) {
                    Map<String, Object> i = new LinkedHashMap<>();
                    i.put("label", item.label());
                    output(i, item.status(), item.rc(), item.stdout(), item.stderr(), item.message());
                    items.add(i);
                }
                s.put("items", items);
            }
            steps.add(s);
        }
        doc.put("steps", steps);
        return doc;
    }

    private static void output(Map<String, Object> into, Status status, java.util.OptionalInt rc, String stdout,
                               String stderr, java.util.Optional<String> message) {
        into.put("status", status.word());
        into.put("rc", rc.isPresent() ? rc.getAsInt() : null);
        into.put("stdout", stdout);
        into.put("stderr", stderr);
        into.put("msg", message.orElse(null));
    }
}
