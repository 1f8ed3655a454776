package herd.engine.template;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The sequence lookup: "start=1 end=10 stride=2 format=web%02d" (or count= for end=), or the
 * shortcut "[start-]end[/stride][:format]"; numbers may be hex (0x1f) or octal (0o17); the items
 * are strings formatted printf-style.
 */
final class Sequence {
    private static final String NUM = "(0?x?[0-9a-f]+)";
    private static final Pattern SHORTCUT = Pattern.compile("^(" + NUM + "-)?" + NUM + "(/" + NUM + ")?(:(.+))?$",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern FORMAT = Pattern.compile("%[-+ #0]*\\d*(?:\\.\\d+)?[diouxXeEfFgGs]");

    private long start = 1;
    private Long end;
    private Long count;
    private long stride = 1;
    private String format = "%d";

    private Sequence() {
    }

    static List<Object> lookup(List<Object> terms, Map<String, Object> options, LookupContext context) {
        List<Object> out = new ArrayList<>();
        for (Object term : terms) {
            Sequence sequence = new Sequence();
            String text = PythonValues.text(term);
            if (!sequence.shortcut(text)) {
                sequence.keyValues(text);
            }
            sequence.check();
            if (sequence.stride != 0) {
                sequence.generate(out);
            }
        }
        return out;
    }

    private boolean shortcut(String term) {
        Matcher m = SHORTCUT.matcher(term);
        if (!m.matches()) {
            return false;
        }
        if (m.group(2) != null) {
            start = integer("start", m.group(2));
        }
        end = integer("end", m.group(3));
        if (m.group(5) != null) {
            stride = integer("stride", m.group(5));
        }
        if (m.group(7) != null) {
            format = m.group(7);
        }
        return true;
    }

    private void keyValues(String term) {
        Map<String, String> args = new LinkedHashMap<>();
        for (String word : term.trim().split("\\s+")) {
            int eq = word.indexOf('=');
            if (eq > 0) {
                args.put(word.substring(0, eq), word.substring(eq + 1));
            }
        }
        String value;
        if ((value = args.remove("start")) != null) {
            start = integer("start", value);
        }
        if ((value = args.remove("end")) != null) {
            end = integer("end", value);
        }
        if ((value = args.remove("count")) != null) {
            count = integer("count", value);
        }
        if ((value = args.remove("stride")) != null) {
            stride = integer("stride", value);
        }
        if ((value = args.remove("format")) != null) {
            format = value;
        }
        if (!args.isEmpty()) {
            throw Lookups.failed("unrecognized arguments to with_sequence: " + args.keySet().stream()
                    .map(k -> "'" + k + "'").toList());
        }
    }

    /** Python's int(text, 0): decimal without leading zeros, 0x hex, 0o octal, 0b binary. */
    private static long integer(String name, String text) {
        String t = text.toLowerCase(java.util.Locale.ROOT);
        try {
            boolean negative = t.startsWith("-");
            String digits = negative || t.startsWith("+") ? t.substring(1) : t;
            long value;
            if (digits.startsWith("0x")) {
                value = Long.parseLong(digits.substring(2), 16);
            } else if (digits.startsWith("0o")) {
                value = Long.parseLong(digits.substring(2), 8);
            } else if (digits.startsWith("0b")) {
                value = Long.parseLong(digits.substring(2), 2);
            } else if (digits.matches("0+|[1-9][0-9]*")) {
                value = Long.parseLong(digits);
            } else {
                throw new NumberFormatException(text);
            }
            return negative ? -value : value;
        } catch (NumberFormatException e) {
            throw Lookups.failed("can't parse " + name + "=" + text + " as integer");
        }
    }

    private void check() {
        if (count == null && end == null) {
            throw Lookups.failed("must specify count or end in with_sequence");
        }
        if (count != null && end != null) {
            throw Lookups.failed("can't specify both count and end in with_sequence");
        }
        if (count != null) {
            if (count != 0) {
                end = start + count * stride - 1;
            } else {
                start = 0;
                end = 0L;
                stride = 0;
            }
        }
        if (stride > 0 && end < start) {
            throw Lookups.failed("to count backwards make stride negative");
        }
        if (stride < 0 && end > start) {
            throw Lookups.failed("to count forward don't make stride negative");
        }
        if (format.chars().filter(c -> c == '%').count() != 1) {
            throw Lookups.failed("bad formatting string: " + format);
        }
    }

    private void generate(List<Object> out) {
        long stop = end + (stride >= 0 ? 1 : -1);
        for (long i = start; stride > 0 ? i < stop : i > stop; i += stride) {
            out.add(format(i));
        }
    }

    /** Python's format % number for the one conversion in the format. */
    private String format(long i) {
        Matcher m = FORMAT.matcher(format);
        if (!m.find()) {
            throw Lookups.failed("problem formatting " + i + " with '" + format + "'");
        }
        String spec = m.group();
        char conversion = spec.charAt(spec.length() - 1);
        String java = switch (conversion) {
            case 'i', 'u' -> spec.substring(0, spec.length() - 1) + "d";
            default -> spec;
        };
        Object argument = "eEfFgG".indexOf(conversion) >= 0 ? (Object) (double) i : conversion == 's' ? String.valueOf(i) : i;
        if (conversion == 'F') {
            java = java.substring(0, java.length() - 1) + "f";
        }
        return format.substring(0, m.start()) + String.format(java, argument) + format.substring(m.end());
    }
}
