package herd.engine.inventory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import herd.engine.inventory.InventoryBuilder.GroupDraft;
import herd.engine.inventory.InventoryBuilder.HostDraft;
import herd.engine.load.Position;
import herd.engine.load.Problem;

/**
 * Reads Ansible's INI inventory format with the rules of its {@code ini} plugin: hosts before any
 * section are ungrouped; {@code [group]} lists hosts with inline {@code key=value} variables (values
 * read as Python literals), {@code [group:children]} names child groups (which may be declared
 * later), {@code [group:vars]} sets group variables; {@code #} and {@code ;} start comment lines;
 * host names may carry {@code :port} and ranges. Unlike Ansible, which stops at the first error,
 * every problem is reported.
 */
final class IniInventory {
    private static final Pattern SECTION = Pattern.compile("^\\[([^:\\]\\s]+)(?::(\\w+))?\\]\\s*(?:#.*)?$",
            Pattern.UNICODE_CHARACTER_CLASS);
    private static final Pattern GROUP_NAME = Pattern.compile("^([^:\\]\\s]+)\\s*(?:#.*)?$", Pattern.UNICODE_CHARACTER_CLASS);

    private enum State { HOSTS, CHILDREN, VARS, SKIP }

    /** A group named before it was declared, as Ansible's {@code pending_declarations}. */
    private static final class Pending {
        final State state;
        final Position position;
        final List<String> parents = new ArrayList<>();

        Pending(State state, Position position) {
            this.state = state;
            this.position = position;
        }
    }

    private final java.nio.file.Path file;
    private final InventoryBuilder builder;
    private final List<Problem> problems = new ArrayList<>();
    private final Map<String, Pending> pending = new LinkedHashMap<>();
    private GroupDraft group;
    private State state = State.HOSTS;
    private int lineNumber;
    private int indent;

    private IniInventory(java.nio.file.Path file, InventoryBuilder builder, Position origin) {
        this.file = file;
        this.builder = builder;
        this.group = builder.group(InventoryBuilder.UNGROUPED, origin);
    }

    /**
     * Reads the lines of {@code file} into the builder. Returns the problems of the file itself (empty
     * when it was fine), which the caller reports or not; problems of the whole inventory, such as a
     * loop of groups, go to the builder's list.
     */
    static List<Problem> read(java.nio.file.Path file, List<String> lines, InventoryBuilder builder) {
        IniInventory reader = new IniInventory(file, builder, new Position(file, 1, 1));
        for (String line : lines) {
            reader.lineNumber++;
            reader.line(line);
        }
        reader.unresolved();
        return reader.problems;
    }

    private Position at(int offset) {
        return new Position(file, lineNumber, indent + offset + 1);
    }

    private void line(String raw) {
        String line = raw.strip();
        if (line.isEmpty() || line.charAt(0) == '#' || line.charAt(0) == ';') {
            return;
        }
        indent = raw.indexOf(line.charAt(0));
        Matcher section = SECTION.matcher(line);
        if (section.matches()) {
            section(section);
            return;
        }
        if (line.startsWith("[") && line.endsWith("]")) {
            problems.add(Problem.at(at(0), "invalid section header '" + line + "'",
                    "write [group], [group:children] or [group:vars], without spaces"));
            state = State.SKIP;
            return;
        }
        switch (state) {
            case HOSTS -> hostLine(line);
            case VARS -> varsLine(line);
            case CHILDREN -> childLine(line);
            case SKIP -> { }
        }
    }

    private void section(Matcher m) {
        // Ansible warns about names such as web-servers but keeps them (TRANSFORM_INVALID_GROUP_CHARS=never).
        String name = m.group(1);
        String kind = m.group(2) == null ? "hosts" : m.group(2);
        state = switch (kind) {
            case "hosts" -> State.HOSTS;
            case "children" -> State.CHILDREN;
            case "vars" -> State.VARS;
            default -> State.SKIP;
        };
        if (state == State.SKIP) {
            problems.add(Problem.at(at(m.start(2)), "unknown section type '" + kind + "' in [" + m.group(1) + ":" + kind + "]",
                    "a section is [group], [group:children] or [group:vars]"));
            return;
        }
        Position position = at(1);
        if (builder.existing(name).isEmpty()) {
            // [g:vars] alone does not declare g: it must be declared somewhere in this file.
            if (state == State.VARS && !pending.containsKey(name)) {
                pending.put(name, new Pending(State.VARS, position));
            }
        }
        group = builder.group(name, position);
        Pending waiting = pending.get(name);
        if (waiting != null && state != State.VARS) {
            if (waiting.state == State.CHILDREN) {
                addPendingChildren(name);
            } else {
                pending.remove(name);
            }
        }
    }

