package herd.engine.facts;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.TextStyle;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** date_time: the host's clock and time zone, as Ansible's date_time collector writes them. */
final class TimeFacts {
    private TimeFacts() {
    }

    static Map<String, Object> dateTime(Raw raw) {
        Map<String, Object> t = raw.map("time");
        double epoch = ((Number) t.get("epoch")).doubleValue();
        int offset = ((Number) t.get("offset")).intValue();
        long seconds = (long) Math.floor(epoch);
        int micros = (int) Math.round((epoch - seconds) * 1_000_000);
        if (micros == 1_000_000) {
            seconds++;
            micros = 0;
        }
        Instant instant = Instant.ofEpochSecond(seconds, micros * 1000L);
        LocalDateTime now = LocalDateTime.ofInstant(instant, ZoneOffset.ofTotalSeconds(offset));
        LocalDateTime utc = LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("year", String.format("%04d", now.getYear()));
        d.put("month", two(now.getMonthValue()));
        d.put("weekday", now.getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.ENGLISH));
        int sundayFirst = now.getDayOfWeek().getValue() % 7;
        d.put("weekday_number", String.valueOf(sundayFirst));
        int mondayFirst = (sundayFirst + 6) % 7;
        d.put("weeknumber", two((now.getDayOfYear() - 1 + 7 - mondayFirst) / 7));
        d.put("day", two(now.getDayOfMonth()));
        d.put("hour", two(now.getHour()));
        d.put("minute", two(now.getMinute()));
        d.put("second", two(now.getSecond()));
        d.put("epoch", String.valueOf(seconds));
        d.put("epoch_int", String.valueOf(seconds));
        d.put("date", now.format(DateTimeFormatter.ofPattern("yyyy-MM-dd")));
        d.put("time", now.format(DateTimeFormatter.ofPattern("HH:mm:ss")));
        String micro = String.format("%06d", micros);
        d.put("iso8601_micro", utc.format(DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss")) + "." + micro + "Z");
        d.put("iso8601", utc.format(DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss")) + "Z");
        d.put("iso8601_basic", now.format(DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss")) + micro);
        d.put("iso8601_basic_short", now.format(DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss")));
        d.put("tz", t.get("tz"));
        d.put("tz_dst", t.get("tz_dst"));
        d.put("tz_offset", t.get("tz_offset"));
        return Map.of("date_time", d);
    }

    private static String two(int n) {
        return String.format("%02d", n);
    }
}
