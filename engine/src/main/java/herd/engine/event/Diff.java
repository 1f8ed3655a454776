package herd.engine.event;

import java.util.Objects;
import java.util.Optional;

/**
 * What a task changed (or would change, in check mode) in one file or object, as Ansible's {@code
 * diff} result has it: the text before and after, each with an optional header (a path), or text
 * already formatted by the module ({@code prepared}). Reporters render it as a unified diff.
 */
public record Diff(String before, String after, Optional<String> beforeHeader, Optional<String> afterHeader,
                   Optional<String> prepared) {
    public Diff {
        Objects.requireNonNull(before, "before");
        Objects.requireNonNull(after, "after");
        Objects.requireNonNull(beforeHeader, "beforeHeader");
        Objects.requireNonNull(afterHeader, "afterHeader");
        Objects.requireNonNull(prepared, "prepared");
    }
}
