package herd.engine.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import herd.engine.load.InputException;
import herd.engine.load.Position;
import herd.engine.load.Problem;

/**
 * An INI file as Python's configparser reads it for Ansible: {@code [section]} headers (names
 * case-sensitive), {@code key = value} or {@code key: value} (keys case-insensitive), whole-line
 * comments starting with {@code #} or {@code ;}, inline comments from a {@code ;} at the start or after
 * whitespace, continuation lines indented deeper than their key, and {@code [DEFAULT]} values that
 * every section sees. No interpolation, as Ansible reads raw values.
 */
final class IniFile {
    private static final String DEFAULT_SECTION = "DEFAULT";
    /** configparser's section header: from '[' to the last ']' (anything after it is ignored, as there). */
    private static final java.util.regex.Pattern HEADER = java.util.regex.Pattern.compile("\\[(.+)\\]");

    /** One value and where it starts. */
    record Entry(String value, Position position) {
    }

    private final Map<String, Map<String, Entry>> sections;

    private IniFile(Map<String, Map<String, Entry>> sections) {
        this.sections = sections;
    }

    /** The value of a key in a section, else in {@code [DEFAULT]}. */
    Optional<Entry> get(String section, String key) {
        String name = key.toLowerCase(Locale.ROOT);
        Entry entry = sections.getOrDefault(section, Map.of()).get(name);
        return Optional.ofNullable(entry != null ? entry : sections.getOrDefault(DEFAULT_SECTION, Map.of()).get(name));
    }

    /** @throws InputException for a line that is neither a section, a key, a comment nor a continuation */
    static IniFile read(Path file) {
        List<String> lines;
        try {
            lines = herd.engine.load.InputFiles.lines(file, herd.engine.load.InputFiles.MAX_BYTES);
        } catch (IOException e) {
            throw new InputException(Problem.at(Position.of(file.toString()), "cannot read the file: " + e.getMessage()));
        }
        return parse(file, lines);
    }

    static IniFile parse(Path file, List<String> lines) {
        Map<String, Map<String, Entry>> sections = new LinkedHashMap<>();
        Map<String, List<String>> pending = new HashMap<>();
        List<Problem> problems = new ArrayList<>();
        Map<String, Entry> section = null;
        String sectionName = null;
        String key = null;
        int keyIndent = 0;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            Position at = new Position(file, i + 1, indent(line) + 1);
            int comment = commentStart(line);
            String text = line.substring(0, comment).strip();
            if (text.isEmpty()) {
                if (comment == line.length() && key != null) {
                    pending.get(sectionName + "\0" + key).add("");
                }
                continue;
            }
            int indent = indent(line);
            if (key != null && indent > keyIndent) {
                pending.get(sectionName + "\0" + key).add(text);
                continue;
            }
            java.util.regex.Matcher header = HEADER.matcher(text);
            if (header.lookingAt()) {
                sectionName = header.group(1);
                if (sections.containsKey(sectionName) && !sectionName.equals(DEFAULT_SECTION)) {
                    problems.add(Problem.at(at, "section [" + sectionName + "] appears twice",
                            "Ansible refuses a file with a repeated section: merge them"));
                }
                section = sections.computeIfAbsent(sectionName, s -> new LinkedHashMap<>());
                key = null;
                continue;
            }
            int split = delimiter(text);
            if (section == null || split <= 0) {
                problems.add(Problem.at(at, section == null ? "a setting before any [section]"
                        : "not a setting, a [section] or a comment", "write 'key = value' under a section such as [defaults]"));
                key = null;
                continue;
            }
            key = text.substring(0, split).strip().toLowerCase(Locale.ROOT);
            keyIndent = indent;
            if (section.containsKey(key)) {
                problems.add(Problem.at(at, "'" + key + "' is set twice in [" + sectionName + "]",
                        "Ansible refuses a file with a repeated setting: keep one"));
            }
            String value = text.substring(split + 1).strip();
            int column = indent + split + 1;
            while (column < line.length() && Character.isWhitespace(line.charAt(column))) {
                column++;
            }
            section.put(key, new Entry(value, new Position(file, i + 1, column + 1)));
            List<String> parts = new ArrayList<>();
            parts.add(value);
            pending.put(sectionName + "\0" + key, parts);
        }
        if (!problems.isEmpty()) {
            throw new InputException(problems);
        }
        sections.forEach((name, entries) -> entries.replaceAll((k, e) ->
                new Entry(String.join("\n", pending.get(name + "\0" + k)).stripTrailing(), e.position())));
        return new IniFile(sections);
    }

    /** Where the comment starts: a whole-line # or ;, or a ; at the start or after whitespace; else the length. */
    private static int commentStart(String line) {
        String stripped = line.strip();
        if (stripped.startsWith("#") || stripped.startsWith(";")) {
            return 0;
        }
        for (int i = line.indexOf(';'); i >= 0; i = line.indexOf(';', i + 1)) {
            if (i == 0 || Character.isWhitespace(line.charAt(i - 1))) {
                return i;
            }
        }
        return line.length();
    }

    /** The first '=' or ':', as configparser splits a key from its value. */
    private static int delimiter(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '=' || text.charAt(i) == ':') {
                return i;
            }
        }
        return -1;
    }

    private static int indent(String line) {
        int i = 0;
        while (i < line.length() && Character.isWhitespace(line.charAt(i))) {
            i++;
        }
        return i;
    }
}
