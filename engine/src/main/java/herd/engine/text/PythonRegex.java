package herd.engine.text;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A regular expression written for Python's {@code re} (as Ansible's modules take them), compiled
 * for {@link java.util.regex}: the translation keeps Python's meaning where the two differ.
 * <ul>
 * <li>{@code (?P<name>...)} becomes a numbered group (Java's names take no underscores), {@code (?P=name)}
 * a back reference; the names stay known for {@code \g<name>} and {@link #group(String)}.</li>
 * <li>Only {@code \n} ends a line ({@code .}, {@code $}); {@code \Z} is Java's {@code \z}; with MULTILINE,
 * {@code ^} also matches after a final newline, as in Python.</li>
 * <li>{@code {} that is no quantifier is literal; {@code {,n}} is {@code {0,n}}; {@code [} and {@code &&}
 * inside a set are literal; {@code \v} is the vertical tab; {@code \0}, {@code \012} are octal.</li>
 * <li>Leading global flags {@code (?aimsux)} become compile flags; verbose mode's whitespace and comments
 * are dropped here; {@code (?#...)} comments too.</li>
 * <li>{@link Kind#TEXT} (a Python str pattern) has Unicode classes and case folding; {@link Kind#BYTES}
 * (a bytes pattern, over text decoded as ISO-8859-1, one char per byte) has ASCII ones, as Python.</li>
 * </ul>
 * Escapes Python refuses ({@code \h}, {@code \p}, {@code \z}) are refused, and so are conditional groups
 * {@code (?(1)a|b)}, which Java lacks.
 */
public final class PythonRegex {
    /** Which of Python's pattern types this is: a str pattern or a bytes pattern. */
    public enum Kind { TEXT, BYTES }

    private final String source;
    private final Pattern pattern;
    private final Map<String, Integer> names;
    private final boolean multiline;

    private PythonRegex(String source, Pattern pattern, Map<String, Integer> names, boolean multiline) {
        this.source = source;
        this.pattern = pattern;
        this.names = Map.copyOf(names);
        this.multiline = multiline;
    }

    /** The expression as Python's {@code re.compile(source)} would take it. */
    public static PythonRegex compile(String source, Kind kind) {
        return compile(source, kind, false, false);
    }

    /**
     * The expression as {@code re.compile(source, flags)} would take it, with {@code re.MULTILINE}
     * and {@code re.DOTALL} as given.
     *
     * @throws IllegalArgumentException not a regular expression, in Python's words where herd knows them
     */
    public static PythonRegex compile(String source, Kind kind, boolean multiline, boolean dotall) {
        Translation t = new Translation(source, kind, multiline, dotall);
        String java = t.translate();
        int flags = Pattern.UNIX_LINES;
        if (t.ignoreCase) {
            flags |= Pattern.CASE_INSENSITIVE;
        }
        if (t.dotall) {
            flags |= Pattern.DOTALL;
        }
        if (t.multiline) {
            flags |= Pattern.MULTILINE;
        }
        if (kind == Kind.TEXT && !t.ascii) {
            flags |= Pattern.UNICODE_CHARACTER_CLASS | Pattern.UNICODE_CASE;
        }
        try {
            return new PythonRegex(source, Pattern.compile(java, flags), t.names, t.multiline);
        } catch (java.util.regex.PatternSyntaxException e) {
            throw new IllegalArgumentException("not a regular expression: " + e.getDescription() + " in '" + source + "'");
        }
    }

    /** The expression as written. */
    public String source() {
        return source;
    }

    public Pattern pattern() {
        return pattern;
    }

    /** Whether {@code re.MULTILINE} is on: given, or written as {@code (?m)}. */
    public boolean multiline() {
        return multiline;
    }

    /** The number of a named group. */
    public Optional<Integer> group(String name) {
        return Optional.ofNullable(names.get(name));
    }

    /** Python's {@code re.search}: the first match anywhere in the text. */
    public Optional<MatchResult> search(CharSequence text) {
        Matcher m = pattern.matcher(text);
        return m.find() ? Optional.of(m.toMatchResult()) : Optional.empty();
    }

    /** What {@code re.subn} gives: the new text and how many replacements were made. */
    public record Substitution(String text, int count) {
    }

    /**
     * Python's {@code re.subn(pattern, template, text)}: every match replaced by the template with
     * its references ({@code \\1}, {@code \\g<1>}, {@code \\g<name>}) and escapes filled.
     *
     * @throws IllegalArgumentException a template that refers to a group that does not exist, or a bad
     *                                  escape (as Python, even when nothing matches)
     */
    public Substitution subn(String text, String template) {
        List<Object> parts = template(template);
        Matcher m = pattern.matcher(text);
        StringBuilder out = new StringBuilder();
        int last = 0;
        int count = 0;
        while (m.find()) {
            out.append(text, last, m.start());
            fill(out, m, parts);
            last = m.end();
            count++;
        }
        out.append(text, last, text.length());
        return new Substitution(out.toString(), count);
    }

    /**
     * Python's {@code match.expand(template)}: {@code \\1}..{@code \\99}, {@code \\g<n>}, {@code \\g<name>},
     * the escapes {@code \\n \\t \\r \\f \\v \\a \\b \\\\} and octal {@code \\0}; other backslashes stay. A group
     * that took no part in the match gives nothing.
     */
    public String expand(MatchResult match, String template) {
        StringBuilder out = new StringBuilder();
        fill(out, match, template(template));
        return out.toString();
    }

    private static void fill(StringBuilder out, MatchResult match, List<Object> parts) {
        for (Object part : parts) {
            if (part instanceof Integer group) {
                String value = match.group(group);
                if (value != null) {
                    out.append(value);
                }
            } else {
                out.append((String) part);
            }
        }
    }

    /** A template as literal text (String) and group numbers (Integer), checked against this pattern's groups. */
    private List<Object> template(String template) {
        List<Object> parts = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        int groups = pattern.matcher("").groupCount();
        int i = 0;
        while (i < template.length()) {
            char c = template.charAt(i++);
            if (c != '\\') {
                literal.append(c);
                continue;
            }
            if (i >= template.length()) {
                throw new IllegalArgumentException("bad escape (end of pattern) at position " + (i - 1));
            }
            char n = template.charAt(i++);
            int group = -1;
            if (n == 'g') {
                int close = template.indexOf('>', i);
                if (i >= template.length() || template.charAt(i) != '<' || close < 0) {
                    throw new IllegalArgumentException("missing group name in '" + template + "'");
                }
                String name = template.substring(i + 1, close);
                i = close + 1;
                group = name.matches("\\d+") ? reference(name, groups) : named(name);
            } else if (n == '0') {
                int end = octalEnd(template, i, 2);
                literal.append((char) Integer.parseInt(template.substring(i - 1, end), 8));
                i = end;
            } else if (n >= '1' && n <= '9') {
                if (i < template.length() && isDigit(template.charAt(i))) {
                    if (isOctal(n) && isOctal(template.charAt(i)) && i + 1 < template.length()
                            && isOctal(template.charAt(i + 1))) {
                        int value = Integer.parseInt(template.substring(i - 1, i + 2), 8);
                        if (value > 0377) {
                            throw new IllegalArgumentException("octal escape value \\" + template.substring(i - 1, i + 2)
                                    + " outside of range 0-0o377");
                        }
                        literal.append((char) value);
                        i += 2;
                        continue;
                    }
                    group = reference(template.substring(i - 1, i + 1), groups);
                    i++;
                } else {
                    group = reference(String.valueOf(n), groups);
                }
            } else {
                String escape = ESCAPES.get(n);
                if (escape != null) {
                    literal.append(escape);
                } else if (n < 128 && Character.isLetter(n)) {
                    throw new IllegalArgumentException("bad escape \\" + n + " at position " + (i - 2));
                } else {
                    literal.append('\\').append(n);
                }
            }
            if (group >= 0) {
                parts.add(literal.toString());
                literal.setLength(0);
                parts.add(group);
            }
        }
        parts.add(literal.toString());
        return parts;
    }

    private static final Map<Character, String> ESCAPES = Map.of('a', "\u0007", 'b', "\b", 'f', "\f", 'n', "\n",
            'r', "\r", 't', "\t", 'v', "\u000b", '\\', "\\");

    private int named(String name) {
        Integer number = names.get(name);
        if (number == null) {
            throw new IllegalArgumentException("unknown group name '" + name + "'");
        }
        return number;
    }

    private static int reference(String digits, int groups) {
        int number = Integer.parseInt(digits);
        if (number > groups) {
            throw new IllegalArgumentException("invalid group reference " + number);
        }
        return number;
    }

    static boolean isOctal(char c) {
        return c >= '0' && c <= '7';
    }

    static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** Where up to {@code max} octal digits starting at {@code from} end. */
    static int octalEnd(String s, int from, int max) {
        int end = from;
        while (end < s.length() && end - from < max && isOctal(s.charAt(end))) {
            end++;
        }
        return end;
    }

    /** One walk over a Python pattern, writing the Java one. */
    private static final class Translation {
        private final String p;
        private final Kind kind;
        private final StringBuilder out = new StringBuilder();
        private final Map<String, Integer> names = new LinkedHashMap<>();
        private int groups;
        private int i;
        boolean multiline;
        boolean dotall;
        boolean ignoreCase;
        boolean verbose;
        boolean ascii;

        Translation(String p, Kind kind, boolean multiline, boolean dotall) {
            this.p = p;
            this.kind = kind;
            this.multiline = multiline;
            this.dotall = dotall;
        }

        String translate() {
            globalFlags();
            while (i < p.length()) {
                char c = p.charAt(i);
                if (verbose && (Character.isWhitespace(c) || c == '#')) {
                    skipVerbose();
                } else if (c == '\\') {
                    escape(false);
                } else if (c == '[') {
                    set();
                } else if (c == '(') {
                    group();
                } else if (c == '{') {
                    brace();
                } else if (c == '}') {
                    out.append("\\}");
                    i++;
                } else if (c == '^' && multiline) {
                    out.append("(?<![^\\n])");
                    i++;
                } else {
                    out.append(c);
                    i++;
                }
            }
            return out.toString();
        }

        /** {@code (?imsx)} at the very start: Python's global flags. */
        private void globalFlags() {
            while (p.startsWith("(?", i)) {
                int j = i + 2;
                while (j < p.length() && "aiLmsux".indexOf(p.charAt(j)) >= 0) {
                    j++;
                }
                if (j == i + 2 || j >= p.length() || p.charAt(j) != ')') {
                    return;
                }
                for (char f : p.substring(i + 2, j).toCharArray()) {
                    switch (f) {
                        case 'i' -> ignoreCase = true;
                        case 'm' -> multiline = true;
                        case 's' -> dotall = true;
                        case 'x' -> verbose = true;
                        case 'a' -> ascii = true;
                        case 'L' -> {
                            if (kind == Kind.TEXT) {
                                throw new IllegalArgumentException("bad inline flags: cannot use 'L' flag with a str pattern");
                            }
                        }
                        default -> {
                        }
                    }
                }
                i = j + 1;
            }
        }

        private void skipVerbose() {
            if (p.charAt(i) == '#') {
                while (i < p.length() && p.charAt(i) != '\n') {
                    i++;
                }
            } else {
                i++;
            }
        }

        /** A backslash and what follows it, outside a set or inside one. */
        private void escape(boolean inSet) {
            if (i + 1 >= p.length()) {
                throw new IllegalArgumentException("bad escape (end of pattern) at position " + i);
            }
            char n = p.charAt(i + 1);
            int at = i;
            i += 2;
            if (isDigit(n)) {
                digits(n, inSet, at);
                return;
            }
            switch (n) {
                case 's', 'S' -> out.append(space(n == 's', inSet));
                case 'd', 'D', 'w', 'W', 'f', 'n', 'r', 't' -> out.append('\\').append(n);
                case 'a' -> out.append("\\x07");
                case 'v' -> out.append("\\x0B");
                case 'b' -> out.append(inSet ? "\\x08" : "\\b");
                case 'A', 'B', 'Z' -> {
                    if (inSet) {
                        throw badEscape(n, at);
                    }
                    out.append(n == 'Z' ? "\\z" : "\\" + n);
                }
                case 'x' -> hex(2, at, n);
                case 'u' -> hex(kind == Kind.TEXT ? 4 : -1, at, n);
                case 'U' -> hex(kind == Kind.TEXT ? 8 : -1, at, n);
                case 'N' -> {
                    int close = p.indexOf('}', i);
                    if (kind == Kind.BYTES || i >= p.length() || p.charAt(i) != '{' || close < 0) {
                        throw badEscape(n, at);
                    }
                    out.append(p, at, close + 1);
                    i = close + 1;
                }
                default -> {
                    if (n < 128 && Character.isLetter(n)) {
                        throw badEscape(n, at);
                    }
                    out.append(literal(n));
                }
            }
        }

        /** Python's str {@code \\s} also takes the separators U+001C to U+001F, which Java's Unicode one leaves out. */
        private String space(boolean positive, boolean inSet) {
            if (kind == Kind.BYTES || ascii) {
                return positive ? "\\s" : "\\S";
            }
            String any = "\\s\\x{1c}-\\x{1f}";
            if (positive) {
                return inSet ? any : "[" + any + "]";
            }
            return "[^" + any + "]";
        }

        private IllegalArgumentException badEscape(char n, int at) {
            return new IllegalArgumentException("bad escape \\" + n + " at position " + at + " in '" + p + "'");
        }

        private void hex(int digits, int at, char n) {
            if (digits < 0 || i + digits > p.length() || !p.substring(i, i + digits).matches("[0-9a-fA-F]+")) {
                throw new IllegalArgumentException("incomplete escape \\" + n + " at position " + at + " in '" + p + "'");
            }
            out.append("\\x{").append(p, i, i + digits).append('}');
            i += digits;
        }

        /** {@code \0}, {@code \12}, {@code \123}: octal escapes or back references, as Python reads them. */
        private void digits(char n, boolean inSet, int at) {
            if (n == '0' || inSet) {
                int start = i - 1;
                int end = octalEnd(p, i, 2);
                if (!isOctal(n)) {
                    throw badEscape(n, at);
                }
                octal(p.substring(start, end), at);
                i = end;
                return;
            }
            if (i < p.length() && isDigit(p.charAt(i))) {
                if (isOctal(n) && isOctal(p.charAt(i)) && i + 1 < p.length() && isOctal(p.charAt(i + 1))) {
                    octal(p.substring(i - 1, i + 2), at);
                    i += 2;
                    return;
                }
                backReference(Integer.parseInt(p.substring(i - 1, i + 1)), at);
                i++;
                return;
            }
            backReference(n - '0', at);
        }

        private void octal(String digits, int at) {
            int value = Integer.parseInt(digits, 8);
            if (value > 0377) {
                throw new IllegalArgumentException("octal escape value \\" + digits + " outside of range 0-0o377 at position " + at);
            }
            out.append("\\x{").append(Integer.toHexString(value)).append('}');
        }

        private void backReference(int number, int at) {
            if (number > groups) {
                throw new IllegalArgumentException("invalid group reference " + number + " at position " + (at + 1) + " in '" + p + "'");
            }
            out.append("(?:\\").append(number).append(')');
        }

        /** A character as a literal Java reads the same in and out of sets. */
        private static String literal(char c) {
            if (c < 128 && !Character.isLetterOrDigit(c)) {
                return "\\" + c;
            }
            return "\\x{" + Integer.toHexString(c) + "}";
        }

        /** {@code [...]}: Java would read {@code [} as a nested set and {@code &&} as an intersection. */
        private void set() {
            int start = i;
            out.append('[');
            i++;
            if (i < p.length() && p.charAt(i) == '^') {
                out.append('^');
                i++;
            }
            boolean first = true;
            while (true) {
                if (i >= p.length()) {
                    throw new IllegalArgumentException("unterminated character set at position " + start + " in '" + p + "'");
                }
                char c = p.charAt(i);
                if (c == ']' && !first) {
                    out.append(']');
                    i++;
                    return;
                }
                first = false;
                if (c == '\\') {
                    escape(true);
                } else if (c == '[' || c == '&' || c == ']' || c == '#' || Character.isWhitespace(c)) {
                    out.append(c == ' ' || Character.isWhitespace(c) ? "\\x{" + Integer.toHexString(c) + "}" : "\\" + c);
                    i++;
                } else {
                    out.append(c);
                    i++;
                }
            }
        }

        /** {@code (}: groups, named groups, references, comments, lookarounds, scoped flags. */
        private void group() {
            if (p.startsWith("(?P<", i)) {
                int close = p.indexOf('>', i);
                String name = close < 0 ? "" : p.substring(i + 4, close);
                if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                    throw new IllegalArgumentException("bad character in group name '" + name + "' at position " + (i + 4));
                }
                if (names.containsKey(name)) {
                    throw new IllegalArgumentException("redefinition of group name '" + name + "' at position " + (i + 4));
                }
                names.put(name, ++groups);
                out.append('(');
                i = close + 1;
            } else if (p.startsWith("(?P=", i)) {
                int close = p.indexOf(')', i);
                String name = close < 0 ? "" : p.substring(i + 4, close);
                Integer number = names.get(name);
                if (number == null) {
                    throw new IllegalArgumentException("unknown group name '" + name + "' at position " + (i + 4));
                }
                out.append("(?:\\").append(number).append(')');
                i = close + 1;
            } else if (p.startsWith("(?#", i)) {
                int close = p.indexOf(')', i);
                if (close < 0) {
                    throw new IllegalArgumentException("missing ), unterminated comment at position " + i);
                }
                i = close + 1;
            } else if (p.startsWith("(?(", i)) {
                throw new IllegalArgumentException("conditional groups (?(...)...) are not supported by herd in '" + p + "'");
            } else if (p.startsWith("(?", i)) {
                scopedFlagsOrLookaround();
            } else {
                groups++;
                out.append('(');
                i++;
            }
        }

        private void scopedFlagsOrLookaround() {
            int j = i + 2;
            while (j < p.length() && "aiLmsux-".indexOf(p.charAt(j)) >= 0) {
                j++;
            }
            if (j > i + 2 && j < p.length() && p.charAt(j) == ')') {
                throw new IllegalArgumentException("global flags not at the start of the expression at position " + i
                        + " in '" + p + "'");
            }
            if (j > i + 2 && j < p.length() && p.charAt(j) == ':') {
                String flags = p.substring(i + 2, j).replace("a", "").replace("u", "").replace("L", "");
                out.append("(?").append(flags).append(':');
                i = j + 1;
                return;
            }
            out.append("(?");
            i += 2;
        }

        /** {@code {m,n}} is a quantifier, anything else literal; {@code {,n}} means {@code {0,n}}. */
        private void brace() {
            Matcher q = QUANTIFIER.matcher(p).region(i, p.length());
            if (q.lookingAt() && !(q.group(1).isEmpty() && q.group(2) == null)) {
                String lo = q.group(1).isEmpty() ? "0" : q.group(1);
                out.append('{').append(lo);
                if (q.group(2) != null) {
                    out.append(',').append(q.group(2));
                }
                out.append('}');
                i = q.end();
            } else {
                out.append("\\{");
                i++;
            }
        }

        private static final Pattern QUANTIFIER = Pattern.compile("\\{(\\d*)(?:,(\\d*))?\\}");
    }
}
