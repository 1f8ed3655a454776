package herd.engine.template;

import java.util.List;
import java.util.Map;

import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.lib.exptest.ExpTest;

/**
 * Ansible's tests on registered results ({@code result is failed}, succeeded, success, changed,
 * skipped), on strings (match, search, regex), on versions (version, version_compare) and on
 * collections (subset, superset, contains, in), with Python's meaning of equality and {@code in}.
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
                regex("regex", java.util.regex.Matcher::find),
                version("version"),
                version("version_compare"),
                expTest("subset", (var, args) -> subset(var, argument("subset", args, 0))),
                expTest("issubset", (var, args) -> subset(var, argument("issubset", args, 0))),
                expTest("superset", (var, args) -> subset(argument("superset", args, 0), var)),
                expTest("issuperset", (var, args) -> subset(argument("issuperset", args, 0), var)),
                expTest("contains", (var, args) -> in(argument("contains", args, 0), var)),
                expTest("in", (var, args) -> in(var, argument("in", args, 0))));
    }

    /** Jinjava hands a test's parenthesized arguments over as one tuple: unpacked here, names kept. */
    private static ExpTest version(String name) {
        return expTest(name, (var, args) -> {
            Object[] unpacked = args.length == 1 && args[0] instanceof List<?> tuple ? tuple.toArray() : args;
            List<Object> positional = PythonValues.positional(unpacked);
            if (positional.isEmpty()) {
                throw new TemplateError("the '" + name + "' test needs a version: x is " + name + "('2.0', '>=')");
            }
            Object operator = positional.size() > 1 ? positional.get(1) : PythonValues.named(unpacked, "operator");
            Object strict = positional.size() > 2 ? positional.get(2) : PythonValues.named(unpacked, "strict");
            Object type = positional.size() > 3 ? positional.get(3) : PythonValues.named(unpacked, "version_type");
            return Versions.compare(Templates.resolved(var), positional.getFirst(), operator, strict, type);
        });
    }

    private static Object argument(String name, Object[] args, int index) {
        List<Object> positional = PythonValues.positional(args);
        if (positional.size() <= index) {
            throw new TemplateError("the '" + name + "' test needs an argument");
        }
        return positional.get(index);
    }

    /** Python's set(a) <= set(b). */
    private static boolean subset(Object a, Object b) {
        List<?> small = ListFilters.list("subset", a);
        List<?> large = ListFilters.list("subset", b);
        return small.stream().allMatch(x -> PythonValues.contains(large, x));
    }

    /** Python's value in seq: a substring of a string, a key of a dict, an item of a list. */
    private static boolean in(Object item, Object seq) {
        Object value = Templates.resolved(item);
        return switch (Templates.resolved(seq)) {
            case String s when value instanceof String v -> s.contains(v);
            case String s -> throw new TemplateError("'in <string>' requires string as left operand, not "
                    + PythonValues.typeName(value));
            case Map<?, ?> m -> m.keySet().stream().anyMatch(k -> PythonValues.equal(k, value));
            case java.util.Collection<?> c -> PythonValues.contains(c, value);
            case null -> throw new TemplateError("argument of type 'NoneType' is not iterable");
            case Object o -> throw new TemplateError("argument of type '" + PythonValues.typeName(o) + "' is not iterable");
        };
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
