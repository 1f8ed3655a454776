package herd.engine.report;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

import herd.engine.event.Event;
import herd.engine.event.Listener;
import herd.engine.event.RunResult;
import herd.engine.event.Status;
import herd.engine.event.StepResult;

/**
 * Writes the run as JUnit XML when it finishes: a testsuite per play, a testcase per host and task.
 * Failures carry the exit code and stderr; unreachable hosts are errors (Ansible's junit callback
 * leaves them out); skipped steps are skipped; an ignored failure passes with its output.
 */
public final class JunitReporter implements Listener {
    private final Path file;

    /** Fails at once (an {@code UncheckedIOException}) when the report could not be written at the end of the run. */
    public JunitReporter(Path file) {
        ReportFile.probe(file, "JUnit report");
        this.file = file;
    }

    @Override
    public void on(Event event) {
        if (event instanceof Event.RunFinished finished) {
            write(finished.result());
        }
    }

    private void write(RunResult result) {
        ReportFile.write(file, "JUnit report", out -> {
            XMLStreamWriter xml = XMLOutputFactory.newFactory().createXMLStreamWriter(out, "UTF-8");
            document(xml, result);
            xml.close();
        });
    }

    private static void document(XMLStreamWriter xml, RunResult result) throws XMLStreamException {
        Map<String, List<StepResult>> plays = new LinkedHashMap<>();
        for (StepResult step : result.steps()) {
            plays.computeIfAbsent(step.play(), p -> new ArrayList<>()).add(step);
        }
        xml.writeStartDocument("UTF-8", "1.0");
        xml.writeStartElement("testsuites");
        xml.writeAttribute("name", result.playbook());
        counts(xml, result.steps());
        xml.writeAttribute("time", seconds(result.duration().toNanos()));
        for (Map.Entry<String, List<StepResult>> play : plays.entrySet()) {
            xml.writeStartElement("testsuite");
            xml.writeAttribute("name", play.getKey());
            counts(xml, play.getValue());
            xml.writeAttribute("time", seconds(play.getValue().stream().mapToLong(s -> s.duration().toNanos()).sum()));
            xml.writeAttribute("timestamp", result.start().toString());
            for (StepResult step : play.getValue()) {
                testcase(xml, step);
            }
            xml.writeEndElement();
        }
        xml.writeEndElement();
        xml.writeEndDocument();
    }

    private static void counts(XMLStreamWriter xml, List<StepResult> steps) throws XMLStreamException {
        xml.writeAttribute("tests", Integer.toString(steps.size()));
        xml.writeAttribute("failures", Long.toString(steps.stream().filter(JunitReporter::failed).count()));
        xml.writeAttribute("errors", Long.toString(steps.stream().filter(s -> s.status() == Status.UNREACHABLE).count()));
        xml.writeAttribute("skipped", Long.toString(steps.stream().filter(s -> s.status() == Status.SKIPPED).count()));
    }

    private static boolean failed(StepResult step) {
        return step.failed();
    }

    private static void testcase(XMLStreamWriter xml, StepResult step) throws XMLStreamException {
        xml.writeStartElement("testcase");
        xml.writeAttribute("classname", step.play() + "." + step.host());
        xml.writeAttribute("name", "[" + step.host() + "] " + step.task());
        xml.writeAttribute("time", seconds(step.duration().toNanos()));
        String rc = step.rc().isPresent() ? "rc=" + step.rc().getAsInt() : "no exit code";
        String message = step.message().map(m -> m + " (" + rc + ")").orElse(rc);
        if (failed(step)) {
            element(xml, "failure", message, "failed", rc + "\n" + step.stderr());
        } else if (step.status() == Status.UNREACHABLE) {
            element(xml, "error", step.message().orElse("unreachable"), "unreachable", step.stderr());
        } else if (step.status() == Status.SKIPPED) {
            xml.writeEmptyElement("skipped");
            xml.writeAttribute("message", clean(step.message().orElse("skipped")));
        }
        if (!step.stdout().isEmpty()) {
            xml.writeStartElement("system-out");
            xml.writeCharacters(clean(step.stdout()));
            xml.writeEndElement();
        }
        if (!step.stderr().isEmpty()) {
            xml.writeStartElement("system-err");
            xml.writeCharacters(clean(step.stderr()));
            xml.writeEndElement();
        }
        xml.writeEndElement();
    }

    private static void element(XMLStreamWriter xml, String name, String message, String type, String text)
            throws XMLStreamException {
        xml.writeStartElement(name);
        xml.writeAttribute("message", clean(message));
        xml.writeAttribute("type", type);
        xml.writeCharacters(clean(text));
        xml.writeEndElement();
    }

    /** Characters XML 1.0 cannot hold (control characters from a command's output) become '?'. */
    private static String clean(String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(c -> out.appendCodePoint(
                c == 0x9 || c == 0xA || c == 0xD || c >= 0x20 && c <= 0xD7FF || c >= 0xE000 && c <= 0xFFFD
                        || c >= 0x10000 && c <= 0x10FFFF ? c : '?'));
        return out.toString();
    }

    private static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.3f", nanos / 1e9);
    }
}
