package herd.engine.text;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;

import org.junit.jupiter.api.Test;

/**
 * lineinfile, blockinfile and replace edits against what ansible-core 2.14's modules did to the
 * same files ({@code ansible localhost -m lineinfile -a ...} on temporary files): content, message,
 * changed.
 */
class TextEditsTest {
    private static String line(String content, String regexp, String search, String line, String after, String before,
                               boolean backrefs, boolean firstmatch) {
        if (after == null && before == null) {
            after = "EOF";
        }
        LineEdit.Result r = LineEdit.present(content, new LineEdit.Args(regexp, search, line, after, before, backrefs, firstmatch));
        return r.content() + "|" + r.msg() + "|" + r.changed();
    }

    private static String line(String content, String line) {
        return line(content, null, null, line, null, null, false, false);
    }

    @Test
    void lineinfileAddsAtTheEndAndReplacesWhatMatches() {
        assertEquals("a\nb\nc\n|line added|true", line("a\nb", "c"));
        assertEquals("a\nb\n|line replaced|true", line("a\nb", "b"), "the last line gets its newline");
        assertEquals("a\nb\n||false", line("a\nb\n", "b"));
        assertEquals("a\nx\n|line replaced|true", line("a\nb\n", "^b", null, "x", null, null, false, false));
        assertEquals("a\nb\nx\n|line replaced|true", line("a\nb\nb2\n", "^b", null, "x", null, null, false, false));
        assertEquals("a\nx\nb2\n|line replaced|true", line("a\nb\nb2\n", "^b", null, "x", null, null, false, true));
        assertEquals("a\r\nb\n|line replaced|true", line("a\r\nb\r\n", "b"));
        assertEquals("x\ny\n|line replaced|true", line("x\n  spaced\n", "^\\s+spaced$", null, "y", null, null, false, false));
        assertEquals("x\n|line added|true", line("", "x"));
    }

    @Test
    void lineinfileInsertsAfterAndBefore() {
        assertEquals("a\nx\nb\nc\n|line added|true", line("a\nb\nc\n", null, null, "x", "^a", null, false, false));
        assertEquals("a\nb\nx\nc\n|line added|true", line("a\nb\nc\n", null, null, "x", null, "^c", false, false));
        assertEquals("a\nb\na\nx\n|line added|true", line("a\nb\na\n", null, null, "x", "^a", null, false, false));
        assertEquals("a\nx\nb\na\n|line added|true", line("a\nb\na\n", null, null, "x", "^a", null, false, true));
        assertEquals("x\na\nb\nc\n|line added|true", line("a\nb\nc\n", null, null, "x", null, "BOF", false, false));
        assertEquals("a\nb\nc\nx\n|line added|true", line("a\nb\nc\n", null, null, "x", "^zz", null, false, false));
        assertEquals("a\nbx\n|line added|true", line("a\nb", null, null, "x", "^b", null, false, false),
                "Ansible's own quirk: no newline is added after a last line without one");
        assertEquals("a\nb\n||false", line("a\nb\n", null, null, "b", "^a", null, false, false));
    }

    @Test
    void lineinfileBackrefsAndSearchString() {
        assertEquals("key=1x\nother\n|line replaced|true",
                line("key=1\nother\n", "^key=(\\d+)", null, "key=\\1x", null, null, true, false));
        assertEquals("key=1x\nother\n|line replaced|true",
                line("key=1\nother\n", "^key=(?P<v>\\d+)$", null, "key=\\g<v>x", null, null, true, false));
        assertEquals("other\n||false", line("other\n", "^key=(\\d+)", null, "key=\\1x", null, null, true, false));
        assertEquals("a\nX\n|line replaced|true", line("a\nfoo bar\n", null, "o b", "X", null, null, false, false));
    }

    @Test
    void lineinfileAbsent() {
        LineEdit.Result r = LineEdit.absent("a\nb\na\n", new LineEdit.Args(null, null, "a", null, null, false, false));
        assertEquals("b\n|2 line(s) removed|2", r.content() + "|" + r.msg() + "|" + r.found());
        r = LineEdit.absent("a\nb\na\n", new LineEdit.Args("^[ab]", null, null, null, null, false, false));
        assertEquals("|3 line(s) removed|3", r.content() + "|" + r.msg() + "|" + r.found());
        r = LineEdit.absent("a\nfoo bar\n", new LineEdit.Args(null, "o b", null, null, null, false, false));
        assertEquals("a\n|1 line(s) removed", r.content() + "|" + r.msg());
        r = LineEdit.absent("a\n", new LineEdit.Args(null, null, "z", null, null, false, false));
        assertEquals("a\n||false", r.content() + "|" + r.msg() + "|" + r.changed());
    }

    @Test
    void lineinfileKeepsBytesThatAreNotUtf8() {
        String latin1 = ByteText.of(new byte[] {'a', (byte) 0xe9, '\n'});
        LineEdit.Result r = LineEdit.present(latin1, new LineEdit.Args(null, null, "é", "EOF", null, false, false));
        assertEquals(latin1 + ByteText.ofArgument("é") + "\n", r.content());
    }

