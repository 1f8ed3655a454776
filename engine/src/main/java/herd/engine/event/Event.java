package herd.engine.event;

import java.time.Instant;
import java.util.List;

/** What the runner tells its listeners, in order. Events are facts: listeners never change the run. */
public sealed interface Event {

    record RunStarted(String playbook, Instant at) implements Event {
    }

    record PlayStarted(String play, List<String> hosts) implements Event {
        public PlayStarted {
            hosts = List.copyOf(hosts);
        }
    }

    record TaskStarted(String play, String task, List<String> hosts) implements Event {
        public TaskStarted {
            hosts = List.copyOf(hosts);
        }
    }

    record StepFinished(StepResult step) implements Event {
    }

    /** No host of the play is left to run its remaining tasks. */
    record NoHostsLeft(String play) implements Event {
    }

    record RunFinished(RunResult result) implements Event {
    }
}
