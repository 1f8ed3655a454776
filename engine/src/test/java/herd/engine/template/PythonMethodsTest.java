package herd.engine.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** Python's string methods and dict.items() in templates; expected values are Python 3.11's. */
class PythonMethodsTest {
    private static final Templates TEMPLATES = new Templates();

    private static Object eval(String expression) {
        return TEMPLATES.evaluate(expression, Map.of("host", "haproxy-1.example.internal", "d", Map.of("a", 1)));
    }

    @Test
    void splitAndJoin() {
        assertEquals("haproxy-1", eval("host.split('.')[0]"));
        assertEquals(List.of("haproxy-1", "example.internal"), eval("host.split('.', 1)"));
        assertEquals(List.of("haproxy-1.example", "internal"), eval("host.rsplit('.', 1)"));
        assertEquals(List.of("a", "b"), eval("'  a \\t b  '.split()"));
        assertEquals("x, y", eval("', '.join(['x', 'y'])"));
        assertEquals(List.of("a", "b"), eval("'a\\nb'.splitlines()"));
    }

    @Test
    void caseTestsAndReplacing() {
        assertEquals("HAPROXY-1.EXAMPLE.INTERNAL", eval("host.upper()"));
        assertEquals(true, eval("host.startswith('hap')"));
        assertEquals(true, eval("host.endswith(('.lan', '.internal'))"));
        assertEquals("x", eval("' x '.strip()"));
        assertEquals("x--", eval("'--x--'.lstrip('-')"));
        assertEquals("a_b-c", eval("'a-b-c'.replace('-', '_', 1)"));
        assertEquals("Web Tier", eval("'web tier'.title()"));
        assertEquals("007", eval("'7'.zfill(3)"));
        assertEquals(3, ((Number) eval("host.count('e')")).intValue());
        assertEquals(true, eval("'123'.isdigit()"));
    }

    @Test
    void formatAndItems() {
        assertEquals("a-b", eval("'{}-{}'.format('a', 'b')"));
        assertEquals("b a", eval("'{1} {0}'.format('a', 'b')"));
        assertEquals(List.of(List.of("a", 1)), eval("d.items() | list"));
        assertThrows(TemplateError.class, () -> eval("host.index('zzz')"));
    }
}
