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

    /** A batch of a rolling play ({@code serial}) starts: batch {@code number} of {@code total}. */
    record BatchStarted(String play, int number, int total, List<String> hosts) implements Event {
        public BatchStarted {
            hosts = List.copyOf(hosts);
        }
    }

    /** A batch ended; {@code failed} are its hosts that failed or were unreachable. */
    record BatchFinished(String play, int number, int total, List<String> failed, java.time.Duration took)
            implements Event {
        public BatchFinished {
            failed = List.copyOf(failed);
        }
    }

    /** The play stops before its remaining batches or hosts, for the reason given. */
    record PlayAborted(String play, String reason) implements Event {
    }

    /** A task (or, with {@code handler}, a notified handler) starts on these hosts. */
    record TaskStarted(String play, String task, List<String> hosts, boolean handler) implements Event {
        public TaskStarted {
            hosts = List.copyOf(hosts);
        }

        public TaskStarted(String play, String task, List<String> hosts) {
            this(play, task, hosts, false);
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
