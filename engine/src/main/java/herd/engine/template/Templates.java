package herd.engine.template;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hubspot.jinjava.Jinjava;
import com.hubspot.jinjava.JinjavaConfig;
import com.hubspot.jinjava.interpret.LazyExpression;
import com.hubspot.jinjava.interpret.RenderResult;
import com.hubspot.jinjava.interpret.TemplateError.ErrorType;
import com.hubspot.jinjava.lib.fn.ELFunctionDefinition;

/**
 * Ansible's templating on Jinjava: fails on undefined variables, knows Ansible's extra filters and
 * tests, and resolves variables whose values are templates lazily, when a template reads them, as
 * Ansible does. One instance is shared by the whole run; it is thread-safe.
 */
public final class Templates {
    private static final String UNKNOWN_TOKEN = "Unknown token found:";
    private static final Pattern SINGLE_EXPRESSION = Pattern.compile("^\\s*\\{\\{((?:(?!\\{\\{|\\}\\}).)*)\\}\\}\\s*$",
            Pattern.DOTALL);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ThreadLocal<Set<String>> RESOLVING = ThreadLocal.withInitial(LinkedHashSet::new);

    /**
     * The value of {@code omit}: a module argument whose value is exactly this is left out, as
     * Ansible's {@code {{ omit }}} and {@code default(omit)} do.
     */
    private static final String OMIT = "__omit_place_holder__"
            + java.util.HexFormat.of().formatHex(new java.security.SecureRandom().generateSeed(20));

    private final Jinjava jinjava;

    public Templates() {
        this.jinjava = jinjava(true, false);
    }

    /** A Jinjava with Ansible's filters, tests and lookups, and the given block whitespace control. */
    private static Jinjava jinjava(boolean trimBlocks, boolean lstripBlocks) {
        JinjavaConfig config = JinjavaConfig.newBuilder()
                // Jinja2 as Python has it: lists and dicts render as ['a', 'b'] and {'k': 'v'}, 'not'
                // binds more loosely than comparisons, a for loop over a dict walks its keys
                .withLegacyOverrides(com.hubspot.jinjava.LegacyOverrides.newBuilder()
                        .withUsePyishObjectMapper(true)
                        .withUseNaturalOperatorPrecedence(true)
                        .withIterateOverMapKeys(true)
                        .withEvaluateMapKeys(true)
                        .build())
                .withFailOnUnknownTokens(true)
                .withElResolver(PythonMethods.resolver())
                .withTrimBlocks(trimBlocks)
                .withLstripBlocks(lstripBlocks)
                .build();
        Jinjava jinjava = new Jinjava(config);
        AnsibleFilters.all().forEach(jinjava.getGlobalContext()::registerFilter);
        AnsibleTests.all().forEach(jinjava.getGlobalContext()::registerExpTest);
        for (String[] function : new String[][] {{"lookup", "lookup"}, {"query", "query"}, {"q", "query"}}) {
            jinjava.getGlobalContext().registerFunction(new ELFunctionDefinition("", function[0], Lookups.class,
                    function[1], String.class, Object[].class));
        }
        jinjava.getGlobalContext().registerFunction(new ELFunctionDefinition("", "dict", Globals.class, "dict",
                Object[].class));
        jinjava.getGlobalContext().put("omit", OMIT);
        return jinjava;
    }

