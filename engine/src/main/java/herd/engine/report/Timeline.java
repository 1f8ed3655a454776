package herd.engine.report;

import static herd.engine.report.Html.escape;
import static herd.engine.report.Html.percent;

import java.time.Duration;
import java.time.Instant;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import herd.engine.event.HostStats;
import herd.engine.event.ItemResult;
import herd.engine.event.RunResult;
import herd.engine.event.Status;
import herd.engine.event.StepResult;

/**
 * The timeline section: a lane per host with a bar per step on one time axis shared by all hosts,
 * lanes for the plays and the batches of rolling plays, and bands that shade each batch across the
 * host lanes. Geometry is in percent of the run, so the page needs no script to lay it out.
 */
final class Timeline {
    /** The statuses in the legend, with the ignored failure as its own colour. */
    private static final List<String> LEGEND = List.of("ok", "changed", "failed", "ignored", "skipped", "unreachable");
    private static final int MOST_ITEMS_IN_TITLE = 10;

    private final RunResult result;
    private final Outline outline;
    private final Map<StepResult, Outline.BatchPart> batchOfStep;
    private final long totalNanos;
    /** Where each play and each batch lies on the axis, by identity: [from, to] in ns from the run's start. */
    private final Map<Object, long[]> spans = new IdentityHashMap<>();
    private final StringBuilder out = new StringBuilder();

    private Timeline(RunResult result, Outline outline) {
        this.result = result;
        this.outline = outline;
        this.batchOfStep = outline.batchOfStep();
        long end = result.duration().toNanos();
        for (StepResult step : result.steps()) {
            end = Math.max(end, offsetNanos(step.start()) + step.duration().toNanos());
        }
        this.totalNanos = Math.max(end, Duration.ofMillis(1).toNanos());
        layOut();
    }

    /**
     * A play or batch lies from its first step's start to its last step's end; one without steps
     * (nobody left to run it) sits where the one before it ended.
     */
    private void layOut() {
        long cursor = 0;
        for (Outline.PlayPart play : outline.plays()) {
            long[] playSpan = span(play.steps(), cursor);
            spans.put(play, playSpan);
            cursor = playSpan[0];
            for (Outline.BatchPart batch : play.batches()) {
                long[] batchSpan = span(batch.steps(), cursor);
                spans.put(batch, batchSpan);
                cursor = batchSpan[1];
            }
            cursor = Math.max(cursor, playSpan[1]);
        }
    }

    static String render(RunResult result, Outline outline) {
        Timeline timeline = new Timeline(result, outline);
        timeline.section();
        return timeline.out.toString();
    }

    private void section() {
        out.append("<section id=\"timeline\">\n<h2>Timeline</h2>\n");
        legend();
        out.append("<div class=\"timeline\" data-duration-ms=\"").append(totalNanos / 1_000_000).append("\">\n");
        long tick = tickStep();
        bands(tick);
        lane("axis", "time");
        for (long t = 0; t <= totalNanos / 1_000_000; t += tick) {
            out.append("<span class=\"tick\" style=\"left:").append(percent(100.0 * t * 1_000_000 / totalNanos))
                    .append("\">").append(tickLabel(t, tick)).append("</span>");
        }
        out.append("</div></div>\n");
        if (!outline.plays().isEmpty()) {
            plays();
        }
        if (outline.plays().stream().anyMatch(p -> !p.batches().isEmpty())) {
            batches();
        }
        for (String host : hosts()) {
            hostLane(host);
        }
        out.append("</div>\n</section>\n");
    }

    private void legend() {
        out.append("<ul class=\"legend\">");
        for (String status : LEGEND) {
            long count = result.steps().stream().filter(s -> colour(s).equals(status)).count();
            out.append("<li data-status=\"").append(status).append("\" data-count=\"").append(count)
                    .append("\"><span class=\"swatch s-").append(status).append("\"></span>")
                    .append(status.equals("ignored") ? "failed, ignored" : status).append(" (").append(count)
                    .append(")</li>");
        }
        out.append("</ul>\n");
    }

