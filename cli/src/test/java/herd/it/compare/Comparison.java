package herd.it.compare;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.core.io.JsonStringEncoder;

/**
 * The differences between what ansible-playbook did (the reference) and what herd did with the same
 * playbook and inventory, one line per difference, each naming host, play and task with Ansible's
 * value first. No line means herd behaved as Ansible.
 */
public final class Comparison {
    private static final Set<String> MESSAGE_MODULES = Set.of("debug", "fail", "assert");
    private static final List<String> COUNTS = List.of("ok", "changed", "failed", "skipped", "unreachable", "ignored");

    private final List<String> differences = new ArrayList<>();
    /** The run showed diffs (--diff): Ansible's modules return some even without it, which nobody sees. */
    private final boolean diffMode;

    private Comparison(boolean diffMode) {
        this.diffMode = diffMode;
    }

    public static List<String> of(Observed ansible, Observed herd) {
        return of(ansible, herd, false);
    }

    /** @param diffMode the case ran with --diff: the diffs are compared too */
    public static List<String> of(Observed ansible, Observed herd, boolean diffMode) {
        Comparison c = new Comparison(diffMode);
        Set<String> hosts = new TreeSet<>(ansible.steps().keySet());
        hosts.addAll(herd.steps().keySet());
        for (String host : hosts) {
            c.host(host, ansible.steps().getOrDefault(host, List.of()), herd.steps().getOrDefault(host, List.of()));
        }
        c.stats(ansible.stats(), herd.stats());
        c.exitCode(ansible, herd);
        return List.copyOf(c.differences);
    }

    private void host(String host, List<Observed.Step> ansible, List<Observed.Step> herd) {
        Map<String, Observed.Step> expected = keyed(ansible);
        Map<String, Observed.Step> actual = keyed(normalized(ansible, herd));
        for (Map.Entry<String, Observed.Step> e : expected.entrySet()) {
            Observed.Step h = actual.get(e.getKey());
            if (h == null) {
                differences.add(where(host, e.getValue()) + "ansible has this step (" + status(e.getValue())
                        + "), herd has none");
            } else {
                step(where(host, e.getValue()), e.getValue(), h);
            }
        }
        for (Map.Entry<String, Observed.Step> e : actual.entrySet()) {
            if (!expected.containsKey(e.getKey())) {
                differences.add(where(host, e.getValue()) + "herd has this step (" + status(e.getValue())
                        + "), ansible has none");
            }
        }
        List<String> ansibleOrder = new ArrayList<>(expected.keySet());
        List<String> herdOrder = new ArrayList<>(actual.keySet());
        ansibleOrder.retainAll(actual.keySet());
        herdOrder.retainAll(expected.keySet());
        if (!ansibleOrder.equals(herdOrder)) {
            differences.add("[" + host + "] steps ran in another order: ansible " + readable(ansibleOrder) + ", herd "
                    + readable(herdOrder));
        }
    }

    /**
     * herd names a step of a file that include_tasks runs for a loop item "label | task"; Ansible
     * names it "task". A herd name that Ansible does not have is matched without such prefixes when
     * Ansible has the shorter name in that play.
     */
    private static List<Observed.Step> normalized(List<Observed.Step> ansible, List<Observed.Step> herd) {
        Set<String> names = new LinkedHashSet<>();
        ansible.forEach(s -> names.add(s.play() + "\0" + s.task()));
        List<Observed.Step> out = new ArrayList<>();
        for (Observed.Step s : herd) {
            String task = s.task();
            while (!names.contains(s.play() + "\0" + task) && task.contains(" | ")) {
                task = task.substring(task.indexOf(" | ") + 3);
            }
            out.add(names.contains(s.play() + "\0" + task) ? s.renamed(task) : s);
        }
        return out;
    }

    /** play, task and how many times the host ran a step of that name before: the same in both tools. */
    private static Map<String, Observed.Step> keyed(List<Observed.Step> steps) {
        Map<String, Observed.Step> keyed = new java.util.LinkedHashMap<>();
        Map<String, Integer> seen = new HashMap<>();
        for (Observed.Step s : steps) {
            String name = s.play() + "\0" + s.task();
            int n = seen.merge(name, 1, Integer::sum);
            keyed.put(name + "\0" + n, s);
        }
        return keyed;
    }

