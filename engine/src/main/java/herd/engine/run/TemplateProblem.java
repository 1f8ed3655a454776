package herd.engine.run;

import herd.engine.playbook.Text;

/** A template of a task could not be filled for a host; carries the text that failed, for its position. */
final class TemplateProblem extends Exception {
    private final transient Text text;
    private final boolean undefined;

    TemplateProblem(Text text, String message) {
        this(text, message, false);
    }

    TemplateProblem(Text text, herd.engine.template.TemplateError error) {
        this(text, error.getMessage(), error.undefined());
    }

    private TemplateProblem(Text text, String message, boolean undefined) {
        super(message);
        this.text = text;
        this.undefined = undefined;
    }

    /** True when the template named a variable without a value (see {@link herd.engine.template.TemplateError#undefined}). */
    boolean undefined() {
        return undefined;
    }

    Text text() {
        return text;
    }
}
