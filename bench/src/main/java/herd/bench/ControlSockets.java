package herd.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A fresh directory of ssh ControlMaster sockets per run, so every timed run pays its connection
 * setup; afterwards (untimed) every master in it is told to exit and the directory is removed.
 */
final class ControlSockets implements AutoCloseable {
    private final Path dir;

    private ControlSockets(Path dir) {
        this.dir = dir;
    }

    /** A short path under /tmp: a socket path must stay under 108 bytes. */
    static ControlSockets fresh(String prefix) throws IOException {
        return new ControlSockets(Files.createTempDirectory(Path.of("/tmp"), prefix));
    }

    Path dir() {
        return dir;
    }

    @Override
    public void close() throws IOException, InterruptedException {
        Path log = Files.createTempFile("herd-bench-cp-", ".log");
        try {
            Proc.run(List.of("bash", "-c",
                            "for s in \"$1\"/*; do [ -S \"$s\" ] && ssh -o ControlPath=\"$s\" -O exit bench"
                                    + " >/dev/null 2>&1 & done; wait", "close-masters", dir.toString()),
                    dir, Map.of(), log, log, java.time.Duration.ofMinutes(2));
        } finally {
            Files.deleteIfExists(log);
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
