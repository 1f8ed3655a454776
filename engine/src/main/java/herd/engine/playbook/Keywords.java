package herd.engine.playbook;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import herd.engine.load.Fields;
import herd.engine.load.Problem;
import herd.engine.load.YamlNode;

/**
 * Reads the values of the keywords plays, blocks, tasks and role entries share (names, tags,
 * conditions, vars, become, loops, until, options such as no_log and environment, vars_files,
 * vars_prompt), each checked where it is written; what is wrong goes to the loader's problems.
 */
final class Keywords {
    static final String NOT_YET = "herd does not run it yet; see the README's reference for what is supported";
    private static final Set<String> LOOP_CONTROL_KEYS = Set.of("label", "loop_var", "index_var", "pause");

    private final List<Problem> problems;

    Keywords(List<Problem> problems) {
        this.problems = problems;
    }

    /** A play's connection: ssh (and Ansible's names for it) or local. */
    Optional<Text> connection(Fields fields) {
        Optional<Text> connection = text(fields, "connection");
        connection.filter(c -> !List.of("ssh", "smart", "paramiko", "local").contains(c.raw())
                && !herd.engine.template.Templates.isTemplate(c.raw())).ifPresent(c -> problems.add(Problem.at(
                c.position(), "connection '" + c.raw() + "' is not supported by herd", "herd connects with 'ssh' or 'local'")));
        return connection;
    }

    /** hosts: a pattern, or a list of patterns (joined with ',', as Ansible joins them). */
    Optional<Text> hosts(Fields fields) {
        Optional<YamlNode> node = fields.node("hosts");
        if (node.isEmpty() || node.get() instanceof YamlNode.Scalar s && s.isNull()) {
            problems.add(Problem.at(fields.position(), "a play needs 'hosts'", "add 'hosts: all' or a group name"));
            return Optional.empty();
        }
        if (node.get() instanceof YamlNode.Sequence seq) {
            List<Text> patterns = texts(seq, "hosts");
            return patterns.isEmpty() ? Optional.empty() : Optional.of(new Text(String.join(",",
                    patterns.stream().map(Text::raw).toList()), seq.position()));
        }
        return text(fields, "hosts");
    }

    /** become_method: herd becomes another user with sudo or su (a template is decided per host). */
    void becomeMethod(Fields fields) {
        fields.scalar("become_method").filter(s -> !Become.METHODS.contains(s.text()) && !s.text().contains("{{"))
                .ifPresent(s -> problems.add(Problem.at(s.position(), "become_method '" + s.text()
                        + "' is not supported by herd: it becomes users with sudo or su",
                        "write 'become_method: sudo' or 'become_method: su'")));
    }


    /** vars_prompt: a list of prompts (name, prompt, default, private, confirm). */
    List<VarPrompt> prompts(Fields fields) {
        List<VarPrompt> out = new ArrayList<>();
        fields.sequence("vars_prompt").ifPresent(seq -> {
            for (YamlNode node : seq.items()) {
                Fields p = Fields.of(node, "vars_prompt entry", problems);
                if (p == null) {
                    continue;
                }
                p.checkKeys(Set.of("name", "prompt", "default", "private", "confirm", "unsafe"),
                        Map.of("encrypt", "herd does not encrypt prompted values", "salt_size", NOT_YET, "salt", NOT_YET));
                Optional<String> var = p.string("name");
                if (var.isEmpty()) {
                    problems.add(Problem.at(p.position(), "a vars_prompt entry needs 'name'"));
                    continue;
                }
                out.add(new VarPrompt(var.get(), p.string("prompt").orElse(var.get()), p.scalar("default").map(YamlNode.Scalar::text),
                        p.bool("private").orElse(true), p.bool("confirm").orElse(false), p.position()));
            }
        });
        return out;
    }

    /** vars_files: a list of paths; an entry that is itself a list takes the first file that exists. */
    List<Play.VarsFile> varsFiles(Fields fields) {
        List<Play.VarsFile> out = new ArrayList<>();
        fields.node("vars_files").ifPresent(node -> {
            List<YamlNode> entries = node instanceof YamlNode.Sequence seq ? seq.items() : List.of(node);
            for (YamlNode entry : entries) {
                List<Text> candidates = texts(entry, "vars_files");
                if (!candidates.isEmpty()) {
                    out.add(new Play.VarsFile(candidates));
                }
            }
        });
        return out;
    }

