package herd.engine.template;

import java.util.List;
import java.util.Map;

import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.lib.exptest.ExpTest;

/** Ansible's tests on registered results: {@code result is failed}, succeeded, success, changed, skipped. */
final class AnsibleTests {
    private AnsibleTests() {
    }

    static List<ExpTest> all() {
        return List.of(
                test("failed", r -> flag(r, "failed")),
                test("succeeded", r -> !flag(r, "failed")),
                test("success", r -> !flag(r, "failed")),
                test("changed", r -> flag(r, "changed")),
                test("skipped", r -> flag(r, "skipped")));
    }

    private static boolean flag(Map<?, ?> result, String key) {
        Object value = result.get(key);
        return value instanceof Boolean b ? b : value != null && Boolean.parseBoolean(value.toString());
    }

    private static ExpTest test(String name, java.util.function.Predicate<Map<?, ?>> predicate) {
        return new ExpTest() {
            @Override
            public String getName() {
                return name;
            }

            @Override
            public boolean evaluate(Object var, JinjavaInterpreter interpreter, Object... args) {
                if (!(var instanceof Map<?, ?> result)) {
                    throw new TemplateError("the '" + name + "' test needs a registered result, not "
                            + (var == null ? "nothing" : var.getClass().getSimpleName()));
                }
                return predicate.test(result);
            }
        };
    }
}
