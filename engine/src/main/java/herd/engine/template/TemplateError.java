package herd.engine.template;

/** A template could not be rendered: an undefined variable, a syntax error, a failing filter. */
public final class TemplateError extends RuntimeException {
    public TemplateError(String message) {
        super(message);
    }
}
