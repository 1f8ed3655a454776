package herd.engine.load;

import java.io.IOException;
import java.io.StringReader;
import java.math.BigInteger;
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
import org.yaml.snakeyaml.events.CollectionEndEvent;
import org.yaml.snakeyaml.events.CollectionStartEvent;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.reader.ReaderException;
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
        boolean vaulted;
        try {
            byte[] bytes = InputFiles.read(file);
            vaulted = herd.engine.vault.VaultText.isVault(bytes);
            text = new String(herd.engine.vault.Vault.decrypted(bytes), java.nio.charset.StandardCharsets.UTF_8);
        } catch (herd.engine.vault.VaultException e) {
            throw new InputException(Problem.at(new Position(file, 1, 1), "cannot decrypt the vault file: "
                    + e.getMessage()));
        } catch (NoSuchFileException e) {
            throw new InputException(Problem.at(Position.of(file.toString()), "file not found"));
        } catch (InputFiles.TooLarge e) {
            throw new InputException(Problem.at(new Position(file, 1, 1), e.getMessage()));
        } catch (IOException e) {
            throw new InputException(Problem.at(Position.of(file.toString()), "cannot read the file: " + e.getMessage()));
        }
        YamlNode root = parse(file, text);
        if (vaulted) {
            secrets(root);
        }
        return root;
    }

    /** Every value of a vault file is a secret (its keys are not). */
    private static void secrets(YamlNode node) {
        switch (node) {
            case YamlNode.Scalar s -> {
                if (s.value() != null) {
                    herd.engine.vault.Secrets.add(s.text());
                }
            }
            case YamlNode.Sequence seq -> seq.items().forEach(YamlLoader::secrets);
            case YamlNode.Mapping m -> m.entries().forEach(e -> secrets(e.value()));
        }
    }

    /** The deepest nesting of lists and mappings herd reads (SnakeYAML's own default). */
    static final int MAX_DEPTH = 50;
    /** The most values a document may stand for once its aliases are expanded (a bound on alias bombs). */
    static final int MAX_VALUES = 1_000_000;

    /** Parses one YAML document of {@code text}, read from {@code file}. */
    public static YamlNode parse(Path file, String text) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(true);
        options.setMaxAliasesForCollections(200);
        options.setNestingDepthLimit(MAX_DEPTH);
        options.setCodePointLimit(InputFiles.MAX_BYTES);
        Node root;
        try {
            root = new Yaml(options).compose(new StringReader(text));
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String message = "YAML syntax error: " + (e.getProblem() != null ? e.getProblem() : e.getMessage());
            if (e.getContext() != null) {
                message += " (" + e.getContext() + ")";
            }
            throw new InputException(Problem.at(position(file, mark), message.replace('\n', ' ')));
        } catch (ReaderException e) {
            throw new InputException(Problem.at(InputFiles.positionOf(file, text, e.getPosition()),
                    String.format("the file is not YAML text: character U+%04X is not allowed in YAML", e.getCodePoint())));
        } catch (YAMLException e) {
            if (String.valueOf(e.getMessage()).startsWith("Nesting Depth exceeded")) {
                throw new InputException(Problem.at(tooDeep(file, text),
                        "lists and mappings nested more than " + MAX_DEPTH + " deep, herd's limit"));
            }
            throw new InputException(Problem.at(new Position(file, 1, 1), "YAML error: " + e.getMessage()));
        }
        if (root == null) {
            return new YamlNode.Scalar(null, "", new Position(file, 1, 1));
        }
        return new Converter(file).convert(root);
    }

    /** Where the nesting first goes past {@link #MAX_DEPTH}: found again with the event parser, which does not recurse. */
    private static Position tooDeep(Path file, String text) {
        int depth = 0;
        try {
            for (Event event : new Yaml().parse(new StringReader(text))) {
                if (event instanceof CollectionStartEvent) {
                    depth++;
                    if (depth > MAX_DEPTH) {
                        return position(file, event.getStartMark());
                    }
                } else if (event instanceof CollectionEndEvent) {
                    depth--;
                }
            }
        } catch (YAMLException e) {
            // the position stays unknown
        }
        return new Position(file, 1, 1);
    }

    /** Turns SnakeYAML's node graph into a tree, counting the values so aliases cannot multiply without bound. */
    private static final class Converter {
        private final Path file;
        private int values;

        Converter(Path file) {
            this.file = file;
        }

        YamlNode convert(Node node) {
            Position position = position(file, node.getStartMark());
            if (++values > MAX_VALUES) {
                throw new InputException(Problem.at(position, "the aliases of this document stand for more than "
                        + String.format("%,d", MAX_VALUES) + " values, herd's limit (an alias bomb?)"));
            }
            return switch (node) {
                case ScalarNode scalar when scalar.getTag().getValue().equals("!vault") -> {
                    try {
                        String plain = herd.engine.vault.Vault.inline(scalar.getValue());
                        yield new YamlNode.Scalar(plain, plain, position);
                    } catch (herd.engine.vault.VaultException e) {
                        throw new InputException(Problem.at(position, "cannot decrypt this !vault value: " + e.getMessage()));
                    }
                }
                case ScalarNode scalar -> new YamlNode.Scalar(typed(scalar), scalar.getValue(), position);
                case SequenceNode sequence -> {
                    List<YamlNode> items = new ArrayList<>();
                    for (Node item : sequence.getValue()) {
                        items.add(convert(item));
                    }
                    yield new YamlNode.Sequence(items, position);
                }
                case MappingNode mapping -> new YamlNode.Mapping(entries(mapping), position);
                default -> throw new InputException(Problem.at(position, "unsupported YAML node"));
            };
        }

        private List<YamlNode.Entry> entries(MappingNode mapping) {
            List<YamlNode.Entry> merged = new ArrayList<>();
            List<YamlNode.Entry> own = new ArrayList<>();
            Set<String> seen = new HashSet<>();
            for (NodeTuple tuple : mapping.getValue()) {
                Node keyNode = tuple.getKeyNode();
                Position keyPosition = position(file, keyNode.getStartMark());
                if (keyNode.getTag().equals(Tag.MERGE)) {
                    merged.addAll(mergeSources(tuple.getValueNode(), keyPosition));
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
                own.add(new YamlNode.Entry(key, keyPosition, convert(tuple.getValueNode())));
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

        private List<YamlNode.Entry> mergeSources(Node value, Position at) {
            List<YamlNode.Entry> out = new ArrayList<>();
            if (value instanceof MappingNode m) {
                out.addAll(entries(m));
            } else if (value instanceof SequenceNode s) {
                for (Node item : s.getValue()) {
                    out.addAll(mergeSources(item, at));
                }
            } else {
                throw new InputException(Problem.at(at, "a merge key '<<' needs a mapping or a list of mappings"));
            }
            return out;
        }
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
