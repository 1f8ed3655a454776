package herd.engine.report;

import static herd.engine.report.Html.escape;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import herd.engine.event.ExitCodes;
import herd.engine.event.HostStats;
import herd.engine.event.ItemResult;
import herd.engine.event.RunResult;
import herd.engine.event.Status;
import herd.engine.event.StepResult;

/**
 * The HTML report as one self-contained page: the run's facts, servers left out of the load
 * balancer, the recap, the timeline and the failures. Everything that comes from hosts, inventories
 * or playbooks is escaped, and the page's Content-Security-Policy loads nothing from anywhere and
 * runs no script, so even a mistake in escaping could not fetch or execute anything.
 */
final class HtmlPage {
    private static final String CSS = resource("html-report.css");

    private final RunResult result;
    private final Outline outline;
    private final StringBuilder out = new StringBuilder(64 * 1024);

    private HtmlPage(RunResult result, Outline outline) {
        this.result = result;
        this.outline = outline;
    }

    static String render(RunResult result, Outline outline) {
        HtmlPage page = new HtmlPage(result, outline);
        page.document();
        return page.out.toString();
    }

    private void document() {
        out.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<meta name=\"generator\" content=\"herd\">\n")
                .append("<title>herd: ").append(escape(result.playbook())).append(" (exit ").append(result.exitCode())
                .append(")</title>\n<style>\n").append(CSS).append("</style>\n</head>\n<body>\n");
        header();
        outOfPool();
        stops();
        recap();
        out.append(Timeline.render(result, outline));
        failures();
        out.append("<footer>written by herd when the run ended</footer>\n</body>\n</html>\n");
    }

    private void header() {
        int exit = result.exitCode();
        out.append("<header id=\"run\" data-playbook=\"").append(escape(result.playbook()))
                .append("\" data-start=\"").append(result.start())
                .append("\" data-duration-ms=\"").append(result.duration().toMillis())
                .append("\" data-exit-code=\"").append(exit)
                .append("\" data-interrupted=\"").append(result.interrupted()).append("\">\n")
                .append("<h1>herd run <code>").append(escape(result.playbook())).append("</code></h1>\n")
                .append("<dl class=\"facts\"><dt>playbook</dt><dd><code>").append(escape(result.playbook()))
                .append("</code></dd><dt>started</dt><dd>").append(result.start().truncatedTo(ChronoUnit.MILLIS))
                .append("</dd><dt>took</dt><dd>").append(Html.took(result.duration()))
                .append("</dd><dt>exit code</dt><dd class=\"exit").append(exit == ExitCodes.OK ? " good" : " bad")
                .append("\">").append(exit).append(": ").append(meaning(exit)).append("</dd><dt>hosts</dt><dd>")
                .append(result.stats().size()).append("</dd><dt>steps</dt><dd>").append(result.steps().size())
                .append("</dd></dl>\n</header>\n");
        if (result.interrupted()) {
            out.append("<section id=\"interrupted\" class=\"alarm\" role=\"alert\"><h2>INTERRUPTED</h2>")
                    .append("<p>The run was interrupted: no step started after the signal, running commands were ended.</p></section>\n");
        }
    }

    private static String meaning(int exit) {
        return switch (exit) {
            case ExitCodes.OK -> "every host ok";
            case ExitCodes.HOST_FAILED -> "a host failed";
            case ExitCodes.HOST_UNREACHABLE -> "a host was unreachable and none failed";
            case ExitCodes.INTERRUPTED -> "interrupted";
            default -> "see the README";
        };
    }

    /** Servers this run left out of the load balancer: the first thing an operator must see. */
    private void outOfPool() {
        if (result.outOfPool().isEmpty()) {
            return;
        }
        out.append("<section id=\"out-of-pool\" class=\"alarm\" role=\"alert\" data-count=\"")
                .append(result.outOfPool().size()).append("\">\n")
                .append("<h2>!!! LEFT OUT OF THE LOAD BALANCER by this run (not serving traffic)</h2>\n<ul>");
        for (String server : result.outOfPool()) {
            String name = server.contains(":") ? server.substring(0, server.indexOf(':')) : server;
            Duration away = result.timeOutOfPool().get(name);
            out.append("<li data-server=\"").append(escape(server)).append("\"><code>").append(escape(server))
                    .append("</code>").append(away == null ? "" : ", out for " + Html.took(away)).append("</li>");
        }
        out.append("</ul>\n<p>Once healthy, put back with: <code>echo \"set server BACKEND/SERVER state ready\"")
                .append(" | socat stdio &lt;haproxy socket&gt;</code></p>\n</section>\n");
    }

    /** Why plays stopped before all their batches or hosts ran. */
    private void stops() {
        List<String> stops = outline.plays().stream()
                .flatMap(p -> p.stops().stream().map(s -> p.name() + ": " + s)).toList();
        if (stops.isEmpty()) {
            return;
        }
        out.append("<section id=\"stops\" class=\"warning\"><h2>Stopped early</h2><ul>");
        stops.forEach(s -> out.append("<li>").append(escape(s)).append("</li>"));
        out.append("</ul></section>\n");
    }

    private void recap() {
        out.append("<section id=\"recap\">\n<h2>Recap</h2>\n<table class=\"recap\"><thead><tr><th>host</th>")
                .append("<th>ok</th><th>changed</th><th>unreachable</th><th>failed</th><th>skipped</th>")
                .append("<th>ignored</th></tr></thead>\n<tbody>\n");
        for (Map.Entry<String, HostStats> entry : result.stats().entrySet()) {
            HostStats s = entry.getValue();
            String tone = s.failed() > 0 || s.unreachable() > 0 ? "bad" : s.changed() > 0 ? "changed" : "good";
            out.append("<tr class=\"").append(tone).append("\" data-host=\"").append(escape(entry.getKey()))
                    .append("\"><th>").append(escape(entry.getKey())).append("</th>");
            count("ok", s.ok());
            count("changed", s.changed());
            count("unreachable", s.unreachable());
            count("failed", s.failed());
            count("skipped", s.skipped());
            count("ignored", s.ignored());
            out.append("</tr>\n");
        }
        out.append("</tbody></table>\n");
        if (!result.timeOutOfPool().isEmpty()) {
            out.append("<h3>Out of the load balancer during this run</h3>\n<table class=\"pool\"><tbody>");
            result.timeOutOfPool().forEach((server, took) -> out.append("<tr data-server=\"").append(escape(server))
                    .append("\" data-out-ms=\"").append(took.toMillis()).append("\"><th><code>").append(escape(server))
                    .append("</code></th><td>").append(Html.took(took)).append("</td></tr>"));
            out.append("</tbody></table>\n");
        }
        out.append("</section>\n");
    }

    private void count(String name, int value) {
        out.append("<td class=\"n").append(value > 0 ? " " + name : "").append("\" data-").append(name)
                .append("=\"").append(value).append("\">").append(value).append("</td>");
    }

    /** Every failed (also ignored) and unreachable step, with its exit code, message and output. */
    private void failures() {
        List<StepResult> failures = result.steps().stream()
                .filter(s -> s.status() == Status.FAILED || s.status() == Status.UNREACHABLE).toList();
        out.append("<section id=\"failures\" data-count=\"").append(failures.size()).append("\">\n<h2>Failures (")
                .append(failures.size()).append(")</h2>\n");
        if (failures.isEmpty()) {
            out.append("<p>No step failed and every host was reached.</p>\n</section>\n");
            return;
        }
        out.append("<table class=\"failures\"><thead><tr><th>host</th><th>play / task</th><th>status</th><th>rc</th>")
                .append("<th>message and output</th></tr></thead>\n<tbody>\n");
        for (StepResult step : failures) {
            out.append("<tr class=\"failure ").append(Timeline.colour(step)).append("\" data-host=\"")
                    .append(escape(step.host())).append("\" data-play=\"").append(escape(step.play()))
                    .append("\" data-task=\"").append(escape(step.task())).append("\" data-status=\"")
                    .append(step.status().word()).append("\" data-ignored=\"").append(step.ignored())
                    .append("\" data-rc=\"").append(rc(step)).append("\"><th>").append(escape(step.host()))
                    .append("</th><td><span class=\"play-name\">").append(escape(step.play()))
                    .append("</span><br>").append(escape(step.task())).append("</td><td>")
                    .append(step.status().word()).append(step.ignored() ? " (ignored)" : "").append("</td><td>")
                    .append(rc(step)).append("</td><td>");
            step.message().ifPresent(m -> out.append("<p class=\"msg\">").append(escape(m)).append("</p>"));
            output("stdout", step.stdout());
            output("stderr", step.stderr());
            for (ItemResult item : step.items()) {
                if (item.status() == Status.FAILED || item.status() == Status.UNREACHABLE) {
                    out.append("<p class=\"item\">item <code>").append(escape(item.label())).append("</code>: ")
                            .append(item.status().word())
                            .append(item.rc().isPresent() ? " rc=" + item.rc().getAsInt() : "")
                            .append(item.message().map(m -> " " + escape(m)).orElse("")).append("</p>");
                    output("stdout", item.stdout());
                    output("stderr", item.stderr());
                }
            }
            out.append("</td></tr>\n");
        }
        out.append("</tbody></table>\n</section>\n");
    }

    private static String rc(StepResult step) {
        return step.rc().isPresent() ? Integer.toString(step.rc().getAsInt()) : "";
    }

    private void output(String stream, String text) {
        if (text == null || text.isEmpty()) {
            return;
        }
        out.append("<div class=\"output ").append(stream).append("\" data-length=\"").append(text.length())
                .append("\"><span class=\"stream\">").append(stream)
                .append(text.length() > Html.SHOWN_WHOLE ? ", " + text.length() + " characters, shortened" : "")
                .append("</span><pre>").append(escape(Html.shorten(text))).append("</pre></div>");
    }

    private static String resource(String name) {
        try (InputStream in = HtmlPage.class.getResourceAsStream("/herd/engine/report/" + name)) {
            if (in == null) {
                throw new IllegalStateException("the resource herd/engine/report/" + name + " is missing from herd's jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
