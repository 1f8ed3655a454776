package herd.engine.inventory;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Host names as Ansible's inventory plugins read them: an optional {@code :port}, and ranges such as
 * {@code web[01:10].example.com}, {@code db-[a:f]}, {@code node[1:10:2]}, several in one name. The
 * rules are those of ansible-core's {@code parse_address} and {@code expand_hostname_range}.
 */
public final class HostRange {
    private HostRange() {
    }

    /** What a host pattern stands for: the host names, and the port written after them if any. */
    public record Expansion(List<String> hosts, Optional<Integer> port) {
        public Expansion {
            hosts = List.copyOf(hosts);
        }
    }

    /** A range that cannot be expanded. */
    public static final class BadRange extends Exception {
        public BadRange(String message) {
            super(message, null, false, false);
        }
    }

    private static final String NUMERIC_RANGE = "\\[(?:[0-9]+:[0-9]+)(?::[0-9]+)?\\]";
    private static final String HEX_RANGE = "\\[(?:[0-9a-f]+:[0-9a-f]+)(?::[0-9]+)?\\]";
    private static final String ALNUM_RANGE = "\\[(?:[a-z]:[a-z]|[0-9]+:[0-9]+)(?::[0-9]+)?\\]";
    private static final String IPV6_PART = "(?:[0-9a-f]{1,4}|" + HEX_RANGE + ")";
    private static final String IPV4_PART = "(?:[01]?[0-9]{1,2}|2[0-4][0-9]|25[0-5]|" + NUMERIC_RANGE + ")";
    private static final String LABEL = "(?:[\\w]|" + ALNUM_RANGE + ")(?:[\\w_-]|" + ALNUM_RANGE + ")*(?<![_-])";

