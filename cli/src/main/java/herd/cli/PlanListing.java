package herd.cli;

import java.io.PrintWriter;
import java.util.List;

import herd.engine.inventory.Host;
import herd.engine.playbook.Action;
import herd.engine.playbook.Task;
import herd.engine.run.DryRun;
import herd.engine.run.Plan;
import herd.engine.run.PlannedPlay;

/** --list-hosts and --list-tasks, as ansible-playbook prints them: the plan, and nothing runs. */
final class PlanListing {
    private PlanListing() {
    }

    static void print(Plan plan, boolean hosts, boolean tasks, boolean tags, PrintWriter out) {
        out.println();
        out.println("playbook: " + plan.playbook().file());
        int number = 0;
        for (PlannedPlay planned : plan.plays()) {
            number++;
            out.println();
            out.println("  play #" + number + " (" + planned.play().hosts().raw() + "): " + planned.play().displayName());
            if (hosts) {
                out.println("    pattern: ['" + planned.play().hosts().raw() + "']");
                out.println("    hosts (" + planned.hosts().size() + "):");
                for (Host host : planned.hosts()) {
                    out.println("      " + host.name());
                }
            }
            if (tasks) {
                out.println("    tasks:");
                list(planned.play().tasks(), "      ", out);
            }
            if (tags) {
                java.util.Set<String> all = new java.util.TreeSet<>();
                collectTags(planned.play().tasks(), all);
                out.println("      TASK TAGS: [" + String.join(", ", all) + "]");
            }
        }
        out.flush();
    }

    static void printDryRun(List<DryRun.Step> steps, PrintWriter out) {
        String play = null;
        String task = null;
        for (DryRun.Step step : steps) {
            if (!step.play().equals(play)) {
                play = step.play();
                task = null;
                out.println();
                out.println("PLAY [" + play + "] (dry run: nothing runs)");
            }
            if (!step.task().equals(task)) {
                task = step.task();
            }
            out.println("  [" + step.host() + "] " + step.task() + ": " + step.would());
        }
        out.flush();
    }

    private static void list(List<Task> tasks, String indent, PrintWriter out) {
        for (Task task : tasks) {
            switch (task.action()) {
                case Action.Block block -> {
                    list(block.block(), indent, out);
                    list(block.rescue(), indent, out);
                    list(block.always(), indent, out);
                }
                case Action.Include include -> {
                    out.println(indent + task.displayName() + tags(task));
                    list(include.tasks(), indent + "  ", out);
                }
                default -> out.println(indent + task.displayName() + tags(task));
            }
        }
    }

    private static String tags(Task task) {
        return "\tTAGS: [" + String.join(", ", new java.util.TreeSet<>(task.tags())) + "]";
    }

    private static void collectTags(List<Task> tasks, java.util.Set<String> into) {
        for (Task task : tasks) {
            into.addAll(task.tags());
            switch (task.action()) {
                case Action.Block block -> collectTags(block.tasks(), into);
                case Action.Include include -> collectTags(include.tasks(), into);
                default -> {
                }
            }
        }
    }
}
