package herd.engine.run;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;

/**
 * A maintenance window ({@code 02:00-04:00}, optionally with a zone: {@code 02:00-04:00 Europe/Berlin})
 * or a deadline ({@code 04:00}, {@code 2026-11-27T04:00}, {@code 2026-11-27T04:00+01:00}).
 */
public final class Window {
    private Window() {
    }

    /**
     * The end of the window that contains {@code now}.
     *
     * @throws IllegalArgumentException when the text is no window
     * @throws Closed                   when {@code now} is outside it (the message says when it opens)
     */
    public static Instant end(String window, ZonedDateTime now) {
        String[] parts = window.strip().split("\\s+", 2);
        String[] times = parts[0].split("-", 2);
        if (times.length != 2) {
            throw new IllegalArgumentException("'" + window + "' is not a window; write it as 02:00-04:00,"
                    + " optionally with a zone: '02:00-04:00 Europe/Berlin'");
        }
        ZonedDateTime here = parts.length > 1 ? now.withZoneSameInstant(zone(parts[1])) : now;
        LocalTime from = time(times[0]);
        LocalTime to = time(times[1]);
        ZonedDateTime start = here.with(from);
        if (start.isAfter(here)) {
            start = start.minusDays(1);
        }
        ZonedDateTime end = start.with(to);
        if (!end.isAfter(start)) {
            end = end.plusDays(1);
        }
        if (!here.isBefore(end)) {
            ZonedDateTime opens = start.plusDays(1);
            throw new Closed("it is " + here.toLocalTime().withNano(0) + " " + here.getZone()
                    + ", outside the maintenance window " + parts[0] + "; it opens next at " + opens.toLocalDateTime()
                    + " " + here.getZone());
        }
        return end.toInstant();
    }

    /** A deadline: a time of day (its next occurrence), a local date-time, or one with an offset. */
    public static Instant deadline(String text, ZonedDateTime now) {
        String t = text.strip();
        try {
            if (t.matches("\\d{1,2}:\\d{2}(:\\d{2})?")) {
                ZonedDateTime at = now.with(time(t));
                return (at.isAfter(now) ? at : at.plusDays(1)).toInstant();
            }
            if (t.matches(".*([+-]\\d{2}:\\d{2}|Z)$")) {
                return OffsetDateTime.parse(t).toInstant();
            }
            return LocalDateTime.parse(t).atZone(now.getZone()).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + text + "' is not a time; write 04:00, 2026-11-27T04:00 or"
                    + " 2026-11-27T04:00+01:00");
        }
    }

    /** Now is outside the maintenance window. */
    public static final class Closed extends RuntimeException {
        Closed(String message) {
            super(message);
        }
    }

    private static LocalTime time(String text) {
        try {
            return LocalTime.parse(text.length() == 4 ? "0" + text : text);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + text + "' is not a time of day; write it as 02:00");
        }
    }

    private static ZoneId zone(String text) {
        try {
            return ZoneId.of(text);
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("'" + text + "' is not a time zone; write e.g. Europe/Berlin or UTC");
        }
    }
}