    /** no_log, any_errors_fatal, throttle, ignore_unreachable, check_mode, diff, ... as written on a task, block or play. */
    TaskOptions options(Fields fields) {
        return options(fields, true);
    }

    /** The same; a play's any_errors_fatal is read with its serial rules ({@link Rolling}). */
    TaskOptions options(Fields fields, boolean anyErrorsFatal) {
        Optional<Integer> throttle = fields.integer("throttle").map(Long::intValue);
        throttle.filter(n -> n < 1).ifPresent(n -> problems.add(Problem.at(fields.node("throttle").get().position(),
                "'throttle' must be at least 1")));
        return new TaskOptions(fields.bool("no_log").orElse(false),
                anyErrorsFatal && fields.bool("any_errors_fatal").orElse(false),
                throttle.filter(n -> n >= 1), fields.bool("ignore_unreachable").orElse(false), environment(fields),
                fields.bool("delegate_facts").orElse(false), fields.bool("check_mode"), fields.bool("diff"),
                text(fields, "remote_user"), text(fields, "async").map(s -> new TaskOptions.Async(s, text(fields, "poll"))));
    }

    /** environment: a mapping, a list of mappings, or a template that gives one. */
    List<Object> environment(Fields fields) {
        Optional<YamlNode> node = fields.node("environment");
        if (node.isEmpty()) {
            return List.of();
        }
        List<YamlNode> layers = node.get() instanceof YamlNode.Sequence seq ? seq.items() : List.of(node.get());
        List<Object> out = new ArrayList<>();
        for (YamlNode layer : layers) {
            switch (layer) {
                case YamlNode.Mapping m -> out.add(m.toPlain());
                case YamlNode.Scalar s when s.value() instanceof String text
                        && herd.engine.template.Templates.isTemplate(text) -> out.add(text);
                default -> problems.add(Problem.at(layer.position(), "'environment' takes a mapping of variables to"
                        + " values, or a template that gives one", "write environment:\n  PATH: /opt/plone/bin:/usr/bin"));
            }
        }
        return out;
    }

    /** tags: a name or a list of names; templates are refused because herd filters tasks before the run. */
    Set<String> tags(Fields fields) {
        return fields.node("tags").map(node -> (Set<String>) new LinkedHashSet<>(names(node, "tags"))).orElse(Set.of());
    }

    /** A name or a list of names (tags, listen), each a plain value; "a, b" is split at commas as Ansible does. */
    List<String> names(YamlNode node, String key) {
        List<String> out = new ArrayList<>();
        for (Text text : texts(node, key)) {
            if (herd.engine.template.Templates.isTemplate(text.raw())) {
                problems.add(Problem.at(text.position(), "'" + key + "' cannot be a template in herd: it is decided"
                        + " before the run", "write the names themselves"));
                continue;
            }
            for (String part : key.equals("tags") ? text.raw().split(",") : new String[] {text.raw()}) {
                if (!part.isBlank()) {
                    out.add(part.strip());
                }
            }
        }
        return out;
    }

    List<Text> texts(YamlNode node, String key) {
        List<Text> out = new ArrayList<>();
        List<YamlNode> items = node instanceof YamlNode.Sequence seq ? seq.items() : List.of(node);
        for (YamlNode item : items) {
            if (item instanceof YamlNode.Scalar s && !s.isNull()) {
                out.add(new Text(s.text(), s.position()));
            } else {
                problems.add(Problem.at(item.position(), "'" + key + "' takes a name or a list of names, not a "
                        + item.kind()));
            }
        }
        return out;
    }

