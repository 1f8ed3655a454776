package herd.engine.playbook;

import java.util.List;

/**
 * A task of a play's {@code handlers:} section: it runs once per host at the end of the play (of
 * each batch, in a rolling play) on the hosts where a task that notified it changed something.
 *
 * @param topics what {@code notify} may name to reach it: its name and its {@code listen} topics
 */
public record Handler(Task task, List<String> topics) {
    public Handler {
        topics = List.copyOf(topics);
    }

    public boolean answers(String notification) {
        return topics.contains(notification);
    }
}
