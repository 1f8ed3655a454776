package herd.engine.template;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * Whole template files as Ansible's template module renders them; each expectation is what
 * Python's Jinja2 (trim_blocks on, lstrip_blocks off) gives, plus the trailing newlines Ansible keeps.
 */
class TemplateFileTest {
    private final Templates templates = new Templates();

    private String render(String source) {
        return templates.renderFile(source, Map.of("x", "X"), TemplateFile.ANSIBLE);
    }

    @Test
    void trimBlocksAsJinja2() {
        assertEquals("a\nb\n", render("a\n{# c #}\nb\n"), "a comment's newline goes too");
        assertEquals("  x\n  y", render("  {% if 1 %}\nx\n  {% endif %}\ny"), "without lstrip_blocks the indent stays");
        assertEquals("1 z\n", render("{% set v = 1 %}\n{{ v }}\n{%- if 1 %} z{% endif %}\n"));
        assertEquals("{{ x }}q\n", render("{% raw %}{{ x }}{% endraw %}\nq\n"));
    }

    @Test
    void theFilesTrailingNewlinesAreKept() {
        assertEquals("X\n\n\n", render("{{ x }}\n\n\n"));
        assertEquals("X", render("{{ x }}"));
    }

    @Test
    void otherDelimitersLeaveTheStandardOnesAsText() {
        TemplateFile square = TemplateFile.ANSIBLE.with("variable_start_string", "[[").with("variable_end_string", "]]");
        assertEquals("X {{ x }} }}\n", templates.renderFile("[[ x ]] {{ x }} }}\n", Map.of("x", "X"), square));
        TemplateFile blocks = TemplateFile.ANSIBLE.with("block_start_string", "<%").with("block_end_string", "%>");
        assertEquals("yes {% if %}\n", templates.renderFile("<% if true %>yes<% endif %> {% if %}\n", Map.of(), blocks));
    }
}
