package herd.engine.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The filters playbooks use, as Ansible's Jinja2 gives them. */
class AnsibleFiltersTest {
    private static final Templates TEMPLATES = new Templates();

    private static String render(String template, Map<String, Object> vars) {
        return TEMPLATES.render(template, vars);
    }

    private static String render(String template) {
        return render(template, Map.of());
    }

    private static Object evaluate(String expression, Map<String, Object> vars) {
        return TEMPLATES.evaluate(expression, vars);
    }

    @Test
    void quoteMakesOneShellWord() {
        assertEquals("'a b'", render("{{ x | quote }}", Map.of("x", "a b")));
        assertEquals("'it'\"'\"'s'", render("{{ x | quote }}", Map.of("x", "it's")));
        assertEquals("plain", render("{{ x | quote }}", Map.of("x", "plain")));
        assertEquals("''", render("{{ x | quote }}", Map.of("x", "")));
    }

    @Test
    void toJsonAndFromJsonRoundTrip() {
        assertEquals("{\"a\": [1, 2], \"b\": \"x\"}", render("{{ {'a': [1, 2], 'b': 'x'} | to_json }}"));
        assertEquals("\"it's\"", render("{{ x | to_json }}", Map.of("x", "it's")));
        assertEquals(Map.of("ok", true, "n", 3), evaluate("x | from_json", Map.of("x", "{\"ok\": true, \"n\": 3}")));
        assertEquals("3", render("{{ (x | from_json).n }}", Map.of("x", "{\"n\": 3}")));
        String message = assertThrows(TemplateError.class,
                () -> render("{{ x | from_json }}", Map.of("x", "not json"))).getMessage();
        assertEquals(true, message.contains("from_json: not JSON"), message);
    }

    @Test
    void boolReadsAnsibleBooleanWords() {
        for (String yes : List.of("yes", "True", "on", "1", "y")) {
            assertEquals(true, evaluate("x | bool", Map.of("x", yes)), yes);
        }
        for (String no : List.of("no", "false", "off", "0", "anything")) {
            assertEquals(false, evaluate("x | bool", Map.of("x", no)), no);
        }
        assertEquals(true, evaluate("x | bool", Map.of("x", true)));
        assertEquals(false, evaluate("x | bool", Map.of("x", 0L)));
    }

    @Test
    void regexSearchGivesTheMatchOrNothing() {
        Map<String, Object> vars = Map.of("out", "plone_client1   RUNNING   pid 12, uptime 0:01:02");
        assertEquals("RUNNING", render("{{ out | regex_search('RUNNING|STOPPED') }}", vars));
        assertEquals("pid 12", render("{{ out | regex_search('pid [0-9]+') }}", vars));
        assertEquals(true, TEMPLATES.test("not (out | regex_search('FATAL'))", vars));
        assertEquals("", render("{{ out | regex_search('FATAL') }}", vars));
        assertEquals(true, TEMPLATES.test("out | regex_search('RUNNING')", vars));
    }

    @Test
    void regexSearchWithoutAMatchIsFalseAndRendersEmpty() {
        Map<String, Object> vars = Map.of("out", "plone_client1   RUNNING");
        assertEquals(false, TEMPLATES.test("out | regex_search('FATAL')", vars));
        assertEquals("[]", render("[{{ out | regex_search('FATAL') }}]", vars));
    }

    @Test
    void regexReplaceReplacesEveryMatch() {
        assertEquals("a-b-c", render("{{ 'a b  c' | regex_replace('\\\\s+', '-') }}"));
        assertEquals("client1", render("{{ 'plone_client1' | regex_replace('^plone_', '') }}"));
    }

    @Test
    void defaultFillsAnUndefinedValue() {
        assertEquals("8080", render("{{ port | default(8080) }}"));
        assertEquals("22", render("{{ port | default(8080) }}", Map.of("port", 22L)));
        assertEquals("", render("{{ missing | default('') }}"));
    }

