package herd.engine.load;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Optional;

/** Quotes the source line of a position with a caret under its column, as Ansible's errors do. */
final class SourceQuote {
    private SourceQuote() {
    }

    static Optional<String> of(Position position) {
        if (position.line() <= 0 || !Files.isRegularFile(position.file())) {
            return Optional.empty();
        }
        try {
            List<String> lines = Files.readAllLines(position.file());
            if (position.line() > lines.size()) {
                return Optional.empty();
            }
            String line = lines.get(position.line() - 1);
            int column = Math.max(1, Math.min(position.column(), line.length() + 1));
            return Optional.of("    " + line + "\n    " + " ".repeat(column - 1) + "^ here");
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
