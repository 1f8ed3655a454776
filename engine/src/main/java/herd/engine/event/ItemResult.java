package herd.engine.event;

import java.util.Optional;
import java.util.OptionalInt;

/** One item of a looped task on one host. */
public record ItemResult(String label, Status status, OptionalInt rc, String stdout, String stderr,
                         Optional<String> message) {
}
