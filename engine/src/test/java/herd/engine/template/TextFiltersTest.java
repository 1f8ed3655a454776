package herd.engine.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** Text, path, hash and regex filters; expected values checked with ansible-core 2.14.18's Templar on this machine. */
class TextFiltersTest {
    private static final Templates TEMPLATES = new Templates();

    private static Object eval(String expression) {
        return TEMPLATES.evaluate(expression, Map.of());
    }

    private static String render(String template) {
        return TEMPLATES.render(template, Map.of());
    }

    @Test
    void base64BothWays() {
        assertEquals("hello", eval("'aGVsbG8=' | b64decode"));
        assertEquals("aMOpbGxv", eval("'héllo' | b64encode"));
        assertEquals("YWJj", eval("'abc' | b64encode"));
    }

    @Test
    void hashesAndChecksum() {
        assertEquals("900150983cd24fb0d6963f7d28e17f72", eval("'abc' | hash('md5')"));
        assertEquals("a9993e364706816aba3e25717850c26c9cd0d89d", eval("'abc' | hash('sha1')"));
        assertEquals("a9993e364706816aba3e25717850c26c9cd0d89d", eval("'abc' | checksum"));
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", eval("'abc' | hash('sha256')"));
        assertEquals("a9993e364706816aba3e25717850c26c9cd0d89d", eval("'abc' | hash"));
        assertThrows(TemplateError.class, () -> eval("'x' | hash('nope')"));
    }

    @Test
    void pathsAsPythonsOsPath() {
        assertEquals("|", render("{{ '/etc/foo/' | basename }}|"));
        assertEquals("bar", eval("'/etc/foo/bar' | basename"));
        assertEquals("/etc/foo", eval("'/etc/foo/bar' | dirname"));
        assertEquals("//", eval("'//a' | dirname"));
        assertEquals("|", render("{{ 'foo' | dirname }}|"));
        assertEquals("/etc", eval("'/etc/' | dirname"));
        assertEquals(List.of("/a/b", ".txt"), eval("'/a/b.txt' | splitext"));
        assertEquals(List.of(".bashrc", ""), eval("'.bashrc' | splitext"));
        assertEquals(List.of("a.tar", ".gz"), eval("'a.tar.gz' | splitext"));
        assertEquals(System.getenv("HOME") + "/x", eval("'~/x' | expanduser"));
        assertEquals("/root/x", eval("'~root/x' | expanduser"));
        assertEquals("/etc/x", eval("'/etc/../etc/./x' | realpath"));
    }

    @Test
    void ternaryWithTheNoneValue() {
        assertEquals("y", eval("True | ternary('y','n')"));
        assertEquals("n", eval("'' | ternary('y','n')"));
        assertEquals("y", eval("'false' | ternary('y','n')"));
        assertEquals("n", eval("None | ternary('y','n')"));
        assertEquals("z", eval("None | ternary('y','n','z')"));
    }

    @Test
    void regexFindallAndEscape() {
        assertEquals(List.of("1", "22", "333"), eval("'a1b22c333' | regex_findall('[0-9]+')"));
        assertEquals(List.of(List.of("k1", "v1"), List.of("k2", "v2")), eval("'k1=v1 k2=v2' | regex_findall('(\\w+)=(\\w+)')"));
        assertEquals(List.of("ABC", "abc"), eval("'ABC abc' | regex_findall('abc', ignorecase=True)"));
        assertEquals(List.of("b"), TEMPLATES.evaluate("x | regex_findall('^b', multiline=True)", Map.of("x", "a\nb")));
        assertEquals(List.of(), TEMPLATES.evaluate("x | regex_findall('^b')", Map.of("x", "a\nb")));
        assertEquals("a\\+b\\*c\\ \\(d\\)", eval("'a+b*c (d)' | regex_escape"));
        assertEquals("a\\.b", eval("'a.b' | regex_escape"));
    }
}