    private static final String BEGIN = "# BEGIN ANSIBLE MANAGED BLOCK\n";
    private static final String END = "# END ANSIBLE MANAGED BLOCK\n";

    private static String block(String original, String block, String after, String before) {
        return block(original, true, block, "# {mark} ANSIBLE MANAGED BLOCK", "BEGIN", "END", after, before);
    }

    private static String block(String original, boolean present, String block, String marker, String begin, String end,
                                String after, String before) {
        BlockEdit.Result r = BlockEdit.edit(Optional.ofNullable(original),
                new BlockEdit.Args(present, block, marker, begin, end, after, before));
        return r.content() + "|" + r.msg() + "|" + r.changed();
    }

    @Test
    void blockinfileInsertsReplacesAndRemoves() {
        assertEquals("a\nb\n" + BEGIN + "hello\n" + END + "|Block inserted|true", block("a\nb\n", "hello", null, null));
        assertEquals("a\nb\n" + BEGIN + "x\ny\n" + END + "|Block inserted|true", block("a\nb", "x\ny", null, null));
        String old = "a\n" + BEGIN + "old\n" + END + "b\n";
        assertEquals("a\n" + BEGIN + "new\n" + END + "b\n|Block inserted|true", block(old, "new", null, null));
        assertEquals(old + "||false", block(old, "old", null, null));
        assertEquals("a\nb\n|Block removed|true", block(old, false, "", "# {mark} ANSIBLE MANAGED BLOCK", "BEGIN", "END", null, null));
        assertEquals("a\nb\n|Block removed|true", block(old, "", null, null));
        assertEquals(BEGIN + "X\n" + END + "|File created|true", block(null, "X", null, null));
    }

    @Test
    void blockinfilePlacesANewBlock() {
        assertEquals("a\n" + BEGIN + "X\n" + END + "b\nc\n|Block inserted|true", block("a\nb\nc\n", "X", "^a", null));
        assertEquals("a\nb\n" + BEGIN + "X\n" + END + "c\n|Block inserted|true", block("a\nb\nc\n", "X", null, "^c"));
        assertEquals(BEGIN + "X\n" + END + "a\nb\nc\n|Block inserted|true", block("a\nb\nc\n", "X", null, "BOF"));
        assertEquals("a\nb\nc\n" + BEGIN + "X\n" + END + "|Block inserted|true", block("a\nb\nc\n", "X", "(?m)^b\\nc", null));
        assertEquals("a\nb\n" + BEGIN + "X\n" + END + "|Block inserted|true", block("a\nb\n", "X", "^zz", null));
        assertEquals("a\nb\nc\n<!-- start -->\nX\n<!-- stop -->\n|Block inserted|true",
                block("a\nb\nc\n", true, "X", "<!-- {mark} -->", "start", "stop", null, null));
    }

    private static String replace(String contents, String regexp, String replace, String after, String before) {
        RegexReplace.Result r = RegexReplace.edit(contents, new RegexReplace.Args(regexp, replace, after, before));
        return r.content() + "|" + r.msg() + "|" + r.changed();
    }

    @Test
    void replaceAsPythonSubnWithMultiline() {
        String abc = "a1\nb2\nc3\n";
        assertEquals("1a\n2b\n3c\n|3 replacements made|true", replace(abc, "(\\w)(\\d)", "\\2\\1", null, null));
        assertEquals("<a>1\n<b>2\n<c>3\n|3 replacements made|true", replace(abc, "^(?P<l>[a-z])", "<\\g<l>>", null, null));
        assertEquals("#a1\n#b2\n#c3\n#|4 replacements made|true", replace(abc, "^", "#", null, null));
        assertEquals("a1;\nb2;\nc3;\n;|4 replacements made|true", replace(abc, "$", ";", null, null));
        assertEquals("aN\nbN\ncN\n|3 replacements made|true", replace(abc, "\\d$", "N", null, null));
        assertEquals(abc + "||false", replace(abc, "z", "N", null, null));
        assertEquals(abc + "||false", replace(abc, "b2", "b2", null, null), "a match that changes nothing is no change");
        assertEquals("-a-1-\n-b-2-\n-c-3-\n-|10 replacements made|true", replace(abc, "x*", "-", null, null));
        assertEquals("A1}\n|1 replacements made|true", replace("a{1}\n", "a{", "A", null, null));
        assertEquals("a_b_|2 replacements made|true", replace("a b\n", "\\s", "_", null, null));
        assertEquals("a1 b2 c3 |3 replacements made|true", replace(abc, "\\n", " ", null, null));
    }

    @Test
    void replaceBetweenAfterAndBefore() {
        String abc = "a1\nb2\nc3\n";
        assertEquals("a1\nbN\ncN\n|2 replacements made|true", replace(abc, "\\d", "N", "a1", null));
        assertEquals("aN\nbN\nc3\n|2 replacements made|true", replace(abc, "\\d", "N", null, "c3"));
        assertEquals("a1\nbN\nc3\n|1 replacements made|true", replace(abc, "\\d", "N", "a1", "c3"));
        assertEquals(abc + "|Pattern for before/after params did not match the given file: zz(?P<subsection>.*)|false",
                replace(abc, "\\d", "N", "zz", null));
    }
}
