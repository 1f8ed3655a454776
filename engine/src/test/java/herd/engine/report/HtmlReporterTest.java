package herd.engine.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import herd.engine.event.Event;
import herd.engine.event.HostStats;
import herd.engine.event.ItemResult;
import herd.engine.event.RunResult;
import herd.engine.event.Status;
import herd.engine.event.StepResult;

/** The HTML report from events fed by hand: escaping, the failure table, batches, the recap, the pool. */
class HtmlReporterTest {
    private static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");

    @TempDir
    Path dir;

    private final List<Event> events = new ArrayList<>();
    private final List<StepResult> steps = new ArrayList<>();

    private static StepResult step(String host, String play, String task, Status status, Integer rc, String stdout,
                                   String stderr, String msg, boolean ignored, long startMs, long durationMs) {
        return new StepResult(host, play, task, status, rc == null ? OptionalInt.empty() : OptionalInt.of(rc), stdout,
                stderr, Optional.ofNullable(msg), ignored, T0.plusMillis(startMs), Duration.ofMillis(durationMs), List.of());
    }

    private static StepResult ok(String host, String play, String task, long startMs, long durationMs) {
        return step(host, play, task, Status.CHANGED, 0, "", "", null, false, startMs, durationMs);
    }

    private void finished(StepResult step) {
        steps.add(step);
        events.add(new Event.StepFinished(step));
    }

    /** Feeds the events so far and a RunFinished of the given duration, and returns the page. */
    private String page(long durationMs, List<String> outOfPool, Map<String, Duration> timeOutOfPool) throws IOException {
        Map<String, HostStats> stats = new LinkedHashMap<>();
        for (StepResult s : steps) {
            stats.merge(s.host(), HostStats.ZERO.plus(s), (old, one) -> old.plus(s));
        }
        RunResult result = new RunResult("playbooks/<roll>.yml", T0, Duration.ofMillis(durationMs), steps, stats, false,
                outOfPool, timeOutOfPool);
        Path file = dir.resolve("report/run.html");
        HtmlReporter reporter = new HtmlReporter(file);
        reporter.on(new Event.RunStarted(result.playbook(), T0));
        events.forEach(reporter::on);
        reporter.on(new Event.RunFinished(result));
        return Files.readString(file);
    }

    private String page(long durationMs) throws IOException {
        return page(durationMs, List.of(), Map.of());
    }

    /** The opening tags of the elements with this class, as written. */
    private static List<String> tags(String page, String cssClass) {
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile("<[a-z]+ class=\"" + Pattern.quote(cssClass) + "[\" ][^>]*>").matcher(page);
        while (m.find()) {
            out.add(m.group());
        }
        return out;
    }

    @Test
    void everythingFromHostsAndPlaybooksIsEscaped() throws IOException {
        String host = "<b>web&1</b>";
        String task = "<script>alert('x')</script>";
        events.add(new Event.PlayStarted("play \"<i>\"", List.of(host)));
        finished(step(host, "play \"<i>\"", task, Status.FAILED, 1, "</pre><img src=x onerror=alert(1)>",
                "\u001b[31mred\u001b[0m\u0000", "a \"quoted\" <msg>", false, 0, 10));
        String page = page(20);

        for (String raw : List.of("<b>", "<i>", "<script", "<img", "</pre><img", "\u001b", "\u0000")) {
            assertFalse(page.contains(raw), () -> raw + " reached the page raw:\n" + page);
        }
        assertTrue(page.contains("<title>herd: playbooks/&lt;roll&gt;.yml (exit 2)</title>"), page);
        assertTrue(page.contains("data-host=\"&lt;b&gt;web&amp;1&lt;/b&gt;\" data-play=\"play &quot;&lt;i&gt;&quot;\""
                + " data-task=\"&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;\""), page);
        assertTrue(page.contains("<pre>&lt;/pre&gt;&lt;img src=x onerror=alert(1)&gt;</pre>"), page);
        assertTrue(page.contains("<pre>\uFFFD[31mred\uFFFD[0m\uFFFD</pre>"), page);
        assertTrue(page.contains("<p class=\"msg\">a &quot;quoted&quot; &lt;msg&gt;</p>"), page);
    }

