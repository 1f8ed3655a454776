package herd.engine.playbook;

import java.time.Duration;
import java.util.Optional;

import herd.engine.load.Position;

/**
 * {@code loop} (or {@code with_items}) with {@code loop_control}: the task runs once per item, with
 * the item in {@code loopVar}.
 *
 * @param items the list as written: a template that yields a list, or a list whose items are templates
 */
public record Loop(Object items, String loopVar, Optional<Text> label, Optional<String> indexVar, Duration pause,
                   boolean flatten, Position position) {
}
