package herd.engine.playbook;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import herd.engine.load.Fields;
import herd.engine.load.Problem;
import herd.engine.load.Suggestions;
import herd.engine.load.YamlNode;
import herd.engine.module.Arg;
import herd.engine.module.ModuleSpec;
import herd.engine.template.Templates;

/**
 * Reads a module's arguments as a task writes them (a mapping, {@code key=value} words, a free-form
 * word, plus {@code args:}) and checks them against the module's {@link ModuleSpec} when the
 * playbook is loaded: unknown names, required ones, mutually exclusive ones, types and choices. A
 * value written as a template is checked for its type when it is filled. Aliases become the
 * argument's own name.
 */
final class ModuleArgs {
    private final List<Problem> problems;

    ModuleArgs(List<Problem> problems) {
        this.problems = problems;
    }

    /** The arguments by the spec's names, as plain values; empty when they cannot be read at all. */
    Optional<Map<String, Object>> read(ModuleSpec spec, String key, Fields task) {
        return read(spec, key, task, List.of());
    }

    /** The same, with module_defaults entries (innermost first) under the task's own arguments. */
    Optional<Map<String, Object>> read(ModuleSpec spec, String key, Fields task, List<YamlNode.Entry> defaults) {
        YamlNode value = task.node(key).orElseThrow();
        Map<String, YamlNode.Entry> args = new LinkedHashMap<>();
        switch (value) {
            case YamlNode.Mapping m -> m.entries().forEach(e -> args.put(e.key(), e));
            case YamlNode.Scalar s when s.isNull() -> {
            }
            case YamlNode.Scalar s when spec.rawParams() && !s.isNull() -> rawParams(spec, s, args);
            case YamlNode.Scalar s when spec.freeForm().isPresent() && !s.text().contains("=") ->
                    args.put(spec.freeForm().get(), new YamlNode.Entry(spec.freeForm().get(), s.position(), s));
            case YamlNode.Scalar s when FreeForm.keyValues(s.text()).isPresent() ->
                    FreeForm.keyValues(s.text()).get().forEach((k, v) -> args.put(k, new YamlNode.Entry(k,
                            value.position(), new YamlNode.Scalar(v, v, value.position()))));
            default -> {
                problems.add(Problem.at(value.position(), "'" + key + "' needs a mapping of arguments or key=value words,"
                        + " not " + (value instanceof YamlNode.Scalar ? "this text" : "a " + value.kind()),
                        "write e.g. '" + key + ": msg=\"...\"' or its arguments indented below it"));
                return Optional.empty();
            }
        }
        task.submapping("args").ifPresent(m -> m.entries().forEach(e -> args.putIfAbsent(e.key(), e)));
        for (YamlNode.Entry d : defaults) {
            String name = spec.arg(d.key()).map(Arg::name).orElse(d.key());
            boolean given = args.keySet().stream().anyMatch(k -> spec.arg(k).map(Arg::name).orElse(k).equals(name));
            if (!given) {
                args.put(d.key(), d);
            }
        }
        Map<String, Object> plain = new LinkedHashMap<>();
        for (YamlNode.Entry entry : args.values()) {
            Optional<Arg> arg = spec.arg(entry.key());
            if (arg.isEmpty()) {
                if (!spec.anyArgs()) {
                    unknown(spec, entry);
                }
                plain.put(entry.key(), entry.value().toPlain());
                continue;
            }
            if (plain.containsKey(arg.get().name())) {
                problems.add(Problem.at(entry.keyPosition(), "'" + entry.key() + "' gives the argument '"
                        + arg.get().name() + "' of " + spec.name() + " a second time"));
                continue;
            }
            check(spec, arg.get(), entry.value());
            plain.put(arg.get().name(), entry.value().toPlain());
        }
        for (Arg arg : spec.args().values()) {
            if (arg.required() && !plain.containsKey(arg.name())) {
                problems.add(Problem.at(value.position(), "'" + key + "' needs the argument '" + arg.name() + "'"));
            }
        }
        for (Set<String> exclusive : spec.mutuallyExclusive()) {
            List<String> given = exclusive.stream().filter(plain::containsKey).sorted().toList();
            if (given.size() > 1) {
                problems.add(Problem.at(value.position(), "'" + key + "' takes only one of "
                        + String.join(", ", exclusive.stream().sorted().toList()) + ", not " + String.join(" and ", given)));
            }
        }
        return Optional.of(plain);
    }

    /**
     * A raw-parameter line ({@code raw: echo a=b executable=/bin/bash}): the words Ansible takes out
     * become arguments, the rest of the line, as written, the free-form argument.
     */
    private static void rawParams(ModuleSpec spec, YamlNode.Scalar line, Map<String, YamlNode.Entry> args) {
        String text = line.text();
        StringBuilder rest = new StringBuilder();
        int last = 0;
        for (int[] span : FreeForm.spans(text)) {
            String word = text.substring(span[0], span[1]);
            int eq = word.indexOf('=');
            String name = eq > 0 ? word.substring(0, eq) : "";
            if (ModuleSpec.RAW_PARAM_WORDS.contains(name) && spec.args().containsKey(name) && !args.containsKey(name)) {
                String v = FreeForm.value(word.substring(eq + 1));
                args.put(name, new YamlNode.Entry(name, line.position(), new YamlNode.Scalar(v, v, line.position())));
            } else {
                rest.append(text, last, span[1]);
            }
            last = span[1];
        }
        String free = rest.toString().strip();
        String arg = spec.freeForm().orElseThrow();
        args.put(arg, new YamlNode.Entry(arg, line.position(), new YamlNode.Scalar(free, free, line.position())));
    }

    private void unknown(ModuleSpec spec, YamlNode.Entry entry) {
        Set<String> names = spec.names();
        problems.add(Problem.at(entry.keyPosition(), "unknown key '" + entry.key() + "' in a " + spec.name()
                        + " module's arguments",
                Suggestions.closest(entry.key(), names).map(c -> "did you mean '" + c + "'?")
                        .orElse("valid keys: " + String.join(", ", names.stream().sorted().toList()))));
    }

    /** A value's type and choice, unless it is a template (then it is checked when filled). */
    private void check(ModuleSpec spec, Arg arg, YamlNode node) {
        if (node instanceof YamlNode.Scalar s && s.value() instanceof String text && Templates.isTemplate(text)) {
            return;
        }
        arg.problem(node.toPlain()).ifPresent(wrong -> problems.add(Problem.at(node.position(),
                "'" + arg.name() + "' of " + spec.name() + " " + wrong,
                node instanceof YamlNode.Scalar s && !arg.choices().isEmpty()
                        ? Suggestions.closest(s.text(), arg.choices()).map(c -> "did you mean '" + c + "'?").orElse(null)
                        : null)));
    }
}
