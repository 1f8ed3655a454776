package herd.engine.template;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Ansible's {@code version} (alias {@code version_compare}) test: LooseVersion by default,
 * StrictVersion with strict=True or version_type='strict', with Ansible's operators and messages.
 */
final class Versions {
    private static final Map<String, String> OPERATORS = Map.ofEntries(Map.entry("==", "eq"), Map.entry("=", "eq"),
            Map.entry("eq", "eq"), Map.entry("<", "lt"), Map.entry("lt", "lt"), Map.entry("<=", "le"), Map.entry("le", "le"),
            Map.entry(">", "gt"), Map.entry("gt", "gt"), Map.entry(">=", "ge"), Map.entry("ge", "ge"),
            Map.entry("!=", "ne"), Map.entry("<>", "ne"), Map.entry("ne", "ne"));
    private static final String OPERATOR_NAMES = "'==', '=', 'eq', '<', 'lt', '<=', 'le', '>', 'gt', '>=', 'ge', '!=', '<>', 'ne'";
    private static final Pattern LOOSE_PART = Pattern.compile("\\d+|[a-z]+|\\.");
    private static final Pattern STRICT = Pattern.compile("^(\\d+)\\.(\\d+)(\\.(\\d+))?([ab](\\d+))?$");

    private Versions() {
    }

    /** value is version(other, operator, strict=, version_type=). */
    static boolean compare(Object value, Object other, Object operator, Object strict, Object versionType) {
        if (strict != null && versionType != null) {
            throw new TemplateError("Cannot specify both 'strict' and 'version_type'");
        }
        if (!PythonValues.truthy(value)) {
            throw new TemplateError("Input version value cannot be empty");
        }
        if (!PythonValues.truthy(other)) {
            throw new TemplateError("Version parameter to compare against cannot be empty");
        }
        String type = PythonValues.truthy(strict) ? "strict" : versionType == null ? "loose" : PythonValues.text(versionType);
        if (!type.equals("loose") && !type.equals("strict")) {
            throw new TemplateError("herd supports the version types 'loose' and 'strict', not '" + type + "'");
        }
        String op = OPERATORS.get(operator == null ? "eq" : PythonValues.text(operator));
        if (op == null) {
            throw new TemplateError("Invalid operator type (" + operator + "). Must be one of " + OPERATOR_NAMES);
        }
        String a = PythonValues.text(value);
        String b = PythonValues.text(other);
        List<Object> x = type.equals("strict") ? strict(a) : loose(a);
        List<Object> y = type.equals("strict") ? strict(b) : loose(b);
        if (op.equals("eq") || op.equals("ne")) {
            return PythonValues.equal(x, y) == op.equals("eq");
        }
        int c;
        try {
            c = PythonValues.compare(x, y, "version");
        } catch (TemplateError e) {
            throw new TemplateError("Version comparison failed: " + e.getMessage().substring("version: ".length()));
        }
        return switch (op) {
            case "lt" -> c < 0;
            case "le" -> c <= 0;
            case "gt" -> c > 0;
            default -> c >= 0;
        };
    }

    /** LooseVersion's components: numbers, lower-case words and whatever lies between them, without dots. */
    static List<Object> loose(String version) {
        List<Object> parts = new ArrayList<>();
        Matcher m = LOOSE_PART.matcher(version);
        int last = 0;
        while (m.find()) {
            if (m.start() > last) {
                parts.add(version.substring(last, m.start()));
            }
            String part = m.group();
            if (!part.equals(".")) {
                parts.add(part.matches("\\d+") ? (Object) Long.valueOf(part) : part);
            }
            last = m.end();
        }
        if (last < version.length()) {
            parts.add(version.substring(last));
        }
        return parts;
    }

    /**
     * StrictVersion as a list that orders as it does: major, minor, patch, then 1 for a release or 0
     * with the pre-release letter and number (a release sorts after its pre-releases).
     */
    static List<Object> strict(String version) {
        Matcher m = STRICT.matcher(version);
        if (!m.matches()) {
            throw new TemplateError("Version comparison failed: invalid version number '" + version + "'");
        }
        List<Object> parts = new ArrayList<>(List.of(Long.valueOf(m.group(1)), Long.valueOf(m.group(2)),
                m.group(4) == null ? 0L : Long.valueOf(m.group(4))));
        if (m.group(5) == null) {
            parts.add(1L);
        } else {
            parts.addAll(List.of(0L, m.group(5).substring(0, 1), Long.valueOf(m.group(6))));
        }
        return parts;
    }
}
