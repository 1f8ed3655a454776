package herd.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import javax.imageio.ImageIO;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * --html: a real run on local hosts, its page opened in headless Chromium, and what the browser
 * rendered compared with the JSON report of the same run.
 */
class HtmlReportTest {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final int WIDTH = 1280;
    private static final int HEIGHT = 1024;
    /** The status colours of the report's stylesheet, as the screenshot must show them. */
    private static final Map<String, Integer> COLOURS = Map.of("ok", 0x2e9d46, "changed", 0xe2a400,
            "failed", 0xd32f2f, "skipped", 0x3f9fd0, "unreachable", 0x8e24aa);

    @TempDir
    Path dir;

    private JsonNode json;
    private String html;

    @BeforeEach
    void run() throws IOException {
        Path inv = dir.resolve("inv.yml");
        Files.writeString(inv, """
                all:
                  vars:
                    ansible_connection: local
                  children:
                    web:
                      hosts:
                        w1:
                        w2:
                        w3:
                        w4:
                        w5:
                    away:
                      hosts:
                        gone:
                          ansible_connection: ssh
                          ansible_host: 127.0.0.1
                          ansible_port: 1
                """);
        Path pb = dir.resolve("pb.yml");
        Files.writeString(pb, """
                - name: roll <web>
                  hosts: web
                  gather_facts: false
                  serial: 2
                  tasks:
                    - name: greet <i>{{ inventory_hostname }}</i>
                      command: echo "hello & <b>bold</b>"
                      changed_when: false
                    - name: work a little
                      command: sleep 0.3
                    - name: only on w2
                      command: "true"
                      when: inventory_hostname == 'w2'
                    - name: may fail on w3
                      shell: test {{ inventory_hostname }} != w3 || { echo '<script>alert(1)</script> & "q"' >&2; exit 7; }
                      ignore_errors: true
                - name: final check
                  hosts: all
                  gather_facts: false
                  tasks:
                    - name: check
                      shell: test {{ inventory_hostname }} != w4 || { seq 1 3000 >&2; exit 3; }
                    - name: after
                      command: echo done
                """);
        Path jsonFile = dir.resolve("out/run.json");
        Path htmlFile = dir.resolve("out/run.html");
        CliRun r = CliRun.of("run", pb.toString(), "-i", inv.toString(), "-T", "2", "--known-hosts",
                dir.resolve("none").toString(), "--json", jsonFile.toString(), "--html", htmlFile.toString());
        assertEquals(2, r.exitCode(), r::toString);
        json = new ObjectMapper().readTree(jsonFile.toFile());
        html = Files.readString(htmlFile);
    }

