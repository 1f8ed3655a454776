package herd.engine.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Python's re.subn results (ansible-core's Python 3.11), expected from herd's translation. */
class PythonRegexTest {
    private static String sub(String pattern, String text, String template) {
        return sub(pattern, text, template, false);
    }

    private static String sub(String pattern, String text, String template, boolean multiline) {
        PythonRegex.Substitution s = PythonRegex.compile(pattern, PythonRegex.Kind.TEXT, multiline, false).subn(text, template);
        return s.text() + "|" + s.count();
    }

    @Test
    void namedGroupsWithUnderscoresAndTheirReferences() {
        assertEquals("<a>|1", sub("^(?P<key_name>\\w+)=(?P=key_name)$", "a=a", "<\\g<key_name>>"));
        assertEquals("[a][b]|2", sub("(a)|(b)", "ab", "[\\1\\2]"), "a group that took no part gives nothing");
    }

    @Test
    void bracesThatAreNoQuantifierAreLiteral() {
        assertEquals("xBy|1", sub("a{", "xa{y", "B"));
        assertEquals("---|3", sub("x{,2}", "xxx", "-"));
    }

    @Test
    void setsHoldBracketsAndAmpersandsLiterally() {
        assertEquals("a(b|1", sub("[[]", "a[b", "("));
        assertEquals("x+y|1", sub("[a&&b]", "x&y", "+"));
    }

    @Test
    void anchorsAsPythonPlacesThem() {
        assertEquals("#a\n#b\n#|3", sub("^", "a\nb\n", "#", true), "^ after the final newline too");
        assertEquals("a;\nb;\n;|3", sub("$", "a\nb\n", ";", true));
        assertEquals("aX\n|1", sub("b$", "ab\n", "X"));
        assertEquals("ab\n|0", sub("b\\Z", "ab\n", "X"), "\\Z is the very end");
        assertEquals("aX|1", sub("b\\Z", "ab", "X"));
        assertEquals("! a\nc|1", sub("a.c", "a\rc a\nc", "!"), "only \\n ends a line");
    }

    @Test
    void unicodeClassesAndCaseForTextPatterns() {
        assertEquals("x|1", sub("(?i)ÉTÉ", "été", "x"));
        assertEquals("a_b_c|2", sub("\\s+", "a\u00a0b c", "_"));
    }

    @Test
    void pythonsWhitespaceIncludesTheInformationSeparators() {
        assertEquals("a_b|1", sub("\\s", "a\u001cb", "_"));
        assertEquals("X\u001cX|2", sub("\\S+", "a\u001cb", "X"));
        assertEquals("_b|1", sub("[\\sa]+", "a\u001fb", "_"));
    }

    @Test
    void bytesPatternsHaveAsciiClasses() {
        PythonRegex bytes = PythonRegex.compile("\\s", PythonRegex.Kind.BYTES);
        assertEquals(1, bytes.subn(ByteText.ofArgument("a\u00a0b c"), "_").count());
    }

    @Test
    void commentsAndVerboseMode() {
        assertEquals("bc|1", sub("(?#comment)a", "ba", "c"));
        assertEquals("Z|1", sub("(?x) a  b # comment", "ab", "Z"));
    }

    @Test
    void escapesInPatternsAndTemplates() {
        assertEquals("a1\n\t\\|1", sub("(\\d)", "a1", "\\1\\n\\t\\\\"));
        assertEquals("ok|1", sub("\\x41\\101\\0", "AA\u0000", "ok"));
        assertEquals("\\&x|1", sub("a", "a", "\\&x"), "an unknown escape keeps its backslash");
    }

    @Test
    void whatPythonRefusesIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> PythonRegex.compile("\\h", PythonRegex.Kind.TEXT));
        assertThrows(IllegalArgumentException.class, () -> PythonRegex.compile("(a)\\2", PythonRegex.Kind.TEXT));
        assertThrows(IllegalArgumentException.class, () -> sub("(a)", "a", "\\2"));
        assertThrows(IllegalArgumentException.class, () -> sub("(a)", "a", "\\q"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PythonRegex.compile("(a)?(?(1)b|c)", PythonRegex.Kind.TEXT));
        assertTrue(e.getMessage().contains("conditional"), e.getMessage());
    }

    @Test
    void inlineMultilineIsKnown() {
        assertTrue(PythonRegex.compile("(?m)^b", PythonRegex.Kind.BYTES).multiline());
        assertEquals(2, PythonRegex.compile("(?m)^b", PythonRegex.Kind.BYTES).subn("b\nb\n", "x").count());
    }
}
