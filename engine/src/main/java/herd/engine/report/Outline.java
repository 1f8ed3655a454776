package herd.engine.report;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

import herd.engine.event.Event;
import herd.engine.event.StepResult;

/**
 * The plays and batches of a run as its events told them, with the steps that finished in each:
 * the runner sends a batch's steps between its BatchStarted and BatchFinished, so the order of the
 * events says which batch a step belongs to.
 */
record Outline(List<PlayPart> plays) {
    Outline {
        plays = List.copyOf(plays);
    }

    /** A play: its hosts, its batches (none unless it rolls), its steps, and why it stopped early. */
    record PlayPart(String name, List<String> hosts, List<BatchPart> batches, List<StepResult> steps,
                    List<String> stops) {
        PlayPart {
            hosts = List.copyOf(hosts);
            batches = List.copyOf(batches);
            steps = List.copyOf(steps);
            stops = List.copyOf(stops);
        }
    }

    /** Batch {@code number} of {@code total} of a rolling play; {@code failed} as BatchFinished said. */
    record BatchPart(String play, int number, int total, List<String> hosts, List<String> failed,
                     List<StepResult> steps) {
        BatchPart {
            hosts = List.copyOf(hosts);
            failed = List.copyOf(failed);
            steps = List.copyOf(steps);
        }
    }

    /** Walks the events in order; steps before any PlayStarted belong to no play and are left out. */
    static Outline of(List<Event> events) {
        List<PlayPart> plays = new ArrayList<>();
        PlayBuilder play = null;
        for (Event event : events) {
            switch (event) {
                case Event.RunStarted started -> {
                }
                case Event.PlayStarted started -> {
                    if (play != null) {
                        plays.add(play.build());
                    }
                    play = new PlayBuilder(started);
                }
                case Event.BatchStarted started -> {
                    if (play != null) {
                        play.batch = new BatchBuilder(started);
                    }
                }
                case Event.BatchFinished finished -> {
                    if (play != null && play.batch != null) {
                        play.batches.add(play.batch.build(finished.failed()));
                        play.batch = null;
                    }
                }
                case Event.PlayAborted aborted -> {
                    if (play != null) {
                        play.stops.add("play stopped: " + aborted.reason());
                    }
                }
                case Event.TaskStarted task -> {
                }
                case Event.StepFinished finished -> {
                    if (play != null) {
                        play.steps.add(finished.step());
                        if (play.batch != null) {
                            play.batch.steps.add(finished.step());
                        }
                    }
                }
                case Event.NoHostsLeft none -> {
                    if (play != null) {
                        play.stops.add("no more hosts left");
                    }
                }
                case Event.LockTaken taken -> {
                }
                case Event.LockRefused refused -> {
                }
                case Event.LockBroken broken -> {
                }
                case Event.LockReleased released -> {
                }
                case Event.RunFinished finished -> {
                }
            }
        }
        if (play != null) {
            plays.add(play.build());
        }
        return new Outline(plays);
    }

    /** Which batch each step ran in, by identity: two steps may be equal as values. */
    Map<StepResult, BatchPart> batchOfStep() {
        Map<StepResult, BatchPart> map = new IdentityHashMap<>();
        for (PlayPart play : plays) {
            for (BatchPart batch : play.batches()) {
                batch.steps().forEach(step -> map.put(step, batch));
            }
        }
        return map;
    }

    private static final class PlayBuilder {
        final Event.PlayStarted started;
        final List<BatchPart> batches = new ArrayList<>();
        final List<StepResult> steps = new ArrayList<>();
        final List<String> stops = new ArrayList<>();
        BatchBuilder batch;

        PlayBuilder(Event.PlayStarted started) {
            this.started = started;
        }

        PlayPart build() {
            if (batch != null) {
                // interrupted inside a batch: no BatchFinished came, but the batch did run
                batches.add(batch.build(List.of()));
                batch = null;
            }
            return new PlayPart(started.play(), started.hosts(), batches, steps, stops);
        }
    }

    private static final class BatchBuilder {
        final Event.BatchStarted started;
        final List<StepResult> steps = new ArrayList<>();

        BatchBuilder(Event.BatchStarted started) {
            this.started = started;
        }

        BatchPart build(List<String> failed) {
            return new BatchPart(started.play(), started.number(), started.total(), started.hosts(), failed, steps);
        }
    }
}
