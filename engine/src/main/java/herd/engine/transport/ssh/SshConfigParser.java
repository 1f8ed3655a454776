package herd.engine.transport.ssh;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import herd.engine.load.InputException;
import herd.engine.load.Position;
import herd.engine.load.Problem;
import herd.engine.transport.ssh.SshConfig.Criterion;
import herd.engine.transport.ssh.SshConfig.Item;

/**
 * Reads ssh_config files into {@link SshConfig.Item}s as OpenSSH's readconf.c splits them: a keyword,
 * then {@code =} or blanks, then words (double or single quotes, {@code #} starting a comment at a
 * word's start). Values are checked here, in every block, as ssh checks them whether or not the
 * block applies to the host.
 */
final class SshConfigParser {
    private static final int MAX_INCLUDE_DEPTH = 16;

    private final Path home;
    private final List<Problem> problems = new ArrayList<>();
    private static final int MAX_INCLUDED_FILES = 256;
    private int included;

    private SshConfigParser(Path home) {
        this.home = home;
    }

    /**
     * Reads the files in order (a missing one counts as empty, as ssh's own default files do).
     *
     * @param relativeTo for each file, where its relative Include paths are looked up (~/.ssh or /etc/ssh)
     */
    static List<Item> read(List<Path> files, List<Path> relativeTo, Path home) {
        SshConfigParser parser = new SshConfigParser(home);
        List<Item> items = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            if (Files.isRegularFile(files.get(i))) {
                items.add(new SshConfig.Included(parser.file(files.get(i), relativeTo.get(i), 0)));
            }
        }
        if (!parser.problems.isEmpty()) {
            throw new InputException(parser.problems);
        }
        return items;
    }

    private List<Item> file(Path file, Path includeBase, int depth) {
        List<String> lines;
        try {
            lines = herd.engine.load.InputFiles.lines(file, herd.engine.load.InputFiles.MAX_BYTES);
        } catch (IOException e) {
            problems.add(Problem.at(Position.of(file.toString()), "cannot read the SSH client configuration: " + e));
            return List.of();
        }
        List<Item> items = new ArrayList<>();
        for (int n = 0; n < lines.size(); n++) {
            Item item = line(file, n + 1, lines.get(n), includeBase, depth);
            if (item != null) {
                items.add(item);
            }
        }
        return items;
    }

    private Item line(Path file, int number, String text, Path includeBase, int depth) {
        int start = 0;
        while (start < text.length() && Character.isWhitespace(text.charAt(start))) {
            start++;
        }
        if (start == text.length() || text.charAt(start) == '#') {
            return null;
        }
        int end = start;
        while (end < text.length() && !Character.isWhitespace(text.charAt(end)) && text.charAt(end) != '=') {
            end++;
        }
        String keyword = text.substring(start, end).toLowerCase(Locale.ROOT);
        int rest = end;
        while (rest < text.length() && Character.isWhitespace(text.charAt(rest))) {
            rest++;
        }
        if (rest < text.length() && text.charAt(rest) == '=') {
            rest++;
        }
        Position at = new Position(file, number, start + 1);
        List<String> words;
        try {
            words = words(text, rest);
        } catch (IllegalArgumentException e) {
            problems.add(Problem.at(at, e.getMessage()));
            return null;
        }
        if (keyword.equals("include")) {
            return include(words, at, includeBase, depth);
        }
        try {
            return switch (keyword) {
                case "host" -> new SshConfig.Block(host(words), at);
                case "match" -> new SshConfig.Block(match(words), at);
                default -> SshConfigValues.setting(keyword, words, at);
            };
        } catch (IllegalArgumentException e) {
            problems.add(Problem.at(at, e.getMessage()));
            return null;
        }
    }

    private List<Criterion> host(List<String> words) {
        if (words.isEmpty()) {
            throw new IllegalArgumentException("Host needs at least one pattern");
        }
        return List.of(new Criterion(SshConfig.Kind.HOST, String.join(" ", words), false));
    }

    private List<Criterion> match(List<String> words) {
        if (words.isEmpty()) {
            throw new IllegalArgumentException("Match needs a criterion (all, host, originalhost or user)");
        }
        List<Criterion> criteria = new ArrayList<>();
        for (int i = 0; i < words.size(); i++) {
            String word = words.get(i);
            boolean negated = word.startsWith("!");
            String name = (negated ? word.substring(1) : word).toLowerCase(Locale.ROOT);
            SshConfig.Kind kind = switch (name) {
                case "all" -> SshConfig.Kind.ALL;
                case "host" -> SshConfig.Kind.MATCH_HOST;
                case "originalhost" -> SshConfig.Kind.ORIGINAL_HOST;
                case "user" -> SshConfig.Kind.USER;
                default -> throw new IllegalArgumentException("Match " + name + " is not supported by herd"
                        + " (it reads Match all, host, originalhost and user); put these settings under a Host block");
            };
            if (kind == SshConfig.Kind.ALL) {
                if (words.size() > 1) {
                    throw new IllegalArgumentException("Match all cannot be combined with other criteria");
                }
                criteria.add(new Criterion(kind, "", negated));
                continue;
            }
            if (i + 1 >= words.size()) {
                throw new IllegalArgumentException("Match " + name + " needs a pattern list");
            }
            criteria.add(new Criterion(kind, words.get(++i), negated));
        }
        return criteria;
    }

    /** Include: globs, relative to ~/.ssh (or /etc/ssh for the system file), read where the line is. */
    private Item include(List<String> words, Position at, Path base, int depth) {
        if (words.isEmpty()) {
            problems.add(Problem.at(at, "Include needs a file name"));
            return null;
        }
        if (depth >= MAX_INCLUDE_DEPTH) {
            problems.add(Problem.at(at, "Include nested more than " + MAX_INCLUDE_DEPTH + " deep (a loop?)"));
            return null;
        }
        List<Item> items = new ArrayList<>();
        for (String word : words) {
            String name = word.equals("~") || word.startsWith("~/") ? home + word.substring(1) : word;
            List<Path> files;
            try {
                files = glob(Path.of(name).isAbsolute() ? Path.of(name) : base.resolve(name));
            } catch (java.nio.file.InvalidPathException | java.util.regex.PatternSyntaxException e) {
                problems.add(Problem.at(at, "Include " + word + " is not a file name or pattern: " + e.getMessage()));
                continue;
            }
            for (Path file : files) {
                // Includes that each include several files multiply: bound the whole, not only the depth
                if (++included > MAX_INCLUDED_FILES) {
                    problems.add(Problem.at(at, "Include reads more than " + MAX_INCLUDED_FILES + " files in all (a loop?)"));
                    return null;
                }
                // each file on its own: a Host line in one does not switch off the next
                items.add(new SshConfig.Included(file(file, base, depth + 1)));
            }
        }
        return new SshConfig.Included(items);
    }

    /** The files a glob names, sorted as glob(3) sorts them; none when nothing matches (ssh ignores that too). */
    private static List<Path> glob(Path pattern) {
        String text = pattern.toString();
        if (!text.matches(".*[*?\\[].*")) {
            return Files.isRegularFile(pattern) ? List.of(pattern) : List.of();
        }
        Path dir = pattern.getParent();
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + pattern.getFileName());
        if (dir == null || !Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> matcher.matches(p.getFileName()) && !p.getFileName().toString().startsWith(".")
                    && Files.isRegularFile(p)).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /** The words of a line from {@code from}: quotes group, a backslash escapes, {@code #} at a word's start ends the line. */
    static List<String> words(String text, int from) {
        List<String> words = new ArrayList<>();
        int i = from;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
                continue;
            }
            if (c == '#') {
                break;
            }
            StringBuilder word = new StringBuilder();
            while (i < text.length() && !Character.isWhitespace(text.charAt(i))) {
                char d = text.charAt(i);
                if (d == '"' || d == '\'') {
                    int close = text.indexOf(d, i + 1);
                    if (close < 0) {
                        throw new IllegalArgumentException("unterminated quote");
                    }
                    word.append(text, i + 1, close);
                    i = close + 1;
                } else if (d == '\\' && i + 1 < text.length()) {
                    word.append(text.charAt(i + 1));
                    i += 2;
                } else {
                    word.append(d);
                    i++;
                }
            }
            words.add(word.toString());
        }
        return words;
    }
}
