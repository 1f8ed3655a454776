package herd.engine.load;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the keys of one YAML mapping (a play, a task, a group) with type checks. Unknown keys and
 * wrong types become problems in the shared list, so one pass reports everything that is wrong.
 */
public final class Fields {
    private final YamlNode.Mapping mapping;
    private final String what;
    private final List<Problem> problems;

    public Fields(YamlNode.Mapping mapping, String what, List<Problem> problems) {
        this.mapping = mapping;
        this.what = what;
        this.problems = problems;
    }

    /** A mapping, or null with a problem recorded when the node is something else. */
    public static Fields of(YamlNode node, String what, List<Problem> problems) {
        if (node instanceof YamlNode.Mapping m) {
            return new Fields(m, what, problems);
        }
        problems.add(Problem.at(node.position(), "a " + what + " must be a mapping, not a " + node.kind()));
        return null;
    }

    public YamlNode.Mapping mapping() {
        return mapping;
    }

    public Position position() {
        return mapping.position();
    }

    /**
     * Records a problem for each key that is neither known nor handled elsewhere. Keys Ansible has but
     * herd does not support are named as unsupported rather than misspelt.
     */
    public void checkKeys(Set<String> known, Map<String, String> unsupported) {
        for (YamlNode.Entry entry : mapping.entries()) {
            String key = entry.key();
            if (known.contains(key)) {
                continue;
            }
            if (unsupported.containsKey(key)) {
                problems.add(Problem.at(entry.keyPosition(),
                        "'" + key + "' is not supported by herd in a " + what, unsupported.get(key)));
                continue;
            }
            Optional<String> close = Suggestions.closest(key, known);
            problems.add(Problem.at(entry.keyPosition(), "unknown key '" + key + "' in a " + what,
                    close.map(c -> "did you mean '" + c + "'?").orElse("valid keys: " + String.join(", ", known.stream().sorted().toList()))));
        }
    }

    public boolean has(String key) {
        return mapping.get(key).isPresent();
    }

    public Optional<YamlNode> node(String key) {
        return mapping.get(key);
    }

    public Optional<Position> keyPosition(String key) {
        return mapping.entries().stream().filter(e -> e.key().equals(key)).map(YamlNode.Entry::keyPosition).findFirst();
    }

    /** A scalar as text; numbers and booleans are written as YAML would show them. */
    public Optional<YamlNode.Scalar> scalar(String key) {
        Optional<YamlNode> node = mapping.get(key);
        if (node.isEmpty()) {
            return Optional.empty();
        }
        if (node.get() instanceof YamlNode.Scalar s) {
            return s.isNull() ? Optional.empty() : Optional.of(s);
        }
        problems.add(Problem.at(node.get().position(), "'" + key + "' must be a single value, not a " + node.get().kind()));
        return Optional.empty();
    }

    public Optional<String> string(String key) {
        return scalar(key).map(s -> s.value() instanceof String str ? str : s.text());
    }

    /** A boolean as Ansible reads one: YAML booleans or the strings yes/no/true/false/on/off/1/0. */
    public Optional<Boolean> bool(String key) {
        Optional<YamlNode.Scalar> s = scalar(key);
        if (s.isEmpty()) {
            return Optional.empty();
        }
        if (s.get().value() instanceof Boolean b) {
            return Optional.of(b);
        }
        Optional<Boolean> parsed = Booleans.parse(s.get().text());
        if (parsed.isEmpty()) {
            problems.add(Problem.at(s.get().position(), "'" + key + "' must be a boolean, not '" + s.get().text() + "'",
                    "write true or false"));
        }
        return parsed;
    }

    public Optional<Long> integer(String key) {
        Optional<YamlNode.Scalar> s = scalar(key);
        if (s.isEmpty()) {
            return Optional.empty();
        }
        if (s.get().value() instanceof Long l) {
            return Optional.of(l);
        }
        try {
            return Optional.of(Long.parseLong(s.get().text().trim()));
        } catch (NumberFormatException e) {
            problems.add(Problem.at(s.get().position(), "'" + key + "' must be a whole number, not '" + s.get().text() + "'"));
            return Optional.empty();
        }
    }

    public Optional<YamlNode.Sequence> sequence(String key) {
        Optional<YamlNode> node = mapping.get(key);
        if (node.isEmpty() || node.get() instanceof YamlNode.Scalar s && s.isNull()) {
            return Optional.empty();
        }
        if (node.get() instanceof YamlNode.Sequence seq) {
            return Optional.of(seq);
        }
        problems.add(Problem.at(node.get().position(), "'" + key + "' must be a list, not a " + node.get().kind()));
        return Optional.empty();
    }

    public Optional<YamlNode.Mapping> submapping(String key) {
        Optional<YamlNode> node = mapping.get(key);
        if (node.isEmpty() || node.get() instanceof YamlNode.Scalar s && s.isNull()) {
            return Optional.empty();
        }
        if (node.get() instanceof YamlNode.Mapping m) {
            return Optional.of(m);
        }
        problems.add(Problem.at(node.get().position(), "'" + key + "' must be a mapping, not a " + node.get().kind()));
        return Optional.empty();
    }

    public List<Problem> problems() {
        return problems;
    }

    /** Keys in their written order. */
    public List<String> keys() {
        List<String> keys = new ArrayList<>();
        mapping.entries().forEach(e -> keys.add(e.key()));
        return keys;
    }
}
