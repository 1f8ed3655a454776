package herd.it.compare;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one tool did with one playbook, in the terms both tools share: per host, the steps in the
 * order they ran there; the recap per host; the exit code.
 *
 * @param steps per host, in the order the host went through them
 * @param stats per host: ok, changed, failed, skipped, unreachable, ignored (and rescued when the tool counts it)
 */
public record Observed(int exitCode, Map<String, List<Step>> steps, Map<String, Map<String, Integer>> stats) {
    public Observed {
        Map<String, List<Step>> copy = new LinkedHashMap<>();
        steps.forEach((host, list) -> copy.put(host, List.copyOf(list)));
        steps = copy;
        stats = Map.copyOf(stats);
    }

    /**
     * One task on one host.
     *
     * @param action the module as written in the playbook (known from Ansible's report only; null from herd's)
     * @param rc     the exit code, null when the step ran no command
     * @param msg    the message a user reads: debug's output, fail's and assert's message (null when none)
     * @param items  one entry per loop item, empty for a task without a loop
     */
    public record Step(String play, String task, String action, String status, boolean ignored, Integer rc,
                       String stdout, String stderr, String msg, String skipReason, List<Item> items) {
        public Step {
            items = List.copyOf(items);
        }

        Step renamed(String newTask) {
            return new Step(play, newTask, action, status, ignored, rc, stdout, stderr, msg, skipReason, items);
        }
    }

    /** One loop item of a step. */
    public record Item(String label, String status, Integer rc, String stdout, String stderr, String msg) {
    }
}