    /** Grid lines, one shaded band per batch and a line where each play starts, behind the lanes. */
    private void bands(long tick) {
        out.append("<div class=\"bands\" aria-hidden=\"true\">");
        for (long t = tick; t <= totalNanos / 1_000_000; t += tick) {
            out.append("<div class=\"grid\" style=\"left:").append(percent(100.0 * t * 1_000_000 / totalNanos))
                    .append("\"></div>");
        }
        for (Outline.PlayPart play : outline.plays()) {
            out.append("<div class=\"play-line\" style=\"left:")
                    .append(percent(100.0 * spans.get(play)[0] / totalNanos)).append("\"></div>");
            for (Outline.BatchPart batch : play.batches()) {
                out.append("<div class=\"band").append(batch.number() % 2 == 0 ? " even" : "").append("\" style=\"")
                        .append(geometry(spans.get(batch))).append("\"></div>");
            }
        }
        out.append("</div>\n");
    }

    private void plays() {
        lane("plays", "plays");
        for (Outline.PlayPart play : outline.plays()) {
            long[] span = spans.get(play);
            String title = play.name() + "\n" + play.hosts().size() + " hosts, " + took(span)
                    + play.stops().stream().map(s -> "\n" + s).collect(Collectors.joining());
            out.append("<div class=\"play").append(play.stops().isEmpty() ? "" : " stopped").append("\" data-play=\"")
                    .append(escape(play.name())).append("\"").append(times(span)).append(" style=\"")
                    .append(geometry(span)).append("\" title=\"").append(escape(title)).append("\">")
                    .append(escape(play.name())).append("</div>");
        }
        out.append("</div></div>\n");
    }

    private void batches() {
        lane("batches", "batches");
        for (Outline.PlayPart play : outline.plays()) {
            for (Outline.BatchPart batch : play.batches()) {
                long[] span = spans.get(batch);
                String title = play.name() + ": batch " + batch.number() + " of " + batch.total() + "\n"
                        + String.join(", ", batch.hosts()) + "\n" + took(span)
                        + (batch.failed().isEmpty() ? "" : "\nfailed: " + String.join(", ", batch.failed()));
                out.append("<div class=\"batch").append(batch.failed().isEmpty() ? "" : " failed")
                        .append("\" data-play=\"").append(escape(play.name()))
                        .append("\" data-batch=\"").append(batch.number())
                        .append("\" data-batches=\"").append(batch.total())
                        .append("\" data-hosts=\"").append(escape(String.join(" ", batch.hosts())))
                        .append("\" data-failed=\"").append(escape(String.join(" ", batch.failed())))
                        .append("\"").append(times(span)).append(" style=\"").append(geometry(span))
                        .append("\" title=\"").append(escape(title)).append("\">batch ").append(batch.number())
                        .append("/").append(batch.total()).append("</div>");
            }
        }
        out.append("</div></div>\n");
    }

    private void hostLane(String host) {
        HostStats stats = result.stats().getOrDefault(host, HostStats.ZERO);
        boolean bad = stats.failed() > 0 || stats.unreachable() > 0;
        out.append("<div class=\"lane host").append(bad ? " bad" : "").append("\" data-host=\"").append(escape(host))
                .append("\"><div class=\"label\" title=\"").append(escape(host)).append("\">").append(escape(host))
                .append("</div><div class=\"track\">");
        for (StepResult step : result.steps()) {
            if (step.host().equals(host)) {
                bar(step);
            }
        }
        out.append("</div></div>\n");
    }

    private void bar(StepResult step) {
        long start = offsetNanos(step.start());
        long[] span = {start, start + step.duration().toNanos()};
        Outline.BatchPart batch = batchOfStep.get(step);
        out.append("<div class=\"bar s-").append(colour(step))
                .append("\" data-host=\"").append(escape(step.host()))
                .append("\" data-play=\"").append(escape(step.play()))
                .append("\" data-task=\"").append(escape(step.task()))
                .append("\" data-status=\"").append(step.status().word())
                .append("\" data-ignored=\"").append(step.ignored())
                .append("\" data-rc=\"").append(step.rc().isPresent() ? Integer.toString(step.rc().getAsInt()) : "")
                .append("\" data-start-ms=\"").append(start / 1_000_000)
                .append("\" data-duration-ms=\"").append(step.duration().toMillis()).append("\"");
        if (batch != null) {
            out.append(" data-batch=\"").append(batch.number()).append("\"");
        }
        out.append(" style=\"").append(geometry(span)).append("\" title=\"").append(escape(title(step, batch)))
                .append("\"></div>");
    }

