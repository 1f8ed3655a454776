package herd.engine.module.builtin;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a time written in a strftime format (file's {@code modification_time_format}), as Python's
 * {@code time.strptime} does for the usual directives ({@code %Y %y %m %d %H %M %S %b %%}), into
 * {@code YYYY-MM-DD hh:mm:ss} for the host's {@code date -d}, which reads it in the host's time zone
 * as Ansible's {@code time.mktime} does.
 */
final class Strftime {
    private static final List<String> MONTHS = List.of("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep",
            "oct", "nov", "dec");

    private Strftime() {
    }

    static Optional<String> toIso(String value, String format) {
        StringBuilder regex = new StringBuilder();
        List<Character> fields = new ArrayList<>();
        for (int i = 0; i < format.length(); i++) {
            char c = format.charAt(i);
            if (c == '%' && i + 1 < format.length()) {
                char d = format.charAt(++i);
                String part = switch (d) {
                    case 'Y' -> "(\\d{4})";
                    case 'y', 'm', 'd', 'H', 'M', 'S' -> "(\\d{1,2})";
                    case 'b' -> "([A-Za-z]{3})";
                    case '%' -> "%";
                    default -> null;
                };
                if (part == null) {
                    return Optional.empty();
                }
                if (d != '%') {
                    fields.add(d);
                }
                regex.append(part);
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        Matcher m = Pattern.compile(regex.toString()).matcher(value);
        if (!m.matches()) {
            return Optional.empty();
        }
        int year = 1900;
        int month = 1;
        int day = 1;
        int hour = 0;
        int minute = 0;
        int second = 0;
        for (int i = 0; i < fields.size(); i++) {
            String g = m.group(i + 1);
            switch (fields.get(i)) {
                case 'Y' -> year = Integer.parseInt(g);
                case 'y' -> year = Integer.parseInt(g) + (Integer.parseInt(g) < 69 ? 2000 : 1900);
                case 'm' -> month = Integer.parseInt(g);
                case 'd' -> day = Integer.parseInt(g);
                case 'H' -> hour = Integer.parseInt(g);
                case 'M' -> minute = Integer.parseInt(g);
                case 'S' -> second = Integer.parseInt(g);
                default -> {
                    int index = MONTHS.indexOf(g.toLowerCase(java.util.Locale.ROOT));
                    if (index < 0) {
                        return Optional.empty();
                    }
                    month = index + 1;
                }
            }
        }
        return Optional.of(String.format("%04d-%02d-%02d %02d:%02d:%02d", year, month, day, hour, minute, second));
    }
}
