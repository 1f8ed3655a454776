package herd.engine.playbook;

import herd.engine.load.Position;

/** A string from a playbook, possibly a template, with where it was written. */
public record Text(String raw, Position position) {
    @Override
    public String toString() {
        return raw;
    }
}