    @Test
    void thePageAsChromiumRendersItHasTheJsonReportsNumbers() throws Exception {
        Dom.Element page = Dom.parse(browser("--dump-dom", dir.resolve("out/run.html")));

        Dom.Element header = page.byId("run");
        assertEquals(json.get("exit_code").asText(), header.attr("data-exit-code"));
        assertEquals(json.get("playbook").asText(), header.attr("data-playbook"));
        assertEquals(json.get("duration_ms").asText(), header.attr("data-duration-ms"));

        List<String> hosts = new ArrayList<>();
        json.get("stats").fieldNames().forEachRemaining(hosts::add);
        assertEquals(List.of("w1", "w2", "w3", "w4", "w5", "gone"), hosts);

        // the recap: a row per host, a cell per count, the JSON report's numbers
        List<Dom.Element> rows = page.byId("recap").all(e -> e.tag.equals("tr") && e.attr("data-host") != null);
        assertEquals(hosts, rows.stream().map(e -> e.attr("data-host")).toList());
        for (Dom.Element row : rows) {
            JsonNode stats = json.get("stats").get(row.attr("data-host"));
            for (String count : List.of("ok", "changed", "failed", "skipped", "unreachable", "ignored")) {
                List<Dom.Element> cell = row.all(e -> e.attr("data-" + count) != null);
                assertEquals(1, cell.size(), count);
                assertEquals(stats.get(count).asText(), cell.get(0).attr("data-" + count), row.attr("data-host") + " " + count);
                assertEquals(stats.get(count).asText(), cell.get(0).text());
            }
        }

        // the timeline: a lane per host, in recap order, with a bar per step of that host
        Dom.Element timeline = page.byId("timeline");
        List<Dom.Element> lanes = timeline.all(e -> e.hasClass("lane") && e.hasClass("host"));
        assertEquals(hosts, lanes.stream().map(e -> e.attr("data-host")).toList());
        assertEquals(json.get("steps").size(), timeline.byClass("bar").size());
        for (Dom.Element lane : lanes) {
            List<String> expected = new ArrayList<>();
            for (JsonNode step : json.get("steps")) {
                if (step.get("host").asText().equals(lane.attr("data-host"))) {
                    expected.add(step.get("task").asText() + " | " + step.get("status").asText() + " | "
                            + step.get("duration_ms").asText() + " ms | rc " + step.get("rc").asText("") + " | ignored "
                            + step.get("ignored").asText());
                }
            }
            List<String> bars = lane.byClass("bar").stream().map(b -> b.attr("data-task") + " | " + b.attr("data-status")
                    + " | " + b.attr("data-duration-ms") + " ms | rc " + b.attr("data-rc") + " | ignored "
                    + b.attr("data-ignored")).toList();
            assertEquals(expected, bars, lane.attr("data-host"));
            assertFalse(bars.isEmpty());
        }
        List<String> w3 = lanes.get(2).byClass("bar").stream().map(b -> b.attr("data-task") + " " + b.attr("data-status")).toList();
        assertEquals(List.of("greet <i>w3</i> ok", "work a little changed", "only on w2 skipped",
                "may fail on w3 failed", "check changed", "after changed"), w3);

        // the batches of the roll: three, in order, each after the one before on the shared axis
        List<Dom.Element> batches = timeline.byClass("batch");
        assertEquals(List.of("roll <web> 1/3 [w1 w2]", "roll <web> 2/3 [w3 w4]", "roll <web> 3/3 [w5]"),
                batches.stream().map(b -> b.attr("data-play") + " " + b.attr("data-batch") + "/" + b.attr("data-batches")
                        + " [" + b.attr("data-hosts") + "]").toList());
        assertEquals(List.of("batch 1/3", "batch 2/3", "batch 3/3"), batches.stream().map(Dom.Element::text).toList());
        for (int i = 1; i < batches.size(); i++) {
            long previousEnd = Long.parseLong(batches.get(i - 1).attr("data-start-ms"))
                    + Long.parseLong(batches.get(i - 1).attr("data-duration-ms"));
            assertTrue(Long.parseLong(batches.get(i).attr("data-start-ms")) >= previousEnd, "batch " + (i + 1));
        }
        assertEquals(3, timeline.byClass("band").size(), "a shaded band per batch");
        for (Dom.Element lane : lanes.subList(0, 5)) {
            String expectedBatch = Integer.toString(hosts.indexOf(lane.attr("data-host")) / 2 + 1);
            lane.byClass("bar").stream().filter(b -> b.attr("data-play").equals("roll <web>"))
                    .forEach(b -> assertEquals(expectedBatch, b.attr("data-batch"), lane.attr("data-host")));
        }
        assertEquals(List.of("roll <web>", "final check"),
                timeline.byClass("play").stream().map(p -> p.attr("data-play")).toList());

        // the failures: every failed or unreachable step of the JSON report, escaped, long output shortened
        List<JsonNode> failed = new ArrayList<>();
        json.get("steps").forEach(s -> {
            if (List.of("failed", "unreachable").contains(s.get("status").asText())) {
                failed.add(s);
            }
        });
        Dom.Element failures = page.byId("failures");
        List<Dom.Element> failureRows = failures.byClass("failure");
        assertEquals(failed.size(), failureRows.size());
        assertEquals(Integer.toString(failed.size()), failures.attr("data-count"));
        // w4 and gone fail in the same task: which one finishes first varies, so compare as sets
        assertEquals(java.util.Set.of("w3 may fail on w3 failed ignored=true rc=7", "w4 check failed ignored=false rc=3",
                "gone check unreachable ignored=false rc="),
                failureRows.stream().map(f -> f.attr("data-host") + " " + f.attr("data-task") + " " + f.attr("data-status")
                        + " ignored=" + f.attr("data-ignored") + " rc=" + f.attr("data-rc"))
                        .collect(java.util.stream.Collectors.toSet()));
        assertTrue(failureRows.get(0).text().contains("<script>alert(1)</script> & \"q\""), failureRows.get(0).text());
        String longErr = failed.stream().filter(f -> f.get("host").asText().equals("w4")).findFirst().orElseThrow()
                .get("stderr").asText();
        Dom.Element stderr = failureRows.stream().filter(f -> f.attr("data-host").equals("w4")).findFirst().orElseThrow()
                .byClass("stderr").get(0);
        assertEquals(Integer.toString(longErr.length()), stderr.attr("data-length"));
        assertTrue(stderr.text().contains("[... " + (longErr.length() - 4000) + " of " + longErr.length()
                + " characters left out ...]"), stderr.text());
        assertTrue(stderr.text().endsWith(longErr.substring(longErr.length() - 3000)));
        String goneMsg = failed.stream().filter(f -> f.get("host").asText().equals("gone")).findFirst().orElseThrow()
                .get("msg").asText();
        Dom.Element goneRow = failureRows.stream().filter(f -> f.attr("data-host").equals("gone")).findFirst().orElseThrow();
        assertTrue(goneRow.text().contains(goneMsg), goneRow.text());

        // escaping: what came from the playbook and the hosts made no element
        for (String tag : List.of("script", "b", "i", "img")) {
            assertTrue(page.all(e -> e.tag.equals(tag)).isEmpty(), tag + " element in the page");
        }
        assertTrue(page.all(e -> e.attr("id") != null && e.attr("id").equals("out-of-pool")).isEmpty());
    }