    @Test
    void failureTableHoldsFailedIgnoredAndUnreachableStepsWithTheirOutput() throws IOException {
        events.add(new Event.PlayStarted("checks", List.of("a", "b", "c")));
        finished(ok("a", "checks", "greet", 0, 5));
        finished(step("b", "checks", "greet", Status.FAILED, 3, "partial", "broken", "non-zero return code", false, 0, 7));
        finished(step("c", "checks", "greet", Status.UNREACHABLE, null, "", "", "connection refused by 127.0.0.1:1",
                false, 0, 2));
        finished(step("a", "checks", "may fail", Status.FAILED, 1, "", "meh", "non-zero return code", true, 10, 4));
        finished(step("a", "checks", "only on b", Status.SKIPPED, null, "", "", "when: false", false, 20, 0));
        String page = page(30);

        assertTrue(page.contains("<section id=\"failures\" data-count=\"3\">\n<h2>Failures (3)</h2>"), page);
        assertEquals(List.of(
                "<tr class=\"failure failed\" data-host=\"b\" data-play=\"checks\" data-task=\"greet\" data-status=\"failed\" data-ignored=\"false\" data-rc=\"3\">",
                "<tr class=\"failure unreachable\" data-host=\"c\" data-play=\"checks\" data-task=\"greet\" data-status=\"unreachable\" data-ignored=\"false\" data-rc=\"\">",
                "<tr class=\"failure ignored\" data-host=\"a\" data-play=\"checks\" data-task=\"may fail\" data-status=\"failed\" data-ignored=\"true\" data-rc=\"1\">"),
                tags(page, "failure"));
        assertTrue(page.contains("<td>failed</td><td>3</td><td><p class=\"msg\">non-zero return code</p>"
                + "<div class=\"output stdout\" data-length=\"7\"><span class=\"stream\">stdout</span><pre>partial</pre></div>"
                + "<div class=\"output stderr\" data-length=\"6\"><span class=\"stream\">stderr</span><pre>broken</pre></div>"
                + "</td></tr>"), page);
        assertTrue(page.contains("<td>unreachable</td><td></td><td><p class=\"msg\">connection refused by 127.0.0.1:1</p></td>"),
                page);
        assertTrue(page.contains("<td>failed (ignored)</td><td>1</td>"), page);
    }

    @Test
    void failedItemsOfALoopShowTheirOutput() throws IOException {
        events.add(new Event.PlayStarted("loop", List.of("a")));
        StepResult looped = new StepResult("a", "loop", "each", Status.FAILED, OptionalInt.empty(), "", "",
                Optional.empty(), false, T0, Duration.ofMillis(9), List.of(
                new ItemResult("one", Status.CHANGED, OptionalInt.of(0), "fine", "", Optional.empty()),
                new ItemResult("<two>", Status.FAILED, OptionalInt.of(4), "", "no such <file>", Optional.empty())));
        finished(looped);
        String page = page(10);

        assertTrue(page.contains("<p class=\"item\">item <code>&lt;two&gt;</code>: failed rc=4</p>"
                + "<div class=\"output stderr\" data-length=\"14\"><span class=\"stream\">stderr</span>"
                + "<pre>no such &lt;file&gt;</pre></div>"), page);
        assertFalse(page.contains("<pre>fine</pre>"), "the output of an item that went well is not a failure's");
        assertTrue(page.contains("title=\"each\na: failed, 9 ms\nloop\n- one: changed\n- &lt;two&gt;: failed\""), page);
    }

    @Test
    void longOutputIsShortenedAroundALineThatSaysHowMuchWasLeftOut() throws IOException {
        String head = "h".repeat(Html.HEAD);
        String middle = "m".repeat(6000);
        String tail = "t".repeat(Html.TAIL);
        events.add(new Event.PlayStarted("p", List.of("a")));
        finished(step("a", "p", "noisy", Status.FAILED, 2, "", head + middle + tail, null, false, 0, 1));
        String page = page(1);

        assertTrue(page.contains("<div class=\"output stderr\" data-length=\"10000\"><span class=\"stream\">stderr,"
                + " 10000 characters, shortened</span><pre>" + head + "\n[... 6000 of 10000 characters left out ...]\n"
                + tail + "</pre></div>"), page);
        assertFalse(page.contains("m".repeat(10)));
        assertEquals("x".repeat(Html.SHOWN_WHOLE), Html.shorten("x".repeat(Html.SHOWN_WHOLE)));
    }

