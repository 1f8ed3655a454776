package herd.engine.load;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Optional;

/** Quotes the source line of a position with a caret under its column, as Ansible's errors do. */
final class SourceQuote {
    /** A longer line is shown as the part around the column. */
    private static final int WIDTH = 100;

    private SourceQuote() {
    }

    static Optional<String> of(Position position) {
        if (position.line() <= 0 || !Files.isRegularFile(position.file())) {
            return Optional.empty();
        }
        var decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        try (BufferedReader in = new BufferedReader(new InputStreamReader(Files.newInputStream(position.file()), decoder))) {
            long read = 0;
            String line = null;
            for (int n = 0; n < position.line(); n++) {
                line = in.readLine();
                if (line == null || (read += line.length()) > InputFiles.MAX_BYTES) {
                    return Optional.empty();
                }
            }
            return Optional.of(quote(line, Math.max(1, Math.min(position.column(), line.length() + 1))));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static String quote(String line, int column) {
        String prefix = "";
        if (line.length() > WIDTH) {
            int from = Math.max(0, Math.min(column - 1 - WIDTH / 2, line.length() - WIDTH));
            prefix = from > 0 ? "..." : "";
            line = prefix + line.substring(from, from + WIDTH) + (from + WIDTH < line.length() ? "..." : "");
            column = column - from + prefix.length();
        }
        return "    " + line + "\n    " + " ".repeat(column - 1) + "^ here";
    }
}
