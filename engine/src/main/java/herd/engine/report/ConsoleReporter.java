package herd.engine.report;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

import herd.engine.event.Diff;
import herd.engine.event.Event;
import herd.engine.event.HostStats;
import herd.engine.event.ItemResult;
import herd.engine.event.Listener;
import herd.engine.event.RunResult;
import herd.engine.event.Status;
import herd.engine.event.StepResult;

/**
 * Prints the run as ansible-playbook does: a header per play and task, a line per finished step as it
 * happens (with the output of failures), and the PLAY RECAP at the end. On a terminal ({@code live})
 * a progress line stays at the bottom, redrawn every second; elsewhere (a CI log) there are only
 * whole lines, one per event.
 */
public final class ConsoleReporter implements Listener, AutoCloseable {
    private static final int WIDTH = 79;
    private static final String CLEAR_LINE = "\r\u001b[2K";
    private final PrintWriter out;
    private final boolean color;
    private final ProgressLine progress;
    private final Thread ticker;

    public ConsoleReporter(PrintWriter out, boolean color) {
        this(out, color, false);
    }

    public ConsoleReporter(PrintWriter out, boolean color, boolean live) {
        this.out = out;
        this.color = color;
        this.progress = live ? new ProgressLine() : null;
        this.ticker = live ? Thread.ofPlatform().daemon().name("herd-progress").start(this::tick) : null;
    }

    private void tick() {
        try {
            while (true) {
                Thread.sleep(1000);
                synchronized (this) {
                    out.print(CLEAR_LINE + paint(progress.text(), "2"));
                    out.flush();
                }
            }
        } catch (InterruptedException e) {
            // the run is over
        }
    }

    @Override
    public void close() {
        if (ticker != null) {
            ticker.interrupt();
        }
    }

    @Override
    public synchronized void on(Event event) {
        if (progress != null) {
            progress.on(event);
            out.print(CLEAR_LINE);
        }
        print(event);
        if (progress != null) {
            if (event instanceof Event.RunFinished) {
                close();
            } else {
                out.print(paint(progress.text(), "2"));
            }
        }
        out.flush();
    }

    private void print(Event event) {
        switch (event) {
            case Event.RunStarted started -> {
            }
            case Event.PlayStarted play -> {
                banner("PLAY [" + play.play() + "]");
                if (play.hosts().isEmpty()) {
                    out.println("skipping: no hosts matched");
                }
            }
            case Event.TaskStarted task -> banner((task.handler() ? "RUNNING HANDLER [" : "TASK [") + task.task() + "]");
            case Event.BatchStarted batch -> banner("BATCH " + batch.number() + "/" + batch.total() + " ["
                    + String.join(", ", batch.hosts()) + "]");
            case Event.BatchFinished batch -> out.println("batch " + batch.number() + "/" + batch.total() + " done in "
                    + seconds(batch.took()) + (batch.failed().isEmpty() ? "" : paint(", failed: "
                    + String.join(", ", batch.failed()), "31")));
            case Event.PlayAborted aborted -> {
                out.println();
                out.println(paint("PLAY STOPPED: " + aborted.reason(), "31"));
            }
            case Event.StepFinished finished -> step(finished.step());
            case Event.NoHostsLeft none -> {
                out.println();
                out.println(paint("NO MORE HOSTS LEFT", "31"));
            }
            case Event.LockTaken taken -> out.println("run lock taken on " + String.join(", ", taken.hosts()));
            case Event.LockRefused refused -> {
                out.println();
                refused.reasons().forEach(reason -> out.println(paint("LOCKED: " + reason, "31")));
                out.println(paint("nothing was run.", "31"));
            }
            case Event.LockBroken broken -> out.println(paint("WARNING: " + broken.message(), "31"));
            case Event.LockReleased released -> {
                out.println();
                if (!released.hosts().isEmpty()) {
                    out.println("run lock released on " + String.join(", ", released.hosts()));
                }
                released.problems().forEach(problem -> out.println(paint("WARNING: " + problem, "31")));
            }
            case Event.RunFinished finished -> recap(finished.result());
        }
    }

    private void banner(String title) {
        out.println();
        out.println(title + " " + "*".repeat(Math.max(3, WIDTH - title.length() - 1)));
    }

