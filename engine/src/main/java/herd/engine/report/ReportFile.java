package herd.engine.report;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes a report whole or not at all: into a temporary file beside it, then moved over it, so a
 * CI job or a reader never sees half a report, even when herd is killed while writing.
 */
final class ReportFile {
    /** Writes the report's bytes to a stream. */
    interface Body {
        void writeTo(OutputStream out) throws Exception;
    }

    private ReportFile() {
    }

    static void write(Path file, String what, Body body) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            String name = file.getFileName().toString();
            Path tmp = Files.createTempFile(parent, ".herd-", name.substring(Math.max(0, name.lastIndexOf('.'))));
            try (OutputStream out = Files.newOutputStream(tmp)) {
                body.writeTo(out);
            } catch (IOException e) {
                throw e;
            } catch (Exception e) {
                Files.deleteIfExists(tmp);
                throw new IllegalStateException("cannot write the " + what + " " + file + ": " + e.getMessage(), e);
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the " + what + " " + file + ": " + e.getMessage(), e);
        }
    }
}
