package herd.engine.run;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import herd.engine.playbook.Action;
import herd.engine.playbook.Task;

/**
 * --tags and --skip-tags, with Ansible's special tags: {@code always} runs unless skipped by name,
 * {@code never} only when asked for by name, {@code tagged}, {@code untagged} and {@code all}.
 * Handlers are not filtered: they run when notified, as in Ansible.
 */
public record TagFilter(Set<String> only, Set<String> skip) {
    public static final TagFilter ALL = new TagFilter(Set.of(), Set.of());

    public TagFilter {
        only = Set.copyOf(only.isEmpty() ? Set.of("all") : only);
        skip = Set.copyOf(skip);
    }

    /** Ansible's Taggable.evaluate_tags. */
    public boolean selects(Set<String> taskTags) {
        Set<String> tags = taskTags.isEmpty() ? Set.of("untagged") : taskTags;
        boolean untagged = taskTags.isEmpty();
        boolean run = tags.contains("always")
                || only.contains("all") && !tags.contains("never")
                || tags.stream().anyMatch(only::contains)
                || only.contains("tagged") && !untagged && !tags.contains("never");
        if (!run || skip.isEmpty()) {
            return run;
        }
        if (skip.contains("all")) {
            return tags.contains("always") && !skip.contains("always");
        }
        return tags.stream().noneMatch(skip::contains) && !(skip.contains("tagged") && !untagged);
    }

    /** The tasks this filter selects; blocks keep their selected tasks, include_tasks files theirs. */
    public List<Task> filter(List<Task> tasks) {
        List<Task> out = new ArrayList<>();
        for (Task task : tasks) {
            switch (task.action()) {
                case Action.Block b -> {
                    Action.Block kept = new Action.Block(filter(b.block()), filter(b.rescue()), filter(b.always()));
                    if (!kept.tasks().isEmpty()) {
                        out.add(task.withAction(kept));
                    }
                }
                case Action.Include i -> {
                    if (selects(task.tags())) {
                        out.add(task.withAction(i.with(filter(i.tasks()))));
                    }
                }
                case Action.Command c -> keep(task, out);
                case Action.Shell s -> keep(task, out);
                case Action.Module m -> keep(task, out);
            }
        }
        return out;
    }

    private void keep(Task task, List<Task> out) {
        if (selects(task.tags())) {
            out.add(task);
        }
    }
}
