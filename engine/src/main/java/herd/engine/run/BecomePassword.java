package herd.engine.run;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The password sudo asks for when a task becomes another user. It travels only as the first line of
 * a command's standard input, never in a command line; {@link #toString()} never shows it, so it
 * cannot slip into a log line, an error message or a report.
 */
public record BecomePassword(String value) {
    public BecomePassword {
        Objects.requireNonNull(value, "value");
        if (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
            // sudo -S reads exactly one line: a line break would end the password early
            throw new IllegalArgumentException("the become password cannot contain a line break");
        }
    }

    /** The line sudo -S reads: the password and a newline. */
    byte[] line() {
        return (value + "\n").getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "BecomePassword[hidden]";
    }
}