    private final Map<String, Jinjava> byWhitespace = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * Renders a whole template file as Ansible's template module does ({@link TemplateFile}: its
     * {@code #jinja2:} first line, the delimiters, trim_blocks, lstrip_blocks, newline_sequence, and
     * the file's trailing newlines kept).
     */
    public String renderFile(String source, Map<String, Object> vars, TemplateFile settings) {
        TemplateFile.Prepared prepared = settings.prepare(source);
        TemplateFile s = prepared.settings();
        Jinjava engine = s.trimBlocks() && !s.lstripBlocks() ? jinjava
                : byWhitespace.computeIfAbsent(s.trimBlocks() + "/" + s.lstripBlocks(),
                        k -> jinjava(s.trimBlocks(), s.lstripBlocks()));
        String out = isTemplate(prepared.text()) ? render(engine, prepared.text(), vars) : prepared.text();
        return prepared.finish(out);
    }

    /** True when a filled value is {@code omit}: the module argument it fills is to be left out. */
    public static boolean isOmit(Object value) {
        return OMIT.equals(value);
    }

    private static final ThreadLocal<Boolean> CHECKING = ThreadLocal.withInitial(() -> false);

    /**
     * Runs the check of a playbook (the planner's pass over every template): lookups that run a
     * command on the controller (pipe, lines) give nothing instead of running it.
     */
    public static <T> T whileChecking(java.util.function.Supplier<T> check) {
        boolean before = CHECKING.get();
        CHECKING.set(true);
        try {
            return check.get();
        } finally {
            CHECKING.set(before);
        }
    }

    static boolean checking() {
        return CHECKING.get();
    }

    /** True when the text holds template syntax; plain text is returned as it is without Jinjava. */
    public static boolean isTemplate(String text) {
        return text.contains("{{") || text.contains("{%") || text.contains("{#");
    }

    /** Renders a template to text. */
    public String render(String template, Map<String, Object> vars) {
        if (!isTemplate(template)) {
            return template;
        }
        String plain = plainNames(template, vars);
        return plain != null ? plain : render(jinjava, template, vars);
    }

    /**
     * The most common template, text with {@code {{ name }}} of defined variables whose values are
     * text (no template in it) or whole numbers, filled without Jinjava (whose every render copies its global context:
     * a per-host cost that made {@code herd check} of 10,000 hosts take seconds); {@code null} for any
     * other template, which Jinjava renders.
     */
    private static String plainNames(String template, Map<String, Object> vars) {
        StringBuilder out = new StringBuilder(template.length() + 32);
        int at = 0;
        while (true) {
            int open = template.indexOf("{{", at);
            String text = template.substring(at, open < 0 ? template.length() : open);
            if (text.contains("{%") || text.contains("{#") || text.contains("}}")) {
                return null;
            }
            out.append(text);
            if (open < 0) {
                return out.toString();
            }
            int close = template.indexOf("}}", open + 2);
            if (close < 0) {
                return null;
            }
            String name = template.substring(open + 2, close).strip();
            if (!PLAIN_NAME.matcher(name).matches() || !vars.containsKey(name)) {
                return null;
            }
            Object value = resolved(vars.get(name));
            if (value instanceof String str && !isTemplate(str) || value instanceof Integer || value instanceof Long) {
                out.append(value);
            } else {
                return null;
            }
            at = close + 2;
        }
    }

    private static final Pattern PLAIN_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private static String render(Jinjava jinjava, String template, Map<String, Object> vars) {
        RenderResult result = jinjava.renderForResult(StringLiterals.pythonEscapes(StringLiterals.numericAttributes(StringLiterals.nestedBraces(template))), vars);
        List<com.hubspot.jinjava.interpret.TemplateError> fatal = result.getErrors().stream()
                .filter(e -> e.getSeverity() == ErrorType.FATAL)
                .toList();
        if (!fatal.isEmpty()) {
            String message = fatal.stream().map(Templates::describe).distinct().collect(Collectors.joining("; "));
            boolean undefined = fatal.stream().allMatch(e -> e.getMessage().contains(UNKNOWN_TOKEN)
                    || cause(e).map(TemplateError::undefined).orElse(false));
            throw undefined ? TemplateError.undefined(message) : new TemplateError(message);
        }
        return result.getOutput();
    }

    /** Evaluates a Jinja2 expression (no braces) to plain data: strings, numbers, booleans, lists, maps. */
    public Object evaluate(String expression, Map<String, Object> vars) {
        // Jinjava reads a parenthesized expression that starts with a dict literal as a tuple
        String json = expression.strip().startsWith("{")
                ? render("{% set herd_value__ = " + expression + " %}{{ herd_value__ | tojson }}", vars)
                : render("{{ (" + expression + ") | tojson }}", vars);
        Object value;
        try {
            value = JSON.readValue(json, Object.class);
        } catch (JsonProcessingException e) {
            return json;
        }
        if (value == null && !test("(" + expression + ") is defined", vars)) {
            throw TemplateError.undefined("'" + expression.trim() + "' is undefined");
        }
        return value;
    }

    /** A condition as Ansible's when/until/failed_when read it: a bare expression, braces tolerated. */
    public boolean test(String condition, Map<String, Object> vars) {
        String expression = condition.trim();
        Matcher single = SINGLE_EXPRESSION.matcher(StringLiterals.nestedBraces(expression));
        if (single.matches()) {
            expression = single.group(1).trim();
        }
        return "1".equals(render("{% if " + Precedence.pythonNot(expression) + " %}1{% else %}0{% endif %}", vars).trim());
    }

    /**
     * A variable's value with its templates filled: a string that is one {@code {{ expression }}}
     * keeps the expression's type (a list stays a list), other strings are rendered, lists and maps
     * are filled item by item.
     */
    public Object value(Object raw, Map<String, Object> vars) {
        return switch (raw) {
            case String s when isTemplate(s) -> {
                Matcher single = SINGLE_EXPRESSION.matcher(StringLiterals.nestedBraces(s));
                yield single.matches() ? evaluate(single.group(1), vars) : render(s, vars);
            }
            case List<?> list -> {
                List<Object> out = new ArrayList<>(list.size());
                for (Object item : list) {
                    out.add(value(item, vars));
                }
                yield out;
            }
            case Map<?, ?> map -> {
                Map<String, Object> out = new LinkedHashMap<>();
                map.forEach((k, v) -> out.put(String.valueOf(k), value(v, vars)));
                yield out;
            }
            case null, default -> raw;
        };
    }

    /**
     * The variables with every templated value wrapped so that it is filled when a template reads
     * it, from the same variables; a variable that refers to itself is an error.
     */
    public Map<String, Object> lazy(Map<String, Object> vars) {
        Map<String, Object> out = new HashMap<>(vars);
        for (Map.Entry<String, Object> entry : vars.entrySet()) {
            if (holdsTemplate(entry.getValue())) {
                String name = entry.getKey();
                Object raw = entry.getValue();
                out.put(name, LazyExpression.of(() -> resolve(name, raw, out), name));
            }
        }
        return out;
    }

    /** A variable's value as templates see it: a lazily filled one is filled now. */
    public static Object resolved(Object value) {
        return value instanceof LazyExpression lazy ? lazy.get() : value;
    }

    private Object resolve(String name, Object raw, Map<String, Object> vars) {
        Set<String> resolving = RESOLVING.get();
        if (!resolving.add(name)) {
            throw new TemplateError("recursive loop detected in template of '" + name + "'");
        }
        try {
            return value(raw, vars);
        } finally {
            resolving.remove(name);
        }
    }

    /** A value whose contents templates read on demand: never scanned or filled as a whole. */
    public interface Opaque {
    }

    /**
     * The list as a value that is never scanned for templates: for lists of names only (the hosts of
     * a play), which every host's variables share, so scanning them per host would cost hosts squared.
     */
    public static <T> List<T> opaque(List<T> list) {
        final class OpaqueList extends java.util.AbstractList<T> implements Opaque, java.util.RandomAccess {
            @Override
            public T get(int index) {
                return list.get(index);
            }

            @Override
            public int size() {
                return list.size();
            }
        }
        return new OpaqueList();
    }

    private static boolean holdsTemplate(Object value) {
        return switch (value) {
            case Opaque opaque -> false;
            case String s -> isTemplate(s);
            case List<?> list -> list.stream().anyMatch(Templates::holdsTemplate);
            case Map<?, ?> map -> map.values().stream().anyMatch(Templates::holdsTemplate);
            case null, default -> false;
        };
    }

    /** The error a filter, test or lookup of herd's threw, when Jinjava wrapped one. */
    private static java.util.Optional<TemplateError> cause(com.hubspot.jinjava.interpret.TemplateError error) {
        for (Throwable t = error.getException(); t != null; t = t.getCause()) {
            if (t instanceof TemplateError herd) {
                return java.util.Optional.of(herd);
            }
        }
        return java.util.Optional.empty();
    }

    private static String describe(com.hubspot.jinjava.interpret.TemplateError error) {
        java.util.Optional<TemplateError> herd = cause(error);
        if (herd.isPresent()) {
            return herd.get().getMessage();
        }
        String message = error.getMessage();
        int inner = message.lastIndexOf("TemplateError: ");
        if (inner >= 0) {
            message = message.substring(inner + "TemplateError: ".length());
        }
        int unknown = message.indexOf(UNKNOWN_TOKEN);
        if (unknown >= 0) {
            return "'" + message.substring(unknown + UNKNOWN_TOKEN.length()).trim() + "' is undefined";
        }
        int recursive = message.indexOf("recursive loop detected");
        if (recursive >= 0) {
            return message.substring(recursive);
        }
        return message;
    }
}
