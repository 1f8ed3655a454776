package herd.engine.playbook;

import java.nio.file.Path;
import java.util.List;

/**
 * A playbook file: its plays in order.
 *
 * @param warnings what Ansible would warn about (a deprecated form herd still runs), each with its
 *                 position, for the command line to print before anything runs
 */
public record Playbook(Path file, List<Play> plays, List<String> warnings) {
    public Playbook {
        plays = List.copyOf(plays);
        warnings = List.copyOf(warnings);
    }

    public Playbook(Path file, List<Play> plays) {
        this(file, plays, List.of());
    }
}
