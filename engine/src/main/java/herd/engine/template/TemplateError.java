package herd.engine.template;

/** A template could not be rendered: an undefined variable, a syntax error, a failing filter. */
public final class TemplateError extends RuntimeException {
    private final boolean undefined;

    public TemplateError(String message) {
        this(message, false);
    }

    private TemplateError(String message, boolean undefined) {
        super(message);
        this.undefined = undefined;
    }

    /** A template named a variable (or a field of one) that has no value. */
    public static TemplateError undefined(String message) {
        return new TemplateError(message, true);
    }

    /** True when the only thing wrong is a variable without a value. */
    public boolean undefined() {
        return undefined;
    }
}
