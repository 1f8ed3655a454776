package herd.engine.template;

import java.util.List;
import java.util.Map;

import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.lib.exptest.ExpTest;

/**
 * Ansible's tests on registered results ({@code result is failed}, succeeded, success, changed,
 * skipped) and on strings (match, search, regex).
 */
final class AnsibleTests {
    private AnsibleTests() {
    }

    static List<ExpTest> all() {
        return List.of(
                test("failed", r -> flag(r, "failed")),
                test("succeeded", r -> !flag(r, "failed")),
                test("success", r -> !flag(r, "failed")),
                test("changed", r -> flag(r, "changed")),
                test("skipped", r -> flag(r, "skipped")),
                regex("match", (m) -> m.lookingAt()),
                regex("search", java.util.regex.Matcher::find),
                regex("regex", java.util.regex.Matcher::find));
    }

    /** Ansible's match (from the start), search and regex tests on a string. */
    private static ExpTest regex(String name, java.util.function.Predicate<java.util.regex.Matcher> predicate) {
        return expTest(name, (var, args) -> {
            if (args.length < 1 || args[0] == null) {
                throw new TemplateError("the '" + name + "' test needs a pattern: x is " + name + "('^client')");
            }
            return predicate.test(AnsibleFilters.pattern(name, args[0].toString()).matcher(var == null ? "" : var.toString()));
        });
    }

    private static boolean flag(Map<?, ?> result, String key) {
        Object value = result.get(key);
        return value instanceof Boolean b ? b : value != null && Boolean.parseBoolean(value.toString());
    }

    /** A test on a registered result. */
    private static ExpTest test(String name, java.util.function.Predicate<Map<?, ?>> predicate) {
        return expTest(name, (var, args) -> {
            if (!(var instanceof Map<?, ?> result)) {
                throw new TemplateError("the '" + name + "' test needs a registered result, not "
                        + (var == null ? "nothing" : var.getClass().getSimpleName()));
            }
            return predicate.test(result);
        });
    }

    private interface Body {
        boolean evaluate(Object var, Object[] args);
    }

    private static ExpTest expTest(String name, Body body) {
        return new ExpTest() {
            @Override
            public String getName() {
                return name;
            }

            @Override
            public boolean evaluate(Object var, JinjavaInterpreter interpreter, Object... args) {
                return body.evaluate(var, args);
            }
        };
    }
}
