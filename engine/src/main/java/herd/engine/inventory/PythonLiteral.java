package herd.engine.inventory;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Python's {@code ast.literal_eval} for the values of an INI inventory, as Ansible's ini plugin
 * reads them ({@code _parse_value}): numbers, strings (with prefixes, escapes and implicit
 * concatenation), {@code True}/{@code False}/{@code None}, lists, tuples, dicts and sets, signed
 * numbers, comments. Anything else is not a literal, and Ansible keeps the text as it is.
 * Complex numbers and {@code ...} are treated as text: no JSON or YAML value holds them.
 */
public final class PythonLiteral {
    private static final int MAX_DEPTH = 200;

    private final String text;
    private int pos;
    private int depth;

    private PythonLiteral(String text) {
        this.text = text;
    }

    /** The value Ansible's ini plugin gives to {@code text}: the literal, or else the text itself. */
    public static Object iniValue(String text) {
        Optional<Object> literal = parse(text);
        return literal.isPresent() ? plain(literal.get()) : text;
    }

    /**
     * The literal {@code text} spells, as Java data (String, Long or BigInteger, Double, Boolean,
     * List, Map with String keys); an empty Optional when it is not a literal. A literal None is
     * returned as {@link #NONE}.
     */
    public static Optional<Object> parse(String text) {
        // literal_eval strips leading spaces and tabs only; the rest is Python's tokenizer.
        int start = 0;
        while (start < text.length() && (text.charAt(start) == ' ' || text.charAt(start) == '\t')) {
            start++;
        }
        PythonLiteral reader = new PythonLiteral(text.substring(start));
        try {
            Object value = reader.topLevel();
            reader.skipSpace();
            if (reader.pos != reader.text.length()) {
                return Optional.empty();
            }
            return Optional.of(value);
        } catch (NotALiteral e) {
            return Optional.empty();
        }
    }

    /** Python's None, which an Optional cannot hold. Callers turn it into a null value. */
    public static final Object NONE = new Object() {
        @Override
        public String toString() {
            return "None";
        }
    };

