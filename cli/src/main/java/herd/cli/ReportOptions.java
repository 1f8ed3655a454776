package herd.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import herd.engine.event.Listener;
import herd.engine.report.ConsoleReporter;
import herd.engine.report.HtmlReporter;
import herd.engine.report.JsonReporter;
import herd.engine.report.JunitReporter;
import picocli.CommandLine.Option;

/** Where the run is reported: the console (coloured and live only on a terminal) and the report files. */
final class ReportOptions {
    @Option(names = "--json", paramLabel = "FILE", description = "Write the whole run as JSON to FILE.")
    Path json;

    @Option(names = "--junit", paramLabel = "FILE",
            description = "Write JUnit XML to FILE: a testsuite per play, a testcase per host and task.")
    Path junit;

    @Option(names = "--html", paramLabel = "FILE",
            description = "Write a self-contained HTML report to FILE: recap, a timeline per host, batches, failures.")
    Path html;

    @Option(names = "--no-color", description = "No colours in the output (NO_COLOR is honoured too).")
    boolean noColor;

    List<Listener> reporters(PrintWriter out) {
        List<Listener> listeners = new ArrayList<>();
        listeners.add(new ConsoleReporter(out, color(), live()));
        if (json != null) {
            listeners.add(new JsonReporter(json));
        }
        if (junit != null) {
            listeners.add(new JunitReporter(junit));
        }
        if (html != null) {
            listeners.add(new HtmlReporter(html));
        }
        return listeners;
    }

    /** A progress line at the bottom: only on a terminal that can redraw a line. */
    private static boolean live() {
        return Terminal.isInteractive() && !"dumb".equals(System.getenv("TERM"));
    }

    private boolean color() {
        return !noColor && System.getenv("NO_COLOR") == null && Terminal.isInteractive();
    }
}