    @Test
    void listAndTextFilters() {
        Map<String, Object> vars = Map.of("items", List.of("a", "b", "c"), "name", "Web1");
        assertEquals("a,b,c", render("{{ items | join(',') }}", vars));
        assertEquals("3", render("{{ items | length }}", vars));
        assertEquals("4", render("{{ name | length }}", vars));
        assertEquals(42L, ((Number) evaluate("'42' | int", vars)).longValue());
        assertEquals(0L, ((Number) evaluate("'x' | int", vars)).longValue());
        assertEquals("43", render("{{ '42' | int + 1 }}", vars));
        assertEquals("web1", render("{{ name | lower }}", vars));
        assertEquals("WEB1", render("{{ name | upper }}", vars));
        assertEquals("Web2", render("{{ name | replace('1', '2') }}", vars));
    }

    @Test
    void regexReplaceTakesPythonBackReferences() {
        assertEquals("client-1", render("{{ x | regex_replace('^(\\w+)(\\d)$', '\\1-\\2') }}", Map.of("x", "client1")));
        assertEquals("b.b.b", render("{{ x | regex_replace('a', 'b') }}", Map.of("x", "a.a.a")));
        assertEquals("port 8081", render("{{ x | regex_replace('(?P<n>\\d+)', '\\g<n>1') }}", Map.of("x", "port 808")));
        assertEquals("$1 costs", render("{{ x | regex_replace('^x', '$1') }}", Map.of("x", "x costs")));
    }

    @Test
    void theJinjaFiltersOperationsUseBehaveAsInAnsible() {
        assertEquals("fallback", render("{{ missing | default('fallback') }}"));
        assertEquals("fallback", render("{{ blank | default('fallback', true) }}", Map.of("blank", "")));
        assertEquals("", render("{{ blank | default('fallback') }}", Map.of("blank", "")));
        assertEquals("fallback", render("{{ missing | d('fallback') }}"));
        assertEquals("a,b", render("{{ xs | join(',') }}", Map.of("xs", List.of("a", "b"))));
        assertEquals("2", render("{{ xs | length }}", Map.of("xs", List.of("a", "b"))));
        assertEquals("43", render("{{ (x | int) + 1 }}", Map.of("x", "42")));
        assertEquals("0", render("{{ x | int }}", Map.of("x", "nope")));
        assertEquals("ZEO", render("{{ x | upper }}", Map.of("x", "zeo")));
        assertEquals("zeo", render("{{ x | lower }}", Map.of("x", "ZEO")));
        assertEquals("client2", render("{{ x | replace('1', '2') }}", Map.of("x", "client1")));
        assertEquals("true", render("{{ x | bool }}", Map.of("x", "yes")));
        assertEquals("8080", render("{{ x | regex_search('\\d+') }}", Map.of("x", "port 8080 up")));
    }

    @Test
    void theListFiltersAndTestsTheReadmeNamesExist() {
        Map<String, Object> vars = Map.of("xs", List.of("b", "a", "b"), "n", "2.5", "nothing", "x");
        assertEquals("b", render("{{ xs | first }}", vars));
        assertEquals("b", render("{{ xs | last }}", vars));
        assertEquals("a,b", render("{{ xs | unique | sort | join(',') }}", vars));
        assertEquals("B,A,B", render("{{ xs | map('upper') | join(',') }}", vars));
        assertEquals("a", render("{{ xs | reject('equalto', 'b') | join(',') }}", vars));
        assertEquals("b,b", render("{{ xs | select('equalto', 'b') | join(',') }}", vars));
        assertEquals("3.5", render("{{ (n | float) + 1 }}", vars));
        assertEquals("true", render("{{ xs is defined }}", vars));
        assertEquals("true", render("{{ missing is undefined }}", vars));
        assertEquals("false", render("{{ nothing is none }}", vars));
    }
}