    @Test
    void batchesOfARollAreLabelledAndShadedOnTheSharedAxis() throws IOException {
        events.add(new Event.PlayStarted("roll", List.of("a", "b", "c")));
        events.add(new Event.BatchStarted("roll", 1, 2, List.of("a", "b")));
        finished(ok("a", "roll", "restart", 0, 100));
        finished(ok("b", "roll", "restart", 50, 200));
        events.add(new Event.BatchFinished("roll", 1, 2, List.of(), Duration.ofMillis(250)));
        events.add(new Event.BatchStarted("roll", 2, 2, List.of("c")));
        finished(step("c", "roll", "restart", Status.FAILED, 1, "", "", null, false, 500, 250));
        events.add(new Event.BatchFinished("roll", 2, 2, List.of("c"), Duration.ofMillis(250)));
        events.add(new Event.PlayAborted("roll", "the roll stops because c failed"));
        String page = page(1000);

        assertEquals(List.of(
                "<div class=\"batch\" data-play=\"roll\" data-batch=\"1\" data-batches=\"2\" data-hosts=\"a b\" data-failed=\"\""
                        + " data-start-ms=\"0\" data-duration-ms=\"250\" style=\"left:0.000%;width:25.000%\""
                        + " title=\"roll: batch 1 of 2\na, b\n250 ms\">",
                "<div class=\"batch failed\" data-play=\"roll\" data-batch=\"2\" data-batches=\"2\" data-hosts=\"c\" data-failed=\"c\""
                        + " data-start-ms=\"500\" data-duration-ms=\"250\" style=\"left:50.000%;width:25.000%\""
                        + " title=\"roll: batch 2 of 2\nc\n250 ms\nfailed: c\">"),
                tags(page, "batch"));
        assertTrue(page.contains(">batch 1/2</div>"), page);
        assertEquals(List.of("<div class=\"band\" style=\"left:0.000%;width:25.000%\">",
                "<div class=\"band even\" style=\"left:50.000%;width:25.000%\">"),
                List.of(tags(page, "band").get(0), tags(page, "band even").get(0)));
        assertEquals(List.of(
                "<div class=\"bar s-changed\" data-host=\"a\" data-play=\"roll\" data-task=\"restart\" data-status=\"changed\""
                        + " data-ignored=\"false\" data-rc=\"0\" data-start-ms=\"0\" data-duration-ms=\"100\" data-batch=\"1\""
                        + " style=\"left:0.000%;width:10.000%\" title=\"restart\na: changed, 100 ms, rc=0\nroll (batch 1 of 2)\">",
                "<div class=\"bar s-changed\" data-host=\"b\" data-play=\"roll\" data-task=\"restart\" data-status=\"changed\""
                        + " data-ignored=\"false\" data-rc=\"0\" data-start-ms=\"50\" data-duration-ms=\"200\" data-batch=\"1\""
                        + " style=\"left:5.000%;width:20.000%\" title=\"restart\nb: changed, 200 ms, rc=0\nroll (batch 1 of 2)\">",
                "<div class=\"bar s-failed\" data-host=\"c\" data-play=\"roll\" data-task=\"restart\" data-status=\"failed\""
                        + " data-ignored=\"false\" data-rc=\"1\" data-start-ms=\"500\" data-duration-ms=\"250\" data-batch=\"2\""
                        + " style=\"left:50.000%;width:25.000%\" title=\"restart\nc: failed, 250 ms, rc=1\nroll (batch 2 of 2)\">"),
                tags(page, "bar"));
        assertTrue(page.contains("<section id=\"stops\" class=\"warning\"><h2>Stopped early</h2>"
                + "<ul><li>roll: play stopped: the roll stops because c failed</li></ul></section>"), page);
        assertEquals(3, tags(page, "lane host").size(), "one lane per host");
    }

    @Test
    void aPlayWithoutBatchesHasNoBatchLaneAndTheAxisHasRoundTicks() throws IOException {
        events.add(new Event.PlayStarted("plain", List.of("a")));
        finished(ok("a", "plain", "one", 0, 400));
        String page = page(1000);

        assertTrue(tags(page, "batch").isEmpty(), page);
        assertFalse(page.contains("lane batches"), page);
        assertTrue(page.contains("<div class=\"play\" data-play=\"plain\" data-start-ms=\"0\" data-duration-ms=\"400\""
                + " style=\"left:0.000%;width:40.000%\" title=\"plain\n1 hosts, 400 ms\">plain</div>"), page);
        assertTrue(page.contains("<span class=\"tick\" style=\"left:0.000%\">0 ms</span>"
                + "<span class=\"tick\" style=\"left:20.000%\">200 ms</span>"), page);
        assertTrue(page.contains("<span class=\"tick\" style=\"left:100.000%\">1 s</span>"), page);
    }