    private static String title(StepResult step, Outline.BatchPart batch) {
        StringBuilder title = new StringBuilder(step.task()).append("\n").append(step.host()).append(": ")
                .append(step.status().word()).append(step.ignored() ? " (ignored)" : "").append(", ")
                .append(Html.took(step.duration()));
        step.rc().ifPresent(rc -> title.append(", rc=").append(rc));
        title.append("\n").append(step.play());
        if (batch != null) {
            title.append(" (batch ").append(batch.number()).append(" of ").append(batch.total()).append(")");
        }
        step.message().ifPresent(m -> title.append("\n").append(m));
        List<ItemResult> items = step.items();
        for (ItemResult item : items.subList(0, Math.min(items.size(), MOST_ITEMS_IN_TITLE))) {
            title.append("\n- ").append(item.label()).append(": ").append(item.status().word());
        }
        if (items.size() > MOST_ITEMS_IN_TITLE) {
            title.append("\n(").append(items.size() - MOST_ITEMS_IN_TITLE).append(" more items)");
        }
        return title.toString();
    }

    /** The CSS class of a step: its status, except that an ignored failure has its own colour. */
    static String colour(StepResult step) {
        return step.status() == Status.FAILED && step.ignored() ? "ignored" : step.status().word();
    }

    private void lane(String kind, String label) {
        out.append("<div class=\"lane ").append(kind).append("\"><div class=\"label\">").append(label)
                .append("</div><div class=\"track\">");
    }

    /** Hosts in recap order, then any host that only has steps (none today, but never drop a step). */
    private Set<String> hosts() {
        Set<String> hosts = new LinkedHashSet<>(result.stats().keySet());
        result.steps().forEach(s -> hosts.add(s.host()));
        return hosts;
    }

    /** From the first start to the last end of the steps, in nanoseconds from the run's start; empty at the cursor. */
    private long[] span(List<StepResult> steps, long cursor) {
        if (steps.isEmpty()) {
            return new long[] {cursor, cursor};
        }
        long from = Long.MAX_VALUE;
        long to = 0;
        for (StepResult step : steps) {
            long start = offsetNanos(step.start());
            from = Math.min(from, start);
            to = Math.max(to, start + step.duration().toNanos());
        }
        return new long[] {from, to};
    }

    private String geometry(long[] span) {
        return "left:" + percent(100.0 * span[0] / totalNanos) + ";width:" + percent(100.0 * (span[1] - span[0]) / totalNanos);
    }

    private static String times(long[] span) {
        return " data-start-ms=\"" + span[0] / 1_000_000 + "\" data-duration-ms=\"" + (span[1] - span[0]) / 1_000_000 + "\"";
    }

    private static String took(long[] span) {
        return Html.took(Duration.ofNanos(span[1] - span[0]));
    }

    private long offsetNanos(Instant at) {
        return Math.max(0, Duration.between(result.start(), at).toNanos());
    }

    /** A round step (1, 2 or 5 times a power of ten, in ms) that gives at most eight ticks. */
    private long tickStep() {
        long totalMs = Math.max(1, totalNanos / 1_000_000);
        for (long power = 1; ; power *= 10) {
            for (long factor : new long[] {1, 2, 5}) {
                if (totalMs / (power * factor) <= 8) {
                    return power * factor;
                }
            }
        }
    }

    private static String tickLabel(long ms, long step) {
        if (step < 1000 && ms < 1000) {
            return ms + " ms";
        }
        if (ms >= 60_000 && step % 60_000 == 0) {
            return ms / 60_000 + " min";
        }
        return (ms % 1000 == 0 ? Long.toString(ms / 1000) : String.format(Locale.ROOT, "%.1f", ms / 1000.0)) + " s";
    }
}
