package herd.engine.load;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A parsed YAML value that remembers where it was written. */
public sealed interface YamlNode permits YamlNode.Scalar, YamlNode.Sequence, YamlNode.Mapping {

    Position position();

    /** The value as plain Java data (String, Long, Double, Boolean, null, List, Map), for variables. */
    Object toPlain();

    /** What the node is, in the words a YAML error message uses. */
    String kind();

    /** A scalar with its YAML 1.1 type resolved, as PyYAML and so Ansible resolve it. */
    record Scalar(Object value, String text, Position position) implements YamlNode {
        @Override
        public Object toPlain() {
            return value;
        }

        @Override
        public String kind() {
            if (value == null) {
                return "null";
            }
            return switch (value) {
                case Boolean b -> "boolean";
                case Number n -> "number";
                default -> "string";
            };
        }

        public boolean isNull() {
            return value == null;
        }
    }

    record Sequence(List<YamlNode> items, Position position) implements YamlNode {
        public Sequence {
            items = List.copyOf(items);
        }

        @Override
        public Object toPlain() {
            List<Object> out = new ArrayList<>(items.size());
            for (YamlNode item : items) {
                out.add(item.toPlain());
            }
            return out;
        }

        @Override
        public String kind() {
            return "list";
        }
    }

    record Entry(String key, Position keyPosition, YamlNode value) {
    }

    record Mapping(List<Entry> entries, Position position) implements YamlNode {
        public Mapping {
            entries = List.copyOf(entries);
        }

        public Optional<YamlNode> get(String key) {
            for (Entry entry : entries) {
                if (entry.key().equals(key)) {
                    return Optional.of(entry.value());
                }
            }
            return Optional.empty();
        }

        @Override
        public Object toPlain() {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Entry entry : entries) {
                out.put(entry.key(), entry.value().toPlain());
            }
            return out;
        }

        @Override
        public String kind() {
            return "mapping";
        }
    }
}