    private static final Pattern BRACKETED_HOSTPORT = Pattern.compile("^\\[(.+)\\]:([0-9]+)$");
    private static final Pattern HOSTPORT = Pattern.compile("^((?:[^:\\[\\]]|\\[[^\\]]*\\])*):([0-9]+)$");
    private static final Pattern IPV4 = Pattern.compile("^(?:" + IPV4_PART + "\\.){3}" + IPV4_PART + "$",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern IPV6 = Pattern.compile(("^(?:"
            + "(?:P:){7}P|(?:P:){1,6}:|(?:P:)(?::P){1,6}|(?:P:){2}(?::P){1,5}|(?:P:){3}(?::P){1,4}|"
            + "(?:P:){4}(?::P){1,3}|(?:P:){5}(?::P){1,2}|(?:P:){6}(?::P)|:(?::P){1,6}|P?::|"
            + "(?:0:){6}(?:P\\.){3}P|::(?:ffff:)?(?:P\\.){3}P|(?:0:){5}ffff:(?:P\\.){3}P"
            + ")$").replace("P", IPV6_PART), Pattern.CASE_INSENSITIVE);
    private static final Pattern HOSTNAME = Pattern.compile("^" + LABEL + "(?:\\." + LABEL + ")*$",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CHARACTER_CLASS);

    private static final int MAX_HOSTS = 100_000;
    private static final int MAX_ADDRESS = 1024;
    private static final long MAX_CHARACTERS = 64L * 1024 * 1024;
    private static final String LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

    /**
     * Ansible's {@code _expand_hostpattern}: the port comes off when the rest reads as a host name or
     * address (ranges allowed); otherwise the whole text is the name. Then the ranges are expanded.
     */
    public static Expansion expand(String pattern) throws BadRange {
        String name = pattern;
        Optional<Integer> port = Optional.empty();
        Optional<Address> address = address(pattern);
        if (address.isPresent()) {
            name = address.get().host;
            port = address.get().port;
        }
        List<String> hosts = name.contains("[") ? expandRanges(name) : List.of(name);
        return new Expansion(hosts, port);
    }

    /** A name with its port taken off, for a list of hosts given with -i (no ranges there). */
    static Expansion plain(String text) {
        Optional<Address> address = address(text).filter(a -> !a.host.contains("["));
        return address.map(a -> new Expansion(List.of(a.host), a.port)).orElse(new Expansion(List.of(text), Optional.empty()));
    }

    private record Address(String host, Optional<Integer> port) {
    }

    /** {@code parse_address(text, allow_ranges=True)}; empty when it is not a host identifier. */
    private static Optional<Address> address(String text) {
        // the patterns recurse once per character (Java's regex engine): a name longer than any real
        // one (DNS allows 253 characters) would overflow the stack, so it stays a name, port and all
        if (text.length() > MAX_ADDRESS) {
            return Optional.empty();
        }
        String rest = text;
        Optional<Integer> port = Optional.empty();
        for (Pattern p : List.of(BRACKETED_HOSTPORT, HOSTPORT)) {
            Matcher m = p.matcher(rest);
            if (m.matches()) {
                rest = m.group(1);
                try {
                    port = Optional.of(Integer.parseInt(m.group(2)));
                } catch (NumberFormatException e) {
                    return Optional.empty();
                }
            }
        }
        if (IPV4.matcher(rest).matches() || IPV6.matcher(rest).matches() || HOSTNAME.matcher(rest).matches()) {
            return Optional.of(new Address(rest, port));
        }
        return Optional.empty();
    }

    /** {@code expand_hostname_range}: the first [..] is expanded, then the rest of each result. */
    static List<String> expandRanges(String line) throws BadRange {
        List<String> names = new ArrayList<>();
        expandRanges(line, line, names);
        return names;
    }

    /** Adds the names {@code line} stands for to {@code names}; ranges one after the other multiply, so the bound is on the whole. */
    private static void expandRanges(String pattern, String line, List<String> names) throws BadRange {
        int open = line.indexOf('[');
        int close = line.indexOf(']');
        if (open < 0 || close < 0 || close < open || line.indexOf('|') >= 0) {
            throw new BadRange("a range is written [begin:end] or [begin:end:step]");
        }
        String head = line.substring(0, open);
        String range = line.substring(open + 1, close);
        String tail = line.substring(close + 1);
        String[] bounds = range.split(":", -1);
        if (bounds.length != 2 && bounds.length != 3) {
            throw new BadRange("the range [" + range + "] must be begin:end or begin:end:step");
        }
        String begin = bounds[0].isEmpty() ? "0" : bounds[0];
        String end = bounds[1];
        String stepText = bounds.length == 3 ? bounds[2] : "1";
        if (end.isEmpty()) {
            throw new BadRange("the range [" + range + "] has no end");
        }
        int width = begin.length() > 1 && begin.charAt(0) == '0' ? begin.length() : 0;
        if (width > 0 && width != end.length()) {
            throw new BadRange("the range [" + range + "] must have begin and end of the same width, as in [01:10]");
        }
        for (String item : sequence(range, begin, end, stepText)) {
            String padded = width > 0 ? "0".repeat(Math.max(0, width - item.length())) + item : item;
            String name = head + padded + tail;
            if (name.contains("[")) {
                expandRanges(pattern, name, names);
            } else {
                names.add(name);
                if (names.size() > MAX_HOSTS || (long) names.size() * name.length() > MAX_CHARACTERS) {
                    throw new BadRange("the ranges of " + abbreviated(pattern)
                            + " stand for more than 100,000 hosts or 64 million characters of names, herd's limit for one pattern");
                }
            }
        }
    }

    private static String abbreviated(String text) {
        return text.length() <= 80 ? text : text.substring(0, 77) + "...";
    }

    private static List<String> sequence(String range, String begin, String end, String stepText) throws BadRange {
        int step = integer(stepText, range);
        int letterBegin = LETTERS.indexOf(begin);
        int letterEnd = LETTERS.indexOf(end);
        List<String> out = new ArrayList<>();
        if (letterBegin >= 0 && letterEnd >= 0 && step != 0) {
            if (letterBegin > letterEnd) {
                throw new BadRange("the range [" + range + "] must have begin <= end");
            }
            for (int i = letterBegin; step > 0 && i <= letterEnd; i += step) {
                out.add(String.valueOf(LETTERS.charAt(i)));
            }
            return out;
        }
        long from = integer(begin, range);
        long to = integer(end, range);
        if (step == 0) {
            throw new BadRange("the range [" + range + "] has a step of 0");
        }
        // Python's range(begin, end + 1, step)
        for (long i = from; step > 0 ? i <= to : i > to + 1; i += step) {
            out.add(Long.toString(i));
            if (out.size() > MAX_HOSTS) {
                throw new BadRange("the range [" + range + "] has more than 100,000 hosts, herd's limit for one range");
            }
        }
        return out;
    }

    private static int integer(String text, String range) throws BadRange {
        try {
            return Integer.parseInt(text.trim().replace("_", ""));
        } catch (NumberFormatException e) {
            throw new BadRange("the range [" + range + "] must be numbers or single letters, not '" + text + "'");
        }
    }
}