    private void addPendingChildren(String name) {
        Pending waiting = pending.get(name);
        GroupDraft child = builder.existing(name).orElseThrow();
        for (String parent : waiting.parents) {
            builder.addChild(builder.existing(parent).orElseThrow(), child, waiting.position);
            Pending parentPending = pending.get(parent);
            if (parentPending != null && parentPending.state == State.CHILDREN) {
                addPendingChildren(parent);
            }
        }
        pending.remove(name);
    }

    private void hostLine(String line) {
        List<PythonShlex.Word> words;
        try {
            words = PythonShlex.split(line);
        } catch (PythonShlex.SplitException e) {
            problems.add(Problem.at(at(e.offset), "cannot read the host line: " + e.getMessage().toLowerCase()));
            return;
        }
        if (words.isEmpty()) {
            return;
        }
        PythonShlex.Word first = words.getFirst();
        Map<String, Object> vars = new LinkedHashMap<>();
        for (PythonShlex.Word word : words.subList(1, words.size())) {
            int eq = word.text().indexOf('=');
            if (eq < 0) {
                // One problem per line: the words after a stray one are rarely meant as variables.
                problems.add(Problem.at(at(word.offset()), "expected key=value after the host, got '" + word.text() + "'",
                        word.text().startsWith(";") ? "only a whole line can be a ';' comment; after a host write '# comment'"
                                : "quote a value that has spaces: key=\"two words\""));
                return;
            }
            vars.put(word.text().substring(0, eq), PythonLiteral.iniValue(word.text().substring(eq + 1)));
        }
        Optional<HostRange.Expansion> expansion = expand(first);
        if (expansion.isEmpty()) {
            return;
        }
        for (String name : expansion.get().hosts()) {
            HostDraft host = builder.host(name, at(first.offset()), group, expansion.get().port());
            vars.forEach((k, v) -> builder.set(host, k, v));
        }
    }

    private Optional<HostRange.Expansion> expand(PythonShlex.Word word) {
        HostRange.Expansion expansion;
        try {
            expansion = HostRange.expand(word.text());
        } catch (HostRange.BadRange e) {
            problems.add(Problem.at(at(word.offset()), "bad host range in '" + word.text() + "': " + e.getMessage()));
            return Optional.empty();
        }
        if (word.text().strip().endsWith(":") && expansion.port().isEmpty()) {
            problems.add(Problem.at(at(word.offset()), "host '" + word.text() + "' ends with ':', which is kept for a port",
                    "write host:port, or remove the ':' (a YAML file needs a .yml or .yaml extension to be read as YAML)"));
            return Optional.empty();
        }
        for (String name : expansion.hosts()) {
            if (name.strip().equals("---")) {
                problems.add(Problem.at(at(word.offset()), "'---' is not a host name",
                        "this looks like YAML: give the file a .yml or .yaml extension"));
                return Optional.empty();
            }
            if (name.isEmpty()) {
                problems.add(Problem.at(at(word.offset()), "a host name cannot be empty"));
                return Optional.empty();
            }
        }
        return Optional.of(expansion);
    }

    private void varsLine(String line) {
        int eq = line.indexOf('=');
        if (eq < 0) {
            problems.add(Problem.at(at(0), "expected key=value in [" + group.name + ":vars], got '" + line + "'"));
            return;
        }
        String key = line.substring(0, eq).strip();
        String value = line.substring(eq + 1).strip();
        builder.set(group, key, PythonLiteral.iniValue(value), at(0));
    }

    private void childLine(String line) {
        Matcher m = GROUP_NAME.matcher(line);
        if (!m.matches()) {
            problems.add(Problem.at(at(0), "expected a group name in [" + group.name + ":children], got '" + line + "'"));
            return;
        }
        String child = m.group(1);
        Optional<GroupDraft> existing = builder.existing(child);
        if (existing.isPresent()) {
            builder.addChild(group, existing.get(), at(0));
            return;
        }
        pending.computeIfAbsent(child, c -> new Pending(State.CHILDREN, at(0))).parents.add(group.name);
    }

    private void unresolved() {
        pending.forEach((name, p) -> {
            if (p.state == State.VARS) {
                problems.add(Problem.at(p.position, "[" + name + ":vars] is for a group that is not declared",
                        "declare it with a [" + name + "] section (it may be empty) or under a [parent:children] section"));
            } else {
                problems.add(Problem.at(p.position, "[" + p.parents.getFirst() + ":children] names group '" + name
                        + "', which is not declared", "declare it with a [" + name + "] section (it may be empty)"));
            }
        });
    }
}