    /** The parsed value with {@link #NONE} replaced by null, at any depth. */
    public static Object plain(Object value) {
        if (value == NONE) {
            return null;
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            list.forEach(v -> out.add(plain(v)));
            return out;
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put((String) k, plain(v)));
            return out;
        }
        return value;
    }

    private static final class NotALiteral extends RuntimeException {
        NotALiteral() {
            super(null, null, false, false);
        }
    }

    private static NotALiteral fail() {
        return new NotALiteral();
    }

    /** A number as written, so that a sign may apply to it and nothing else. */
    private record Num(Object value) {
    }

    /** A parenthesised tuple or a bare one: a list, but never a number a sign could apply to. */
    private Object topLevel() {
        Object first = expression();
        skipSpace();
        if (!peek(',')) {
            return unwrap(first);
        }
        List<Object> items = new ArrayList<>();
        items.add(unwrap(first));
        while (accept(',')) {
            skipSpace();
            if (pos == text.length()) {
                break;
            }
            items.add(unwrap(expression()));
            skipSpace();
        }
        return items;
    }

    private static Object unwrap(Object value) {
        return value instanceof Num n ? n.value : value;
    }

    private Object expression() {
        // Python's tokenizer refuses more than 200 nested brackets; signs count here too, so no input
        // can run the reader out of stack
        if (++depth > MAX_DEPTH) {
            throw fail();
        }
        try {
            return unary();
        } finally {
            depth--;
        }
    }

    private Object unary() {
        skipSpace();
        if (pos >= text.length()) {
            throw fail();
        }
        char c = text.charAt(pos);
        if (c == '+' || c == '-') {
            pos++;
            Object operand = expression();
            if (!(operand instanceof Num n)) {
                throw fail();
            }
            Object value = n.value;
            if (c == '+') {
                return value;
            }
            return switch (value) {
                case Long l when l != Long.MIN_VALUE -> -l;
                case Long l -> BigInteger.valueOf(l).negate();
                case BigInteger b -> normalize(b.negate());
                case Double d -> -d;
                default -> throw fail();
            };
        }
        Object value = atom();
        skipSpace();
        // A binary operator, a call, an attribute or a subscript makes it an expression, not a literal.
        if (pos < text.length() && "+-*/%@&|^<>=.([!~".indexOf(text.charAt(pos)) >= 0) {
            throw fail();
        }
        return value;
    }

    private Object atom() {
        char c = text.charAt(pos);
        if (c == '(') {
            pos++;
            skipSpace();
            if (accept(')')) {
                return new ArrayList<>();
            }
            Object first = expression();
            skipSpace();
            if (accept(')')) {
                return first instanceof Num n ? new Num(n.value) : first;
            }
            List<Object> items = sequenceAfterFirst(first, ')');
            return items;
        }
        if (c == '[') {
            pos++;
            skipSpace();
            if (accept(']')) {
                return new ArrayList<>();
            }
            return sequenceAfterFirst(expression(), ']');
        }
        if (c == '{') {
            return braces();
        }
        if (c == '\'' || c == '"' || isStringPrefix()) {
            return strings();
        }
        if (Character.isDigit(c) || c == '.' && pos + 1 < text.length() && Character.isDigit(text.charAt(pos + 1))) {
            return new Num(number());
        }
        if (isNameStart(c)) {
            String name = name();
            return switch (name) {
                case "True" -> Boolean.TRUE;
                case "False" -> Boolean.FALSE;
                case "None" -> NONE;
                case "set" -> emptySetCall();
                default -> throw fail();
            };
        }
        throw fail();
    }

    private Object emptySetCall() {
        skipSpace();
        if (!accept('(')) {
            throw fail();
        }
        skipSpace();
        if (!accept(')')) {
            throw fail();
        }
        return new ArrayList<>();
    }

    private List<Object> sequenceAfterFirst(Object first, char close) {
        List<Object> items = new ArrayList<>();
        items.add(unwrap(first));
        while (true) {
            skipSpace();
            if (accept(close)) {
                return items;
            }
            if (!accept(',')) {
                throw fail();
            }
            skipSpace();
            if (accept(close)) {
                return items;
            }
            items.add(unwrap(expression()));
        }
    }

    private Object braces() {
        pos++;
        skipSpace();
        if (accept('}')) {
            return new LinkedHashMap<String, Object>();
        }
        Object first = unwrap(expression());
        skipSpace();
        if (!accept(':')) {
            // A set: Python would hash its items; a list keeps them in the order written.
            return sequenceAfterFirst(first, '}');
        }
        Map<String, Object> map = new LinkedHashMap<>();
        Object key = first;
        while (true) {
            Object value = unwrap(expression());
            map.put(key(key), value);
            skipSpace();
            if (accept('}')) {
                return map;
            }
            if (!accept(',')) {
                throw fail();
            }
            skipSpace();
            if (accept('}')) {
                return map;
            }
            key = unwrap(expression());
            skipSpace();
            if (!accept(':')) {
                throw fail();
            }
        }
    }

    /** A dict key as JSON writes it; lists and dicts cannot be keys in Python. */
    private static String key(Object key) {
        return switch (key) {
            case String s -> s;
            case Boolean b -> b ? "true" : "false";
            case Double d -> PythonText.str(d);
            case Number n -> n.toString();
            default -> {
                if (key == NONE) {
                    yield "null";
                }
                throw fail();
            }
        };
    }

    // ---- strings

    private boolean isStringPrefix() {
        int i = pos;
        while (i < text.length() && i - pos < 2 && "rRbBuUfF".indexOf(text.charAt(i)) >= 0) {
            i++;
        }
        return i > pos && i < text.length() && (text.charAt(i) == '\'' || text.charAt(i) == '"');
    }

    private Object strings() {
        StringBuilder joined = new StringBuilder();
        Boolean bytes = null;
        do {
            String prefix = prefix();
            boolean isBytes = prefix.contains("b");
            if (prefix.contains("f") || prefix.contains("u") && prefix.length() > 1) {
                throw fail();
            }
            if (bytes != null && bytes != isBytes) {
                throw fail();
            }
            bytes = isBytes;
            joined.append(string(prefix.contains("r"), isBytes));
            skipSpace();
        } while (pos < text.length() && (text.charAt(pos) == '\'' || text.charAt(pos) == '"' || isStringPrefix()));
        if (bytes) {
            // Ansible's to_text decodes bytes as UTF-8.
            byte[] raw = new byte[joined.length()];
            for (int i = 0; i < raw.length; i++) {
                raw[i] = (byte) joined.charAt(i);
            }
            return new String(raw, StandardCharsets.UTF_8);
        }
        return joined.toString();
    }

    private String prefix() {
        StringBuilder p = new StringBuilder();
        while (text.charAt(pos) != '\'' && text.charAt(pos) != '"') {
            p.append(Character.toLowerCase(text.charAt(pos)));
            pos++;
        }
        return p.toString();
    }

    private String string(boolean raw, boolean bytes) {
        char quote = text.charAt(pos);
        boolean triple = text.startsWith(String.valueOf(quote).repeat(3), pos);
        pos += triple ? 3 : 1;
        StringBuilder out = new StringBuilder();
        while (true) {
            if (pos >= text.length()) {
                throw fail();
            }
            char c = text.charAt(pos);
            if (c == quote && (!triple || text.startsWith(String.valueOf(quote).repeat(3), pos))) {
                pos += triple ? 3 : 1;
                return out.toString();
            }
            if (c == '\n' && !triple) {
                throw fail();
            }
            if (bytes && c > 127) {
                throw fail();
            }
            if (c != '\\') {
                out.append(c);
                pos++;
                continue;
            }
            if (pos + 1 >= text.length()) {
                throw fail();
            }
            if (raw) {
                // In a raw string a backslash stays, and keeps the next character from ending the string.
                out.append(c).append(text.charAt(pos + 1));
                pos += 2;
                continue;
            }
            pos++;
            escape(out, bytes);
        }
    }

    private void escape(StringBuilder out, boolean bytes) {
        char e = text.charAt(pos++);
        switch (e) {
            case '\n' -> { }
            case '\\', '\'', '"' -> out.append(e);
            case 'a' -> out.append('\u0007');
            case 'b' -> out.append('\b');
            case 'f' -> out.append('\f');
            case 'n' -> out.append('\n');
            case 'r' -> out.append('\r');
            case 't' -> out.append('\t');
            case 'v' -> out.append('\u000b');
            case 'x' -> out.appendCodePoint(hex(2));
            case 'u', 'U' -> {
                if (bytes) {
                    out.append('\\').append(e);
                } else {
                    int cp = hex(e == 'u' ? 4 : 8);
                    if (cp < 0 || cp > Character.MAX_CODE_POINT) {
                        throw fail();
                    }
                    out.appendCodePoint(cp);
                }
            }
            case 'N' -> {
                if (bytes) {
                    out.append("\\N");
                } else {
                    out.appendCodePoint(named());
                }
            }
            default -> {
                if (e >= '0' && e <= '7') {
                    int value = e - '0';
                    for (int i = 0; i < 2 && pos < text.length() && text.charAt(pos) >= '0' && text.charAt(pos) <= '7'; i++) {
                        value = value * 8 + text.charAt(pos++) - '0';
                    }
                    if (bytes && value > 0xff) {
                        throw fail();
                    }
                    out.appendCodePoint(value);
                } else {
                    // Python keeps an unknown escape as written (with a warning).
                    out.append('\\').append(e);
                }
            }
        }
    }

    private int hex(int digits) {
        if (pos + digits > text.length()) {
            throw fail();
        }
        String h = text.substring(pos, pos + digits);
        if (!h.matches("[0-9a-fA-F]+")) {
            throw fail();
        }
        pos += digits;
        return (int) Long.parseLong(h, 16);
    }

    private int named() {
        if (pos >= text.length() || text.charAt(pos) != '{') {
            throw fail();
        }
        int end = text.indexOf('}', pos);
        if (end < 0) {
            throw fail();
        }
        String name = text.substring(pos + 1, end);
        pos = end + 1;
        try {
            return Character.codePointOf(name);
        } catch (IllegalArgumentException e) {
            throw fail();
        }
    }

    // ---- numbers

    private static final String DIGITS = "[0-9](?:_?[0-9])*";

    private Object number() {
        int start = pos;
        while (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '_'
                || text.charAt(pos) == '.' || (text.charAt(pos) == '+' || text.charAt(pos) == '-')
                && (text.charAt(pos - 1) == 'e' || text.charAt(pos - 1) == 'E') && !isRadix(text, start))) {
            pos++;
        }
        String token = text.substring(start, pos);
        String lower = token.toLowerCase();
        if (lower.matches("0x(?:_?[0-9a-f])+")) {
            return normalize(new BigInteger(lower.substring(2).replace("_", ""), 16));
        }
        if (lower.matches("0o(?:_?[0-7])+")) {
            return normalize(new BigInteger(lower.substring(2).replace("_", ""), 8));
        }
        if (lower.matches("0b(?:_?[01])+")) {
            return normalize(new BigInteger(lower.substring(2).replace("_", ""), 2));
        }
        if (lower.matches("[1-9](?:_?[0-9])*|0(?:_?0)*")) {
            return normalize(new BigInteger(lower.replace("_", "")));
        }
        String exponent = "(?:e[+-]?" + DIGITS + ")";
        if (lower.matches("(?:" + DIGITS + "\\.(?:" + DIGITS + ")?|\\." + DIGITS + ")" + exponent + "?")
                || lower.matches(DIGITS + exponent)) {
            return Double.parseDouble(lower.replace("_", ""));
        }
        // Leading zeros, imaginary numbers, letters glued to digits: not a literal herd can hold.
        throw fail();
    }

    private static boolean isRadix(String text, int start) {
        return text.length() > start + 1 && text.charAt(start) == '0' && "xXoObB".indexOf(text.charAt(start + 1)) >= 0;
    }

    private static Object normalize(BigInteger value) {
        return value.bitLength() < 64 ? (Object) value.longValue() : value;
    }

    // ---- names and layout

    private static boolean isNameStart(char c) {
        return Character.isLetter(c) || c == '_';
    }

    private String name() {
        int start = pos;
        while (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '_')) {
            pos++;
        }
        return text.substring(start, pos);
    }

    private void skipSpace() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == ' ' || c == '\t' || c == '\f') {
                pos++;
            } else if (c == '#') {
                int nl = text.indexOf('\n', pos);
                pos = nl < 0 ? text.length() : nl;
            } else {
                return;
            }
        }
    }

    private boolean peek(char c) {
        return pos < text.length() && text.charAt(pos) == c;
    }

    private boolean accept(char c) {
        if (peek(c)) {
            pos++;
            return true;
        }
        return false;
    }
}
