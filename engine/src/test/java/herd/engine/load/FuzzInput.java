package herd.engine.load;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What the fuzz tests (the {@code *FuzzTest} classes beside each parser) share: the size cap on an
 * input, a scratch folder for inputs that a parser reads from a file, and the contract a parser's
 * refusal must keep: an {@link InputException} whose every problem says where.
 */
public final class FuzzInput {
    /** Inputs longer than this are skipped: real files of these kinds are far smaller, and a cap bounds memory. */
    public static final int MAX_BYTES = 64 * 1024;

    private static final Path SCRATCH;

    static {
        try {
            SCRATCH = Files.createTempDirectory("herd-fuzz");
            SCRATCH.toFile().deleteOnExit();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private FuzzInput() {
    }

    /** False for an input over the cap, which the test then skips. */
    public static boolean fits(byte[] data) {
        return data.length <= MAX_BYTES;
    }

    /** The bytes as text; bytes that are not UTF-8 become U+FFFD, as a lenient reader would see them. */
    public static String text(byte[] data) {
        return new String(data, StandardCharsets.UTF_8);
    }

    /** A folder of this JVM's own for inputs read from files; each test writes under a name of its own. */
    public static Path scratch() {
        return SCRATCH;
    }

    /** Writes the bytes as they are to {@code name} in a fresh folder under the scratch folder. */
    public static Path file(String folder, String name, byte[] data) {
        try {
            Path dir = Files.createDirectories(SCRATCH.resolve(folder));
            Path file = dir.resolve(name);
            Files.write(file, data);
            file.toFile().deleteOnExit();
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A refusal keeps the contract: every problem has a message and a position naming a file. */
    public static void assertPositioned(InputException e) {
        assertFalse(e.problems().isEmpty());
        for (Problem p : e.problems()) {
            assertNotNull(p.position(), p.message());
            assertNotNull(p.position().file(), p.message());
            assertTrue(p.position().line() >= 0 && p.position().column() >= 0, p.render());
            assertFalse(p.message().isBlank(), p.render());
            assertNotNull(p.render());
        }
    }
}
