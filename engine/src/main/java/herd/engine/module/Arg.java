package herd.engine.module;

import java.util.List;
import java.util.Optional;

/**
 * One argument of a module, as Ansible's {@code argument_spec} describes it: its type, whether it is
 * required, its default, the values it may take and its other names.
 *
 * @param noLog a secret (Ansible's {@code no_log=True}: a password): never shown where herd shows a
 *              task's arguments
 */
public record Arg(String name, Type type, boolean required, Optional<Object> defaultValue, List<String> choices,
                  List<String> aliases, boolean noLog) {

    /** What a value must be; a value written as a template is checked when it is filled. */
    public enum Type {
        STR, BOOL, INT, FLOAT, LIST, DICT,
        /** Any value. */
        RAW,
        /** Conditions the module evaluates itself (assert's {@code that}): not filled as templates beforehand. */
        EXPRESSION
    }

    /** What is shown instead of a secret argument's value, as Ansible shows it. */
    public static final String HIDDEN = "VALUE_SPECIFIED_IN_NO_LOG_PARAMETER";

    public Arg {
        choices = List.copyOf(choices);
        aliases = List.copyOf(aliases);
    }

    public Arg(String name, Type type, boolean required, Optional<Object> defaultValue, List<String> choices,
               List<String> aliases) {
        this(name, type, required, defaultValue, choices, aliases, false);
    }

    /**
     * What is wrong with a value for this argument ("must be a whole number"), if anything: its
     * type, then its choices. Values are plain (strings, numbers, booleans, lists, maps).
     */
    public Optional<String> problem(Object value) {
        if (value == null) {
            return Optional.empty();
        }
        boolean scalar = !(value instanceof java.util.Map || value instanceof java.util.List);
        String text = String.valueOf(value).trim();
        Optional<String> wrong = switch (type) {
            case STR -> scalar ? Optional.empty() : Optional.of("text, not a " + kind(value));
            case BOOL -> value instanceof Boolean || scalar && herd.engine.load.Booleans.parse(text).isPresent()
                    ? Optional.empty() : Optional.of("a boolean (true or false)");
            case INT -> value instanceof Integer || value instanceof Long || scalar && text.matches("[-+]?\\d+")
                    ? Optional.empty() : Optional.of("a whole number");
            case FLOAT -> value instanceof Number || scalar && text.matches("[-+]?(\\d+\\.?\\d*|\\.\\d+)")
                    ? Optional.empty() : Optional.of("a number");
            case DICT -> value instanceof java.util.Map ? Optional.empty() : Optional.of("a mapping");
            case LIST, RAW, EXPRESSION -> Optional.empty();
        };
        if (wrong.isEmpty() && !choices.isEmpty() && !choices.contains(text)) {
            wrong = Optional.of("one of " + String.join(", ", choices) + ", not '" + text + "'");
        }
        return wrong.map(w -> "must be " + w);
    }

    private static String kind(Object value) {
        return value instanceof java.util.Map ? "mapping" : "list";
    }

    public static Arg of(String name, Type type) {
        return new Arg(name, type, false, Optional.empty(), List.of(), List.of());
    }

    public static Arg str(String name) {
        return of(name, Type.STR);
    }

    public Arg mandatory() {
        return new Arg(name, type, true, defaultValue, choices, aliases, noLog);
    }

    public Arg choices(String... values) {
        return new Arg(name, type, required, defaultValue, List.of(values), aliases, noLog);
    }

    public Arg aliases(String... names) {
        return new Arg(name, type, required, defaultValue, choices, List.of(names), noLog);
    }

    public Arg withDefault(Object value) {
        return new Arg(name, type, required, Optional.of(value), choices, aliases, noLog);
    }

    /** The same argument as a secret (see {@link #noLog}). */
    public Arg secret() {
        return new Arg(name, type, required, defaultValue, choices, aliases, true);
    }
}
