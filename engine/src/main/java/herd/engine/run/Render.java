package herd.engine.run;

import java.util.Map;

import herd.engine.template.Templates;

/**
 * Renders a template the way Ansible does: a variable whose value is itself a template is rendered
 * in turn, so {@code a: "{{ b }}"} yields b's value.
 */
final class Render {
    private static final int MAX_DEPTH = 10;

    private Render() {
    }

    static String fully(Templates templates, String template, Map<String, Object> vars) {
        String current = template;
        for (int depth = 0; depth < MAX_DEPTH && Templates.isTemplate(current); depth++) {
            String next = templates.render(current, vars);
            if (next.equals(current)) {
                break;
            }
            current = next;
        }
        return current;
    }
}
