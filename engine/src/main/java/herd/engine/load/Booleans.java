package herd.engine.load;

import java.util.Locale;
import java.util.Optional;

/** Ansible's reading of booleans written as text. */
public final class Booleans {
    private Booleans() {
    }

    public static Optional<Boolean> parse(String text) {
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "yes", "true", "on", "1", "y", "t" -> Optional.of(Boolean.TRUE);
            case "no", "false", "off", "0", "n", "f" -> Optional.of(Boolean.FALSE);
            default -> Optional.empty();
        };
    }

    /** Truth of a variable's value: booleans as they are, text and numbers as Ansible's bool filter. */
    public static boolean truthy(Object value) {
        if (value == null) {
            return false;
        }
        if (value instanceof Boolean b) {
            return b;
        }
        if (value instanceof Number n) {
            return n.doubleValue() != 0;
        }
        return parse(value.toString()).orElse(false);
    }
}
