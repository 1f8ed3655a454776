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

    /**
     * Fails now, before the run starts, when the report could not be written at its end: its folder
     * cannot be made, or a file cannot be created in it (read-only, no permission, no space for an inode).
     */
    static void probe(Path file, String what) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Files.delete(Files.createTempFile(parent, ".herd-", ".probe"));
            if (Files.isDirectory(file)) {
                throw new IOException("it is a folder");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the " + what + " " + file + ": " + why(e), e);
        }
    }

    /** What went wrong, in words: NIO's exceptions often carry only the path. */
    static String why(IOException e) {
        return switch (e) {
            case java.nio.file.AccessDeniedException a -> "permission denied (" + a.getFile() + ")";
            case java.nio.file.NoSuchFileException n -> "no such file or folder (" + n.getFile() + ")";
            case java.nio.file.FileSystemException f when f.getReason() != null -> f.getReason() + " (" + f.getFile() + ")";
            case java.nio.file.FileSystemException f -> "cannot create " + f.getFile();
            default -> String.valueOf(e.getMessage());
        };
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
            throw new UncheckedIOException("cannot write the " + what + " " + file + ": " + why(e), e);
        }
    }
}
