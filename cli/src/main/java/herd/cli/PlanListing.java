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

    static void print(Plan plan, boolean hosts, boolean tasks, PrintWriter out) {
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
                out.println("PLAY [" + play + "] (check: nothing runs)");
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
            out.println(indent + task.displayName());
            if (task.action() instanceof Action.Include include) {
                list(include.tasks(), indent + "  ", out);
            }
        }
    }
}
