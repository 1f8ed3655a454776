package herd.engine.run;

import java.util.List;

import herd.engine.event.Diff;
import herd.engine.event.Event;
import herd.engine.event.ItemResult;
import herd.engine.event.Listener;
import herd.engine.event.RunResult;
import herd.engine.event.StepResult;
import herd.engine.vault.Secrets;

/**
 * The one place secrets are masked for the reporters: every event the runner sends passes here, and
 * every text in it that holds a known secret (a vault value, a become or key passphrase, a no_log
 * task's output) reaches the console, the JSON, JUnit and HTML reports with {@code ********}
 * instead. The journal masks what it writes itself.
 */
final class Masked implements Listener {
    private final Listener inner;

    Masked(Listener inner) {
        this.inner = inner;
    }

    @Override
    public void on(Event event) {
        if (!Secrets.any()) {
            inner.on(event);
            return;
        }
        Event masked = masked(event);
        // the same event when nothing in it was secret
        inner.on(masked.equals(event) ? event : masked);
    }

    private static Event masked(Event event) {
        return switch (event) {
            case Event.StepFinished f -> new Event.StepFinished(step(f.step()));
            case Event.TaskStarted t -> new Event.TaskStarted(t.play(), Secrets.mask(t.task()), t.hosts(), t.handler());
            case Event.PlayAborted a -> new Event.PlayAborted(a.play(), Secrets.mask(a.reason()));
            case Event.LockRefused r -> new Event.LockRefused(texts(r.reasons()));
            case Event.RunFinished f -> new Event.RunFinished(result(f.result()));
            default -> event;
        };
    }

    private static RunResult result(RunResult r) {
        return new RunResult(r.playbook(), r.start(), r.duration(), r.steps().stream().map(Masked::step).toList(),
                r.stats(), r.interrupted(), r.outOfPool(), r.timeOutOfPool(), r.outOfTime(), texts(r.lockRefusals()),
                r.forgiven(), r.halted().map(Secrets::mask), r.connections());
    }

    static StepResult step(StepResult s) {
        return new StepResult(s.host(), s.play(), Secrets.mask(s.task()), s.status(), s.rc(), Secrets.mask(s.stdout()),
                Secrets.mask(s.stderr()), s.message().map(Secrets::mask), s.ignored(), s.start(), s.duration(),
                s.items().stream().map(Masked::item).toList(), s.rescued(), s.changed(),
                s.diffs().stream().map(Masked::diff).toList(), texts(s.warnings()));
    }

    private static ItemResult item(ItemResult i) {
        return new ItemResult(Secrets.mask(i.label()), i.status(), i.rc(), Secrets.mask(i.stdout()),
                Secrets.mask(i.stderr()), i.message().map(Secrets::mask));
    }

    private static Diff diff(Diff d) {
        return new Diff(Secrets.mask(d.before()), Secrets.mask(d.after()), d.beforeHeader().map(Secrets::mask),
                d.afterHeader().map(Secrets::mask), d.prepared().map(Secrets::mask));
    }

    private static List<String> texts(List<String> texts) {
        return texts.stream().map(Secrets::mask).toList();
    }
}
