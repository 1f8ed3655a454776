package herd.engine.load;

import java.util.Optional;

/**
 * One thing wrong with the input: where, what, and where it helps, what to write instead.
 * The quote is the offending source line with a caret under the column.
 */
public record Problem(Position position, String message, Optional<String> hint, Optional<String> quote) {

    public Problem {
        hint = hint == null ? Optional.empty() : hint;
        quote = quote == null ? Optional.empty() : quote;
    }

    public static Problem at(Position position, String message) {
        return new Problem(position, message, Optional.empty(), SourceQuote.of(position));
    }

    public static Problem at(Position position, String message, String hint) {
        return new Problem(position, message, Optional.ofNullable(hint), SourceQuote.of(position));
    }

    /** The message as a user reads it: position, text, hint, and the quoted line. */
    public String render() {
        StringBuilder out = new StringBuilder();
        out.append(position).append(": ").append(message);
        hint.ifPresent(h -> out.append("\n  ").append(h));
        quote.ifPresent(q -> out.append("\n").append(q));
        return out.toString();
    }
}
