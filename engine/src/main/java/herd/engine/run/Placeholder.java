package herd.engine.run;

import java.util.AbstractMap;
import java.util.Set;

/**
 * Stands for a value that only exists once the run is under way (a registered result, a fact set by
 * set_fact) while the planner checks templates: any field of it reads as an empty string.
 */
final class Placeholder extends AbstractMap<String, Object> {
    static final Placeholder INSTANCE = new Placeholder();

    private Placeholder() {
    }

    /** Any field of a placeholder is a placeholder too, so {@code item.value.shell} can be checked. */
    @Override
    public Object get(Object key) {
        return INSTANCE;
    }

    @Override
    public boolean containsKey(Object key) {
        return true;
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
        return Set.of();
    }

    @Override
    public String toString() {
        return "";
    }
}
