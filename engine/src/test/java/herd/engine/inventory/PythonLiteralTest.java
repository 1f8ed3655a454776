package herd.engine.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PythonLiteralTest {
    private static Object value(String text) {
        return PythonLiteral.iniValue(text);
    }

    @Test
    void numbers() {
        assertEquals(42L, value("42"));
        assertEquals(-7L, value("-7"));
        assertEquals(-7L, value("- 7"));
        assertEquals(3L, value("+3"));
        assertEquals(1000L, value("1_000"));
        assertEquals(31L, value("0x1F"));
        assertEquals(15L, value("0o17"));
        assertEquals(5L, value("0b101"));
        assertEquals(0L, value("000"));
        assertEquals(new BigInteger("12345678901234567890123"), value("12345678901234567890123"));
        assertEquals(Long.MIN_VALUE, value("-9223372036854775808"));
        assertEquals(1.5, value("1.5"));
        assertEquals(1000.0, value("1e3"));
        assertEquals(0.5, value(".5"));
        assertEquals(5.0, value("5."));
        assertEquals(-0.0025, value("-2.5e-3"));
        assertEquals(5L, value("(5)"));
        assertEquals(-5L, value("-(5)"));
    }

    @Test
    void constantsAndComments() {
        assertEquals(true, value("True"));
        assertEquals(false, value("False"));
        assertEquals(null, value("None"));
        assertEquals(5L, value("5 # a comment"));
        assertEquals(5L, value("  5"));
    }

    @Test
    void strings() {
        assertEquals("single", value("'single'"));
        assertEquals("double", value("\"double\""));
        assertEquals("a\tb\n", value("'a\\tb\\n'"));
        assertEquals("café", value("'caf\\u00e9'"));
        assertEquals("é", value("'\\N{LATIN SMALL LETTER E WITH ACUTE}'"));
        assertEquals("A", value("'\\x41'"));
        assertEquals("A", value("'\\101'"));
        assertEquals("\\q", value("'\\q'"), "an unknown escape keeps its backslash");
        assertEquals("C:\\temp", value("r'C:\\temp'"));
        assertEquals("it\\'s", value("r'it\\'s'"));
        assertEquals("bytes", value("b'bytes'"));
        assertEquals("abcd", value("'ab' \"cd\""));
        assertEquals("x", value("u'x'"));
        assertEquals("tri'ple", value("'''tri'ple'''"));
        assertEquals("# not a comment", value("'# not a comment'"));
    }

    @Test
    void containers() {
        assertEquals(Arrays.asList(1L, "two", 3.0, null, true), value("[1, 'two', 3.0, None, True]"));
        assertEquals(List.of(1L, 2L), value("[1, 2, ]"));
        assertEquals(List.of(1L, 2L), value("(1, 2)"));
        assertEquals(List.of(1L), value("(1,)"));
        assertEquals(List.of(1L, 2L), value("1, 2"));
        assertEquals(List.of(), value("()"));
        assertEquals(List.of(), value("set()"));
        assertEquals(List.of(1L, 2L), value("{1, 2}"));
        Map<String, Object> inner = new LinkedHashMap<>();
        inner.put("c", null);
        Map<String, Object> outer = new LinkedHashMap<>();
        outer.put("a", List.of(1L));
        outer.put("b", inner);
        assertEquals(outer, value("{'a': [1], 'b': {'c': None}}"));
        assertEquals(Map.of("1", "one", "2.5", "x", "null", "n"), value("{1: 'one', 2.5: 'x', None: 'n'}"), "keys as JSON writes them");
        assertEquals(Map.of(), value("{}"));
    }

    @ParameterizedTest(name = "{0} stays text")
    @ValueSource(strings = {"yes", "true", "null", "hello", "010", "5abc", "1 + 2", "--5", "-True", "{a: 1}", "[1 2]",
            "dict(a=1)", "f'x'", "'unterminated", "'\\x4'", "1j", "x.y", "", "# only a comment", "a=b", "...",
            "b'caf\u00e9'", "'a' b'b'", "[1, 2", "/opt/app", "http://x/?a=b"})
    void anythingElseIsKeptAsText(String text) {
        assertEquals(text, value(text));
    }

    @Test
    void pythonTextWritesValuesAsPythonsStr() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("a", Arrays.asList(1L, "it's", null, true, 2.5));
        m.put("b", "x\ty");
        assertEquals("{'a': [1, \"it's\", None, True, 2.5], 'b': 'x\\ty'}", PythonText.str(m));
        assertEquals("plain", PythonText.str("plain"));
        assertEquals("1e+16", PythonText.str(1e16));
        assertEquals("1234567890123456.0", PythonText.str(1234567890123456.0));
        assertEquals("0.0001", PythonText.str(0.0001));
        assertEquals("1e-05", PythonText.str(0.00001));
        assertEquals("-1.5e+300", PythonText.str(-1.5e300));
        assertEquals("100.0", PythonText.str(100.0));
        assertEquals("inf", PythonText.str(Double.POSITIVE_INFINITY));
    }

    @Test
    void escapesPastUnicodeAndNestingDeeperThanPythonsAreText() {
        assertEquals("'\\Ua9999999'", PythonLiteral.iniValue("'\\Ua9999999'"));
        assertEquals("[".repeat(5000), PythonLiteral.iniValue("[".repeat(5000)));
        assertEquals(List.of(List.of(1L)), PythonLiteral.iniValue("[[1]]"));
    }
}
