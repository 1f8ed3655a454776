package herd.engine.playbook;

import java.nio.file.Path;
import java.util.List;

/** A playbook file: its plays in order. */
public record Playbook(Path file, List<Play> plays) {
    public Playbook {
        plays = List.copyOf(plays);
    }
}
