package herd.engine.load;

import java.nio.file.Path;

/** Where a parsed element came from: a file, a 1-based line and a 1-based column. */
public record Position(Path file, int line, int column) {

    /** A position for input that has no file, such as a command-line option. */
    public static Position of(String origin) {
        return new Position(Path.of(origin), 0, 0);
    }

    @Override
    public String toString() {
        return line > 0 ? file + ":" + line + ":" + column : file.toString();
    }
}
