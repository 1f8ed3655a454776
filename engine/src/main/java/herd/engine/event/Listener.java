package herd.engine.event;

/** Receives the run's events. The runner calls it from one thread at a time, in event order. */
@FunctionalInterface
public interface Listener {
    void on(Event event);
}
