package herd.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Keeps the journal folder bounded: the newest journals stay, older ones go. */
final class Journals {
    private Journals() {
    }

    static void prune(Path dir, int keep) {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> journals = files.filter(f -> f.getFileName().toString().endsWith(".jsonl")).sorted().toList();
            for (Path old : journals.subList(0, Math.max(0, journals.size() - keep + 1))) {
                Files.deleteIfExists(old);
            }
        } catch (IOException e) {
            // a journal folder we cannot tidy is no reason to stop a run
        }
    }
}
