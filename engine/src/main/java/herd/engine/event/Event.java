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

    /** The run lock is taken on these hosts; nothing else may run on them until it is released. */
    record LockTaken(List<String> hosts) implements Event {
        public LockTaken {
            hosts = List.copyOf(hosts);
        }
    }

    /** Other runs hold the lock of some targeted hosts, one reason per host: the run starts nothing. */
    record LockRefused(List<String> reasons) implements Event {
        public LockRefused {
            reasons = List.copyOf(reasons);
        }
    }

    /** With --break-lock, another run's lock on {@code host} was removed; {@code message} says whose. */
    record LockBroken(String host, String path, String message) implements Event {
    }

    /** This run's locks are gone from {@code hosts}; {@code problems} name the hosts where one may remain. */
    record LockReleased(List<String> hosts, List<String> problems) implements Event {
        public LockReleased {
            hosts = List.copyOf(hosts);
            problems = List.copyOf(problems);
        }
    }

    record RunFinished(RunResult result) implements Event {
    }
}