    private void step(StepResult step) {
        String took = seconds(step.duration());
        String line = switch (step.status()) {
            case OK -> paint("ok: [" + step.host() + "]", "32") + " " + step.task() + " (" + took + ")"
                    + step.message().map(m -> " " + m).orElse(firstLine(step.stdout()));
            case CHANGED -> paint("changed: [" + step.host() + "]", "33") + " " + step.task() + " (" + took + ")"
                    + firstLine(step.stdout());
            case SKIPPED -> paint("skipping: [" + step.host() + "]", "36") + " " + step.task()
                    + step.message().map(m -> " " + m).orElse("");
            case FAILED -> paint("fatal: [" + step.host() + "]: FAILED!", "31") + " " + step.task() + " (" + took + ")"
                    + (step.rc().isPresent() ? " rc=" + step.rc().getAsInt() : "")
                    + step.message().map(m -> " " + m).orElse("")
                    + (step.ignored() ? paint(" ...ignoring", "36") : "")
                    + (step.rescued() ? paint(" ...rescued", "36") : "");
            case UNREACHABLE -> paint("fatal: [" + step.host() + "]: UNREACHABLE!", "31") + " " + step.task()
                    + " (" + took + ") " + step.message().orElse("");
        };
        step.warnings().forEach(w -> out.println(paint(w, "35")));
        out.println(line);
        if (step.status() == Status.FAILED || step.status() == Status.UNREACHABLE) {
            indent("stdout", step.stdout());
            indent("stderr", step.stderr());
        }
        for (Diff diff : step.diffs()) {
            for (String text : UnifiedDiff.lines(diff)) {
                out.println(text.startsWith("+") ? paint(text, "32") : text.startsWith("-") ? paint(text, "31")
                        : text.startsWith("@@") ? paint(text, "36") : text);
            }
        }
        for (ItemResult item : step.items()) {
            out.println("  - [" + item.label() + "] " + item.status().word()
                    + (item.rc().isPresent() && item.status() == Status.FAILED ? " rc=" + item.rc().getAsInt() : "")
                    + item.message().map(m -> " " + m).orElse(firstLine(item.stdout())));
            if (item.status() == Status.FAILED) {
                indent("stdout", item.stdout());
                indent("stderr", item.stderr());
            }
        }
    }

    /** The first line of a command's output, for the line of a step that went well. */
    private static String firstLine(String stdout) {
        if (stdout == null || stdout.isBlank()) {
            return "";
        }
        String first = stdout.strip().lines().findFirst().orElse("");
        boolean more = stdout.strip().contains("\n") || first.length() > 120;
        return " => " + (first.length() > 120 ? first.substring(0, 120) : first) + (more ? " ..." : "");
    }

    private void indent(String label, String text) {
        if (text == null || text.isBlank()) {
            return;
        }
        out.println("  " + label + ":");
        for (String line : text.split("\n", -1)) {
            out.println("    " + line);
        }
    }

    private void recap(RunResult result) {
        banner("PLAY RECAP");
        int width = result.stats().keySet().stream().mapToInt(String::length).max().orElse(0);
        for (Map.Entry<String, HostStats> entry : result.stats().entrySet()) {
            HostStats s = entry.getValue();
            String host = String.format("%-" + Math.max(width, 1) + "s", entry.getKey());
            String code = s.failed() > 0 || s.unreachable() > 0 ? "31" : s.changed() > 0 ? "33" : "32";
            out.println(paint(host, code) + " : " + field("ok", s.ok()) + field("changed", s.changed())
                    + field("unreachable", s.unreachable()) + field("failed", s.failed())
                    + field("skipped", s.skipped()) + field("rescued", s.rescued())
                    + field("ignored", s.ignored()).stripTrailing());
        }
        if (!result.timeOutOfPool().isEmpty()) {
            out.println();
            out.println("OUT OF THE POOL (time each load-balancer server was out during this run):");
            result.timeOutOfPool().forEach((server, took) -> out.println("  " + server + " " + seconds(took)
                    + (result.outOfPool().stream().anyMatch(s -> s.startsWith(server + ":")) ? " and still out" : "")));
        }
        if (!result.outOfPool().isEmpty()) {
            out.println();
            out.println(paint("!!! LEFT OUT OF THE LOAD BALANCER by this run (not serving traffic):", "31"));
            for (String server : result.outOfPool()) {
                out.println(paint("!!!   " + server, "31"));
            }
            out.println(paint("!!! once healthy, put back with: echo \"set server BACKEND/SERVER state ready\""
                    + " | socat stdio <haproxy socket>", "31"));
        }
        RunResult.Connections c = result.connections();
        if (c.reopened() > 0) {
            out.println();
            out.println("CONNECTIONS: at most " + c.max() + " open at once (--max-connections): " + c.closedForRoom()
                    + " idle ones closed to make room, hosts reconnected " + c.reopened() + " times");
        }
        out.println();
        out.println("Ran in " + seconds(result.duration()) + (result.interrupted() ? ", INTERRUPTED" : ""));
    }

    private static String field(String name, int value) {
        return String.format("%-" + (name.length() + 6) + "s", name + "=" + value);
    }

    static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.2fs", d.toNanos() / 1e9);
    }

    private String paint(String text, String code) {
        return color ? "\u001b[" + code + "m" + text + "\u001b[0m" : text;
    }
}