    @Test
    void recapAndHeaderCarryTheRunsNumbers() throws IOException {
        events.add(new Event.PlayStarted("p", List.of("a", "b")));
        finished(ok("a", "p", "x", 0, 1));
        finished(step("a", "p", "y", Status.OK, 0, "", "", null, false, 1, 1));
        finished(step("a", "p", "z", Status.SKIPPED, null, "", "", null, false, 2, 0));
        finished(step("a", "p", "w", Status.FAILED, 1, "", "", null, true, 3, 1));
        finished(step("b", "p", "x", Status.UNREACHABLE, null, "", "", "gone", false, 0, 1));
        String page = page(1234);

        assertTrue(page.contains("<tr class=\"changed\" data-host=\"a\"><th>a</th><td class=\"n ok\" data-ok=\"3\">3</td>"
                + "<td class=\"n changed\" data-changed=\"1\">1</td><td class=\"n\" data-unreachable=\"0\">0</td>"
                + "<td class=\"n\" data-failed=\"0\">0</td><td class=\"n skipped\" data-skipped=\"1\">1</td>"
                + "<td class=\"n ignored\" data-ignored=\"1\">1</td></tr>"), page);
        assertTrue(page.contains("<tr class=\"bad\" data-host=\"b\"><th>b</th><td class=\"n\" data-ok=\"0\">0</td>"
                + "<td class=\"n\" data-changed=\"0\">0</td><td class=\"n unreachable\" data-unreachable=\"1\">1</td>"), page);
        assertTrue(page.contains("<header id=\"run\" data-playbook=\"playbooks/&lt;roll&gt;.yml\""
                + " data-start=\"2026-11-26T10:00:00Z\" data-duration-ms=\"1234\" data-exit-code=\"3\" data-interrupted=\"false\">"),
                page);
        assertTrue(page.contains("<dt>took</dt><dd>1.234 s</dd><dt>exit code</dt>"
                + "<dd class=\"exit bad\">3: a host was unreachable and none failed</dd>"), page);
        assertTrue(page.contains("<li data-status=\"ignored\" data-count=\"1\">"), page);
        assertTrue(page.contains("<li data-status=\"changed\" data-count=\"1\">"), page);
    }

    @Test
    void serversLeftOutOfThePoolComeFirstAndLoud() throws IOException {
        events.add(new Event.PlayStarted("roll", List.of("app1")));
        finished(step("app1", "roll", "client2 | wait until it answers 200", Status.FAILED, 1, "", "", null, false, 0, 5));
        String page = page(10, List.of("plone/app1_client2: MAINT"),
                Map.of("plone/app1_client2", Duration.ofMillis(12_300)));

        int alarm = page.indexOf("<section id=\"out-of-pool\" class=\"alarm\" role=\"alert\" data-count=\"1\">");
        assertTrue(alarm > 0 && alarm < page.indexOf("<section id=\"recap\">"), page);
        assertTrue(page.contains("<li data-server=\"plone/app1_client2: MAINT\"><code>plone/app1_client2: MAINT</code>,"
                + " out for 12.300 s</li>"), page);
        assertTrue(page.contains("<tr data-server=\"plone/app1_client2\" data-out-ms=\"12300\">"), page);
    }

    @Test
    void aCleanRunHasNoAlarmAndThePageLoadsNothingFromOutside() throws IOException {
        events.add(new Event.PlayStarted("p", List.of("a")));
        finished(ok("a", "p", "x", 0, 1));
        String page = page(2);

        assertFalse(page.contains("out-of-pool"), page);
        assertTrue(page.contains("<p>No step failed and every host was reached.</p>"), page);
        assertTrue(page.contains("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none';"
                + " style-src 'unsafe-inline'\">"), page);
        for (String outside : List.of("http:", "https:", "//", "url(", "@import", "src=", "<link", "<script")) {
            assertFalse(page.contains(outside), () -> outside + " in the page");
        }
        try (var files = Files.list(dir.resolve("report"))) {
            assertEquals(List.of("run.html"), files.map(f -> f.getFileName().toString()).toList(),
                    "the page is written through a temporary file that is moved in place");
        }
    }
}
