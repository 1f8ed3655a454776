package herd.engine.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import herd.engine.event.Diff;

/** --diff output: Ansible's headers, three lines of context, the missing final newline said. */
class UnifiedDiffTest {
    @Test
    void changedLineWithContextAndHeaders() {
        Diff diff = new Diff("a\nb\nc\nd\ne\nf\ng\n", "a\nb\nc\nD\ne\nf\ng\n", Optional.of("/etc/app.conf"),
                Optional.of("/etc/app.conf"), Optional.empty());
        assertEquals(List.of("--- before: /etc/app.conf", "+++ after: /etc/app.conf", "@@ -1,7 +1,7 @@",
                "a", "b", "c", "-d", "+D", "e", "f", "g").size(), UnifiedDiff.lines(diff).size());
        assertEquals("--- before: /etc/app.conf", UnifiedDiff.lines(diff).get(0));
        assertEquals("+++ after: /etc/app.conf", UnifiedDiff.lines(diff).get(1));
        assertEquals(List.of("-d", "+D"), UnifiedDiff.lines(diff).subList(6, 8));
    }

    @Test
    void newFileWithoutFinalNewline() {
        Diff diff = new Diff("", "x=1", Optional.empty(), Optional.of("/tmp/new"), Optional.empty());
        List<String> lines = UnifiedDiff.lines(diff);
        assertEquals("--- before", lines.get(0));
        assertEquals("+++ after: /tmp/new", lines.get(1));
        assertEquals(List.of("+x=1", "\\ No newline at end of file"), lines.subList(3, 5));
    }

    @Test
    void sameTextGivesNothingButPreparedText() {
        assertEquals(List.of(), UnifiedDiff.lines(new Diff("a\n", "a\n", Optional.empty(), Optional.empty(),
                Optional.empty())));
        assertEquals(List.of("diff skipped: source file appears to be binary"), UnifiedDiff.lines(new Diff("", "",
                Optional.empty(), Optional.empty(), Optional.of("diff skipped: source file appears to be binary\n"))));
    }
}
