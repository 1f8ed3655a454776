package herd.engine.playbook;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;

import herd.engine.load.Position;

/**
 * {@code loop}, {@code with_items} or another {@code with_<lookup>}, with {@code loop_control}: the
 * task runs once per item, with the item in {@code loopVar}.
 *
 * @param items  the list as written: a template that yields a list, or a list whose items are templates;
 *               for a {@code with_<lookup>}, the lookup's terms
 * @param lookup the lookup of a {@code with_<lookup>} loop (with_items: items, which flattens one level)
 * @param pauseTemplate {@code loop_control.pause} written as a template (seconds), filled per host
 */
public record Loop(Object items, String loopVar, Optional<Text> label, Optional<String> indexVar, Duration pause,
                   Optional<String> lookup, Position position, Optional<Text> pauseTemplate) {

    public Loop(Object items, String loopVar, Optional<Text> label, Optional<String> indexVar, Duration pause,
                Optional<String> lookup, Position position) {
        this(items, loopVar, label, indexVar, pause, lookup, position, Optional.empty());
    }

    /** The lookups a {@code with_<name>} loop can name. */
    public static final Set<String> LOOKUPS = Set.of("items", "list", "dict", "indexed_items", "together", "nested",
            "cartesian", "sequence", "subelements", "fileglob", "first_found", "lines", "file", "template", "env",
            "pipe", "vars");

    /** True for with_items, which flattens the list one level. */
    public boolean flatten() {
        return lookup.filter("items"::equals).isPresent();
    }
}
