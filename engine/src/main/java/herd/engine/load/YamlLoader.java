package herd.engine.load;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads YAML into {@link YamlNode}s with positions. SnakeYAML composes the node graph (anchors,
 * aliases and tags resolved with YAML 1.1 rules, as PyYAML does for Ansible); this class only keeps
 * the marks and resolves merge keys.
 */
public final class YamlLoader {
    private YamlLoader() {
    }

    /** Loads one YAML document; an empty file is a null scalar. */
    public static YamlNode load(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new InputException(Problem.at(Position.of(file.toString()), "file not found"));
        } catch (IOException e) {
            throw new InputException(Problem.at(Position.of(file.toString()), "cannot read the file: " + e.getMessage()));
        }
        return parse(file, new StringReader(text));
    }

    public static YamlNode parse(Path file, Reader reader) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(true);
        options.setMaxAliasesForCollections(200);
        Node root;
        try {
            root = new Yaml(options).compose(reader);
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String message = "YAML syntax error: " + (e.getProblem() != null ? e.getProblem() : e.getMessage());
            if (e.getContext() != null) {
                message += " (" + e.getContext() + ")";
            }
            throw new InputException(Problem.at(position(file, mark), message.replace('\n', ' ')));
        } catch (YAMLException e) {
            throw new InputException(Problem.at(Position.of(file.toString()), "YAML error: " + e.getMessage()));
        }
        if (root == null) {
            return new YamlNode.Scalar(null, "", new Position(file, 1, 1));
        }
        return convert(file, root);
    }

    private static YamlNode convert(Path file, Node node) {
        Position position = position(file, node.getStartMark());
        return switch (node) {
            case ScalarNode scalar -> new YamlNode.Scalar(typed(scalar), scalar.getValue(), position);
            case SequenceNode sequence -> {
                List<YamlNode> items = new ArrayList<>();
                for (Node item : sequence.getValue()) {
                    items.add(convert(file, item));
                }
                yield new YamlNode.Sequence(items, position);
            }
            case MappingNode mapping -> new YamlNode.Mapping(entries(file, mapping), position);
            default -> throw new InputException(Problem.at(position, "unsupported YAML node"));
        };
    }

    private static List<YamlNode.Entry> entries(Path file, MappingNode mapping) {
        List<YamlNode.Entry> merged = new ArrayList<>();
        List<YamlNode.Entry> own = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (NodeTuple tuple : mapping.getValue()) {
            Node keyNode = tuple.getKeyNode();
            Position keyPosition = position(file, keyNode.getStartMark());
            if (keyNode.getTag().equals(Tag.MERGE)) {
                merged.addAll(mergeSources(file, tuple.getValueNode(), keyPosition));
                continue;
            }
            if (!(keyNode instanceof ScalarNode scalarKey)) {
                throw new InputException(Problem.at(keyPosition, "a mapping key must be a plain value, not a "
                        + (keyNode instanceof SequenceNode ? "list" : "mapping")));
            }
            String key = scalarKey.getValue();
            if (!seen.add(key)) {
                throw new InputException(Problem.at(keyPosition, "duplicate key '" + key + "'",
                        "each key may appear once in a mapping; remove one of them"));
            }
            own.add(new YamlNode.Entry(key, keyPosition, convert(file, tuple.getValueNode())));
        }
        List<YamlNode.Entry> result = new ArrayList<>();
        for (YamlNode.Entry entry : merged) {
            if (!seen.contains(entry.key())) {
                seen.add(entry.key());
                result.add(entry);
            }
        }
        result.addAll(own);
        return result;
    }

    private static List<YamlNode.Entry> mergeSources(Path file, Node value, Position at) {
        List<YamlNode.Entry> out = new ArrayList<>();
        if (value instanceof MappingNode m) {
            out.addAll(entries(file, m));
        } else if (value instanceof SequenceNode s) {
            for (Node item : s.getValue()) {
                out.addAll(mergeSources(file, item, at));
            }
        } else {
            throw new InputException(Problem.at(at, "a merge key '<<' needs a mapping or a list of mappings"));
        }
        return out;
    }

    private static Object typed(ScalarNode scalar) {
        String text = scalar.getValue();
        Tag tag = scalar.getTag();
        if (Tag.NULL.equals(tag)) {
            return null;
        }
        if (Tag.BOOL.equals(tag)) {
            return switch (text.toLowerCase(Locale.ROOT)) {
                case "yes", "true", "on", "y" -> Boolean.TRUE;
                default -> Boolean.FALSE;
            };
        }
        if (Tag.INT.equals(tag)) {
            return integer(text);
        }
        if (Tag.FLOAT.equals(tag)) {
            try {
                return Double.parseDouble(text.replace("_", ""));
            } catch (NumberFormatException e) {
                return text;
            }
        }
        return text;
    }

    private static Object integer(String text) {
        String t = text.replace("_", "");
        boolean negative = t.startsWith("-");
        if (t.startsWith("-") || t.startsWith("+")) {
            t = t.substring(1);
        }
        try {
            BigInteger value;
            if (t.startsWith("0x")) {
                value = new BigInteger(t.substring(2), 16);
            } else if (t.startsWith("0b")) {
                value = new BigInteger(t.substring(2), 2);
            } else if (t.startsWith("0o")) {
                value = new BigInteger(t.substring(2), 8);
            } else if (t.length() > 1 && t.startsWith("0")) {
                value = new BigInteger(t.substring(1), 8);
            } else {
                value = new BigInteger(t);
            }
            value = negative ? value.negate() : value;
            return value.bitLength() < 64 ? (Object) value.longValue() : value;
        } catch (NumberFormatException e) {
            return text;
        }
    }

    private static Position position(Path file, Mark mark) {
        if (mark == null) {
            return new Position(file, 0, 0);
        }
        return new Position(file, mark.getLine() + 1, mark.getColumn() + 1);
    }
}
