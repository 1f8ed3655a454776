package herd.engine.run;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

import herd.engine.event.HostStats;
import herd.engine.event.ItemResult;
import herd.engine.event.Status;
import herd.engine.event.StepResult;
import herd.engine.inventory.Host;
import herd.engine.playbook.Action;
import herd.engine.playbook.Loop;
import herd.engine.playbook.Play;
import herd.engine.playbook.Task;
import herd.engine.template.TemplateError;

/**
 * include_tasks on one host: which loop items take the file in (its {@code when} per item), the
 * include's own step (ok when taken in, skipped when not, as Ansible shows it), and the items the
 * host then walks, each with the include's variables and loop variable as include params.
 */
final class Includes {
    private final RunState run;

    Includes(RunState run) {
        this.run = run;
    }

    /** What including gave the host: the items to walk (none when skipped), or a failed include. */
    record Expansion(List<HostPosition.Item> items, boolean failed) {
    }

    /** @param name the include's name as shown (a role's task as "role : task") */
    Expansion expand(Play play, Task task, String name, Host host, Map<String, Object> vars, HostPosition.Item outer,
                     boolean rescues) {
        String prefix = outer.prefix();
        List<Object> items = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        if (task.loop().isEmpty()) {
            items.add(null);
            labels.add("");
        } else {
            Loop loop = task.loop().get();
            try {
                for (Object item : Loops.items(run.templates, loop, run.templates.lazy(vars))) {
                    Map<String, Object> itemVars = new HashMap<>(vars);
                    itemVars.put(loop.loopVar(), item);
                    items.add(item);
                    labels.add(Loops.label(run.templates, loop, item, run.templates.lazy(itemVars)));
                }
            } catch (TemplateError e) {
                run.record(failedStep(play, task, host, prefix, "loop: " + e.getMessage(), rescues));
                return new Expansion(List.of(), true);
            }
        }
        List<HostPosition.Item> taken = new ArrayList<>();
        List<Boolean> takenAt = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            // the include's own vars reach its tasks, as Ansible's include parameters do
            Map<String, Object> params = new HashMap<>(outer.vars());
            params.putAll(task.vars());
            if (task.loop().isPresent()) {
                params.put(task.loop().get().loopVar(), items.get(i));
                long index = i;
                task.loop().get().indexVar().ifPresent(indexVar -> params.put(indexVar, index));
            }
            Map<String, Object> whenVars = new HashMap<>(vars);
            whenVars.putAll(params);
            boolean holds;
            try {
                holds = Loops.allHold(run.templates, task.when(), run.templates.lazy(whenVars));
            } catch (TemplateError e) {
                run.record(failedStep(play, task, host, prefix, "when: " + e.getMessage(), rescues));
                return new Expansion(List.of(), true);
            }
            takenAt.add(holds);
            if (holds) {
                taken.add(new HostPosition.Item(params, prefix + (labels.get(i).isEmpty() ? "" : labels.get(i) + " | ")));
            }
        }
        // as Ansible, the include itself is a step, and the recap counts an ok for each item taken in
        // (an include_role's step it counts only when skipped)
        StepResult included = includeStep(play, task, name, host, prefix, labels, takenAt);
        if (((Action.Include) task.action()).role() && !taken.isEmpty()) {
            run.recordUncounted(included);
            return new Expansion(taken, false);
        }
        run.record(included);
        for (long more = taken.size() - 1; more > 0; more--) {
            synchronized (run) {
                run.stats.merge(host.name(), HostStats.ZERO.plus(included), (old, one) -> old.plus(included));
            }
        }
        return new Expansion(taken, false);
    }

    private static StepResult includeStep(Play play, Task task, String name, Host host, String prefix,
                                          List<String> labels, List<Boolean> taken) {
        Action.Include include = (Action.Include) task.action();
        boolean any = taken.contains(true);
        List<ItemResult> items = new ArrayList<>();
        if (task.loop().isPresent()) {
            for (int i = 0; i < labels.size(); i++) {
                items.add(new ItemResult(labels.get(i), taken.get(i) ? Status.OK : Status.SKIPPED, OptionalInt.empty(),
                        "", "", Optional.of(taken.get(i) ? "included" : "Conditional result was False")));
            }
        }
        return new StepResult(host.name(), play.displayName(), prefix + name,
                any ? Status.OK : Status.SKIPPED, OptionalInt.empty(), "", "",
                Optional.of(any ? "included: " + include.file().raw() : "Conditional result was False"), false,
                Instant.now(), Duration.ZERO, items);
    }

    static StepResult failedStep(Play play, Task task, Host host, String prefix, String message, boolean rescues) {
        return new StepResult(host.name(), play.displayName(), prefix + task.displayName(), Status.FAILED,
                OptionalInt.empty(), "", "", Optional.of(message), task.ignoreErrors(), Instant.now(),
                Duration.ZERO, List.of(), rescues && !task.ignoreErrors(), false);
    }
}
