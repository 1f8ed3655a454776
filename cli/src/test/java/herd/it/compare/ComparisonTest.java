package herd.it.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The comparison itself can fail: each kind of difference gives its line, and agreement gives none. */
class ComparisonTest {
    private static final Map<String, Integer> RECAP = Map.of("ok", 1, "changed", 1, "failed", 0, "skipped", 0,
            "unreachable", 0, "ignored", 0, "rescued", 0);

    private static Observed.Step command(String task, String status, int rc, String stdout) {
        return new Observed.Step("p", task, "command", status, false, rc, stdout, "", null, null, List.of());
    }

    private static Observed run(int exit, Observed.Step... steps) {
        return new Observed(exit, Map.of("h1", List.of(steps)), Map.of("h1", RECAP));
    }

    @Test
    void agreementGivesNoLine() {
        Observed a = run(0, command("t", "changed", 0, "hi"));
        assertEquals(List.of(), Comparison.of(a, run(0, command("t", "changed", 0, "hi"))));
    }

    @Test
    void statusOutputAndExitCodeDifferencesAreEachALine() {
        Observed a = run(0, command("t", "changed", 0, "hi"));
        Observed h = run(2, command("t", "failed", 1, "ho"));
        assertEquals(List.of(
                "[h1] play 'p' task 't': status: ansible \"changed\", herd \"failed\"",
                "[h1] play 'p' task 't': rc: ansible 0, herd 1",
                "[h1] play 'p' task 't': stdout: ansible \"hi\", herd \"ho\"",
                "exit code (ansible-playbook returned 0): ansible 0, herd 2"), Comparison.of(a, h));
    }

    @Test
    void aStepInOneToolOnlyIsNamed() {
        Observed a = run(0, command("t", "changed", 0, "hi"), command("u", "changed", 0, ""));
        Observed h = run(0, command("t", "changed", 0, "hi"), command("v", "changed", 0, ""));
        assertEquals(List.of(
                "[h1] play 'p' task 'u': ansible has this step (changed), herd has none",
                "[h1] play 'p' task 'v': herd has this step (changed), ansible has none"), Comparison.of(a, h));
    }

    @Test
    void anIgnoredFailureDiffersFromAFatalOne() {
        Observed.Step ignored = new Observed.Step("p", "t", "command", "failed", true, 1, "", "", null, null, List.of());
        Observed.Step fatal = new Observed.Step("p", "t", "command", "failed", false, 1, "", "", null, null, List.of());
        assertEquals(List.of("[h1] play 'p' task 't': status: ansible \"failed (ignored)\", herd \"failed\""),
                Comparison.of(run(0, ignored), run(0, fatal)));
    }

    @Test
    void herdsLabelPrefixOfAnIncludedStepMatchesAnsiblesPlainName() {
        Observed a = run(0, command("greet", "changed", 0, "x"), command("greet", "changed", 0, "y"));
        Observed h = run(0, command("x | greet", "changed", 0, "x"), command("y | greet", "changed", 0, "y"));
        assertEquals(List.of(), Comparison.of(a, h));
    }

    @Test
    void recapCountsAreCompared() {
        Observed a = run(0, command("t", "changed", 0, "hi"));
        Observed h = new Observed(0, a.steps(), Map.of("h1", Map.of("ok", 1, "changed", 0, "failed", 0, "skipped", 0,
                "unreachable", 0, "ignored", 0)));
        assertEquals(List.of("[h1] recap changed: ansible 1, herd 0"), Comparison.of(a, h));
    }

    @Test
    void unreachableIsExitCodeThreeForHerdWhereAnsible214ReturnsFour() {
        Map<String, Integer> dark = Map.of("ok", 0, "changed", 0, "failed", 0, "skipped", 0, "unreachable", 1,
                "ignored", 0, "rescued", 0);
        Observed a = new Observed(4, Map.of(), Map.of("h9", dark));
        assertEquals(List.of(), Comparison.of(a, new Observed(3, Map.of(), Map.of("h9", dark))));
        assertEquals(List.of("exit code (ansible-playbook returned 4): ansible 3, herd 4"),
                Comparison.of(a, new Observed(4, Map.of(), Map.of("h9", dark))));
    }

    @Test
    void aHostThatNeverRanMayHaveAnAllZeroRecapLineInHerdButNoMore() {
        Map<String, Integer> zero = Map.of("ok", 0, "changed", 0, "failed", 0, "skipped", 0, "unreachable", 0,
                "ignored", 0);
        Observed a = run(0, command("t", "changed", 0, "hi"));
        Observed h = new Observed(0, a.steps(), Map.of("h1", RECAP, "h3", zero));
        assertEquals(List.of(), Comparison.of(a, h));
        Observed busy = new Observed(0, a.steps(), Map.of("h1", RECAP, "h3", RECAP));
        assertEquals(List.of("[h3] recap: ansible null, herd " + RECAP), Comparison.of(a, busy));
    }
}
