package herd.engine.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class TemplatesTest {
    private static final Templates TEMPLATES = new Templates();

    private static String render(String template, Map<String, Object> vars) {
        return TEMPLATES.render(template, vars);
    }

    private static String undefined(String template, Map<String, Object> vars) {
        return assertThrows(TemplateError.class, () -> render(template, vars)).getMessage();
    }

    @Test
    void rendersVariablesFiltersAndBlocks() {
        Map<String, Object> vars = Map.of("name", "web1", "port", 8080L, "instances", List.of("client1", "client2"),
                "host", Map.of("addr", "10.0.0.1"));
        assertEquals("web1:8080", render("{{ name }}:{{ port }}", vars));
        assertEquals("WEB1", render("{{ name | upper }}", vars));
        assertEquals("client1 client2", render("{{ instances | join(' ') }}", vars));
        assertEquals("10.0.0.1", render("{{ host.addr }}", vars));
        assertEquals("[client1][client2]", render("{% for i in instances %}[{{ i }}]{% endfor %}", vars));
        assertEquals("big", render("{% if port > 1024 %}big{% else %}small{% endif %}", vars));
        assertEquals("a  b", render("a {# a comment #} b", vars));
    }

    @Test
    void plainTextIsReturnedAsWritten() {
        assertEquals("echo ${HOME} {x} }} %}", render("echo ${HOME} {x} }} %}", Map.of()));
        assertFalse(Templates.isTemplate("echo ${HOME} {x}"));
        assertTrue(Templates.isTemplate("{{ x }}"));
        assertTrue(Templates.isTemplate("{% if x %}{% endif %}"));
        assertTrue(Templates.isTemplate("{# note #}"));
    }

    @Test
    void anUndefinedVariableIsAnError() {
        assertEquals("'nope' is undefined", undefined("echo {{ nope }}", Map.of("name", "web1")));
        assertEquals("'host.missing' is undefined", undefined("{{ host.missing }}", Map.of("host", Map.of("a", 1))));
        assertEquals("'x' is undefined", undefined("{% if x %}y{% endif %}", Map.of()));
    }

    @Test
    void theDefaultFilterAndIsDefinedHandleAnUndefinedVariable() {
        assertEquals("8080", render("{{ port | default(8080) }}", Map.of()));
        assertEquals("22", render("{{ port | default(8080) }}", Map.of("port", 22L)));
        assertEquals("/srv/app", render("{{ base | default('/srv') }}/app", Map.of()));
        assertEquals("no", render("{% if x is defined %}yes{% else %}no{% endif %}", Map.of()));
    }

    @Test
    void aSyntaxErrorIsATemplateError() {
        String message = assertThrows(TemplateError.class, () -> render("{{ 1 + }}", Map.of())).getMessage();
        assertTrue(message.startsWith("Error parsing '1 +'"), message);
    }
}