    @Test
    void thePageIsSelfContainedAndChromiumPaintsTheTimeline() throws Exception {
        for (String outside : List.of("http:", "https:", "url(", "@import", "src=", "<link", "<script")) {
            assertFalse(html.contains(outside), outside + " in the page");
        }
        Path png = dir.resolve("shot.png");
        browser("--screenshot=" + png, dir.resolve("out/run.html"));
        BufferedImage image = ImageIO.read(png.toFile());
        assertEquals(WIDTH, image.getWidth());
        assertEquals(HEIGHT, image.getHeight());
        Map<Integer, Integer> pixels = new HashMap<>();
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                pixels.merge(image.getRGB(x, y) & 0xffffff, 1, Integer::sum);
            }
        }
        assertTrue(pixels.size() > 50, "a page of one colour or little more: " + pixels.size() + " colours");
        for (Map.Entry<String, Integer> colour : COLOURS.entrySet()) {
            assertTrue(pixels.getOrDefault(colour.getValue(), 0) > 0, colour.getKey() + " is nowhere in the screenshot");
        }
        // a legend swatch has about 200 pixels; the bars of the steps that changed (every "sleep 0.3"
        // among them) cover many thousands, however long the run took
        int changed = pixels.getOrDefault(COLOURS.get("changed"), 0);
        assertTrue(changed > 2000, "the changed bars cover " + changed + " pixels");
    }

    /**
     * Runs headless Chromium on the file and returns what it printed. It gets its own profile folder,
     * opens only the file, and cannot reach a network: every name resolves to nothing, and a proxy
     * on a closed loopback port takes whatever it might still try.
     */
    private String browser(String action, Path page) throws IOException, InterruptedException {
        if (!Files.isExecutable(CHROMIUM)) {
            fail("headless Chromium is missing (" + CHROMIUM + "): run bin/install-deps");
        }
        Path profile = Files.createDirectories(dir.resolve("chromium-profile"));
        Path out = dir.resolve("chromium.out");
        Path err = dir.resolve("chromium.err");
        ProcessBuilder builder = new ProcessBuilder(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--user-data-dir=" + profile, "--no-first-run", "--no-default-browser-check",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-extensions", "--disable-default-apps", "--disable-domain-reliability",
                "--host-resolver-rules=MAP * ~NOTFOUND", "--proxy-server=127.0.0.1:1",
                "--hide-scrollbars", "--window-size=" + WIDTH + "," + HEIGHT, action,
                page.toAbsolutePath().toUri().toString());
        builder.environment().put("HOME", profile.toString());
        builder.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process chromium = builder.start();
        try {
            if (!chromium.waitFor(120, TimeUnit.SECONDS)) {
                fail("chromium did not finish within 120 s:\n" + Files.readString(err));
            }
        } finally {
            chromium.descendants().forEach(ProcessHandle::destroyForcibly);
            chromium.destroyForcibly();
        }
        assertEquals(0, chromium.exitValue(), () -> "chromium failed: " + readQuietly(err));
        return Files.readString(out);
    }

    private static String readQuietly(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return e.toString();
        }
    }
}