    private void step(String where, Observed.Step a, Observed.Step h) {
        same(where, "status", status(a), status(h));
        if (a.rc() != null || h.rc() != null) {
            same(where, "rc", a.rc(), h.rc());
            // A module that fails with an rc (lineinfile's 257) has no stdout key at all in Ansible's result.
            same(where, "stdout", orEmpty(a.stdout()), orEmpty(h.stdout()));
            same(where, "stderr", orEmpty(a.stderr()), orEmpty(h.stderr()));
        }
        // A skipped step printed nothing; why it was skipped is compared below.
        if (MESSAGE_MODULES.contains(a.action()) && a.items().isEmpty() && !a.status().equals("skipped")) {
            same(where, "msg", orEmpty(a.msg()), orEmpty(h.msg()));
        }
        if (a.status().equals("skipped") && a.skipReason() != null) {
            same(where, "skip reason", a.skipReason(), h.skipReason());
        }
        // a task with diff: true shows its diffs without --diff
        if (diffMode || !h.diffs().isEmpty()) {
            same(where, "diff", a.diffs(), h.diffs());
        }
        if (a.items().size() != h.items().size()) {
            differences.add(where + "loop items: ansible " + a.items().size() + " (" + labels(a) + "), herd "
                    + h.items().size() + " (" + labels(h) + ")");
            return;
        }
        for (int i = 0; i < a.items().size(); i++) {
            Observed.Item ai = a.items().get(i);
            Observed.Item hi = h.items().get(i);
            String item = where + "item " + (i + 1) + " ";
            same(item, "label", ai.label(), hi.label());
            same(item, "status", ai.status(), hi.status());
            if (ai.rc() != null || hi.rc() != null) {
                same(item, "rc", ai.rc(), hi.rc());
                same(item, "stdout", orEmpty(ai.stdout()), orEmpty(hi.stdout()));
                same(item, "stderr", orEmpty(ai.stderr()), orEmpty(hi.stderr()));
            }
            if (MESSAGE_MODULES.contains(a.action()) && !ai.status().equals("skipped")) {
                same(item, "msg", orEmpty(ai.msg()), orEmpty(hi.msg()));
            }
        }
    }

    private void stats(Map<String, Map<String, Integer>> ansible, Map<String, Map<String, Integer>> herd) {
        Set<String> hosts = new TreeSet<>(ansible.keySet());
        hosts.addAll(herd.keySet());
        for (String host : hosts) {
            Map<String, Integer> a = ansible.get(host);
            Map<String, Integer> h = herd.get(host);
            // herd's recap also lists a host of the play that never got to run (its batch never
            // started); Ansible leaves it out. All zeros and no line say the same: it did nothing.
            if (a == null && h != null && h.values().stream().allMatch(n -> n == 0)) {
                continue;
            }
            if (a == null || h == null) {
                differences.add("[" + host + "] recap: ansible " + a + ", herd " + h);
                continue;
            }
            for (String count : COUNTS) {
                same("[" + host + "] recap ", count, a.get(count), h.get(count));
            }
            // herd counts no 'rescued' until it runs blocks; then it must agree with Ansible.
            if (a.get("rescued") != 0 || h.containsKey("rescued")) {
                same("[" + host + "] recap ", "rescued", a.get("rescued"), h.get("rescued"));
            }
        }
    }

    /**
     * ansible-playbook 2.14 returns 4 when a host was unreachable, even if another failed; herd
     * returns what Ansible documents (2 a host failed, else 3 a host was unreachable, README "Exit
     * codes"). The expected code is derived from Ansible's recap, and checked against Ansible's own.
     */
    private void exitCode(Observed ansible, Observed herd) {
        boolean failed = ansible.stats().values().stream().anyMatch(s -> s.get("failed") > 0);
        boolean unreachable = ansible.stats().values().stream().anyMatch(s -> s.get("unreachable") > 0);
        // ansible-playbook returns 4 for unreachable hosts where herd keeps 3 (README); 0 stays 0, also
        // when meta clear_host_errors made a failure that the recap still counts not count
        int expected = ansible.exitCode() == 0 ? 0 : failed ? 2 : unreachable ? 3 : ansible.exitCode();
        if (ansible.exitCode() != 0 && ansible.exitCode() != 2 && ansible.exitCode() != 4) {
            differences.add("ansible-playbook itself ended with exit code " + ansible.exitCode()
                    + " (an error in the case, not in herd?)");
        }
        same("", "exit code (ansible-playbook returned " + ansible.exitCode() + ")", expected, herd.exitCode());
    }

    private void same(String where, String what, Object ansible, Object herd) {
        if (!Objects.equals(ansible, herd)) {
            differences.add(where + what + ": ansible " + show(ansible) + ", herd " + show(herd));
        }
    }

    private static String where(String host, Observed.Step s) {
        return "[" + host + "] play '" + s.play() + "' task '" + s.task() + "': ";
    }

    private static String status(Observed.Step s) {
        return s.status() + (s.ignored() ? " (ignored)" : "");
    }

    private static String labels(Observed.Step s) {
        return String.join(", ", s.items().stream().map(Observed.Item::label).toList());
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }

    private static String readable(List<String> keys) {
        return keys.stream().map(k -> k.replace('\0', '/')).toList().toString();
    }

    private static String show(Object value) {
        if (value instanceof String s) {
            return "\"" + new String(JsonStringEncoder.getInstance().quoteAsString(s)) + "\"";
        }
        return String.valueOf(value);
    }
}