    Rolling rolling(Fields fields) {
        List<Text> serial = new ArrayList<>();
        fields.node("serial").ifPresent(node -> {
            List<YamlNode> items = node instanceof YamlNode.Sequence seq ? seq.items() : List.of(node);
            for (YamlNode item : items) {
                if (item instanceof YamlNode.Scalar s && !s.isNull()
                        && (s.text().matches("\\d+%?") || herd.engine.template.Templates.isTemplate(s.text()))) {
                    serial.add(new Text(s.text(), s.position()));
                } else {
                    problems.add(Problem.at(item.position(), "'serial' takes a number of hosts, a percentage or a list of"
                            + " them, not '" + (item instanceof YamlNode.Scalar s ? s.text() : item.kind()) + "'",
                            "write serial: 1, serial: \"30%\" or serial: [1, 2, \"50%\"]"));
                }
            }
        });
        Optional<Integer> maxFail = fields.integer("max_fail_percentage").map(Long::intValue);
        maxFail.ifPresent(v -> {
            if (v < 0 || v > 100) {
                problems.add(Problem.at(fields.node("max_fail_percentage").get().position(),
                        "'max_fail_percentage' must be between 0 and 100"));
            }
        });
        Rolling.Order order = Rolling.Order.INVENTORY;
        Optional<YamlNode.Scalar> written = fields.scalar("order");
        if (written.isPresent()) {
            try {
                order = Rolling.Order.valueOf(written.get().text().toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                problems.add(Problem.at(written.get().position(), "'order' must be inventory, reverse_inventory, sorted,"
                        + " reverse_sorted or shuffle, not '" + written.get().text() + "'"));
            }
        }
        Rolling.Strategy strategy = Rolling.Strategy.LINEAR;
        Optional<YamlNode.Scalar> named = fields.scalar("strategy");
        if (named.isPresent()) {
            switch (named.get().text()) {
                case "linear", "ansible.builtin.linear" -> strategy = Rolling.Strategy.LINEAR;
                case "free", "ansible.builtin.free", "host_pinned", "ansible.builtin.host_pinned" ->
                        strategy = Rolling.Strategy.FREE;
                default -> problems.add(Problem.at(named.get().position(), "strategy '" + named.get().text()
                        + "' is not supported by herd", "write strategy: linear, free or host_pinned"));
            }
        }
        return new Rolling(serial, maxFail, fields.bool("any_errors_fatal").orElse(false), order, strategy);
    }

    /** vars: a mapping, or a list of mappings merged in order (Ansible still takes that form). */
    Map<String, Object> vars(Fields fields) {
        Map<String, Object> vars = new LinkedHashMap<>();
        List<YamlNode.Mapping> mappings = new ArrayList<>();
        if (fields.node("vars").orElse(null) instanceof YamlNode.Sequence seq) {
            for (YamlNode item : seq.items()) {
                if (item instanceof YamlNode.Mapping m) {
                    mappings.add(m);
                } else {
                    problems.add(Problem.at(item.position(), "'vars' as a list takes mappings, not a " + item.kind()));
                }
            }
        } else {
            fields.submapping("vars").ifPresent(mappings::add);
        }
        for (YamlNode.Mapping m : mappings) {
            for (YamlNode.Entry entry : m.entries()) {
                if (!entry.key().matches("[A-Za-z_][A-Za-z0-9_]*")) {
                    problems.add(Problem.at(entry.keyPosition(), "'" + entry.key() + "' is not a valid variable name",
                            "use letters, digits and underscores, starting with a letter or underscore"));
                }
                vars.put(entry.key(), entry.value().toPlain());
            }
        }
        return vars;
    }

    Become become(Fields fields) {
        return becomeWithoutFlags(fields).withFlags(text(fields, "become_flags")).withMethod(text(fields, "become_method"));
    }

    private Become becomeWithoutFlags(Fields fields) {
        Optional<YamlNode.Scalar> written = fields.node("become").filter(n -> n instanceof YamlNode.Scalar s
                && s.value() instanceof String text && herd.engine.template.Templates.isTemplate(text))
                .map(n -> (YamlNode.Scalar) n);
        if (written.isPresent()) {
            return new Become(Optional.empty(), text(fields, "become_user"),
                    Optional.of(new Text(written.get().text(), written.get().position())));
        }
        return new Become(fields.bool("become"), text(fields, "become_user"));
    }

    Optional<Loop> loop(Fields fields) {
        List<String> keys = fields.keys().stream()
                .filter(k -> k.equals("loop") || k.startsWith("with_") && Loop.LOOKUPS.contains(k.substring(5))).toList();
        if (keys.size() > 1) {
            problems.add(Problem.at(fields.keyPosition(keys.get(1)).get(), "a task takes one loop, not "
                    + String.join(" and ", keys)));
            return Optional.empty();
        }
        Optional<YamlNode.Mapping> control = fields.submapping("loop_control");
        if (keys.isEmpty()) {
            control.ifPresent(c -> problems.add(Problem.at(fields.keyPosition("loop_control").get(),
                    "'loop_control' does nothing without 'loop'")));
            return Optional.empty();
        }
        String key = keys.getFirst();
        YamlNode node = fields.node(key).orElseThrow();
        Optional<String> lookup = key.equals("loop") ? Optional.empty() : Optional.of(key.substring(5));
        Object items = switch (node) {
            case YamlNode.Sequence seq -> seq.toPlain();
            case YamlNode.Scalar s when s.value() instanceof String text -> new Text(text, s.position());
            case YamlNode.Mapping m when lookup.isPresent() -> m.toPlain();
            case YamlNode.Scalar s when lookup.isPresent() && !s.isNull() -> s.toPlain();
            default -> {
                problems.add(Problem.at(node.position(), "'" + key + "' takes a list or a template that gives one, not a "
                        + node.kind(), "write " + key + ": \"{{ plone_clients }}\" or a YAML list"));
                yield List.of();
            }
        };
        String loopVar = "item";
        Optional<Text> label = Optional.empty();
        Optional<String> indexVar = Optional.empty();
        Duration pause = Duration.ZERO;
        Optional<Text> pauseTemplate = Optional.empty();
        if (control.isPresent()) {
            Fields c = new Fields(control.get(), "loop_control", problems);
            c.checkKeys(LOOP_CONTROL_KEYS, Map.of());
            loopVar = c.string("loop_var").orElse("item");
            label = text(c, "label");
            indexVar = c.string("index_var");
            pauseTemplate = templated(c, "pause");
            if (pauseTemplate.isEmpty()) {
                pause = c.integer("pause").map(Duration::ofSeconds).orElse(Duration.ZERO);
            }
        }
        return Optional.of(new Loop(items, loopVar, label, indexVar, pause, lookup, node.position(), pauseTemplate));
    }

    /** A condition or a list of conditions (all must hold), as Ansible's when, changed_when, failed_when. */
    List<Text> conditions(Fields fields, String key) {
        Optional<YamlNode> node = fields.node(key);
        if (node.isEmpty()) {
            return List.of();
        }
        List<Text> out = new ArrayList<>();
        List<YamlNode> items = node.get() instanceof YamlNode.Sequence seq ? seq.items() : List.of(node.get());
        for (YamlNode item : items) {
            if (item instanceof YamlNode.Scalar s && !s.isNull()) {
                out.add(new Text(s.value() instanceof Boolean b ? (b ? "True" : "False") : s.text(), s.position()));
            } else {
                problems.add(Problem.at(item.position(), "'" + key + "' takes an expression or a list of expressions, not a "
                        + item.kind(), "write " + key + ": result.rc == 0"));
            }
        }
        return out;
    }

    Optional<Until> until(Fields fields) {
        List<Text> until = conditions(fields, "until");
        Optional<Text> retriesTemplate = templated(fields, "retries");
        Optional<Text> delayTemplate = templated(fields, "delay");
        Optional<Long> retries = retriesTemplate.isPresent() ? Optional.empty() : fields.integer("retries");
        Optional<Long> delay = delayTemplate.isPresent() ? Optional.empty() : fields.integer("delay");
        if (until.isEmpty()) {
            for (String key : List.of("retries", "delay")) {
                fields.keyPosition(key).ifPresent(at -> problems.add(Problem.at(at,
                        "'" + key + "' does nothing without 'until'", "add 'until: <condition>' or remove '" + key + "'")));
            }
            return Optional.empty();
        }
        return Optional.of(new Until(until, retries.orElse(3L).intValue(), Duration.ofSeconds(Math.max(0, delay.orElse(5L))),
                retriesTemplate, delayTemplate));
    }

    /** A value written as a template, to be decided per host when the task runs. */
    static Optional<Text> templated(Fields fields, String key) {
        return fields.node(key).filter(n -> n instanceof YamlNode.Scalar s && s.value() instanceof String text
                        && herd.engine.template.Templates.isTemplate(text))
                .map(n -> new Text(((YamlNode.Scalar) n).text(), n.position()));
    }

    /** The words of an argv list, each a template of its own. */
    List<Text> argv(Fields args) {
        List<Text> words = new ArrayList<>();
        args.sequence("argv").ifPresent(seq -> {
            for (YamlNode item : seq.items()) {
                if (item instanceof YamlNode.Scalar s && !s.isNull()) {
                    words.add(new Text(s.text(), s.position()));
                } else {
                    problems.add(Problem.at(item.position(), "an argv word must be a single value, not a " + item.kind()));
                }
            }
        });
        return words;
    }

    static Optional<Text> text(Fields fields, String key) {
        return fields.scalar(key).map(s -> new Text(s.value() instanceof String str ? str : s.text(), s.position()));
    }
}
