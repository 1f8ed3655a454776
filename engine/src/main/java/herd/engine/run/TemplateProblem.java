package herd.engine.run;

import herd.engine.playbook.Text;

/** A template of a task could not be filled for a host; carries the text that failed, for its position. */
final class TemplateProblem extends Exception {
    private final transient Text text;

    TemplateProblem(Text text, String message) {
        super(message);
        this.text = text;
    }

    Text text() {
        return text;
    }
}
