package herd.engine.report;

import java.time.Duration;
import java.util.Locale;

/** Text made safe for an HTML page: escaping, long output cut to a readable size, durations in words. */
final class Html {
    /** Output up to this many characters is shown whole. */
    static final int SHOWN_WHOLE = 4000;
    /** Longer output keeps its head (the command's start) and its tail (where errors usually are). */
    static final int HEAD = 1000;
    static final int TAIL = 3000;

    private Html() {
    }

    /**
     * Escapes text for an element or a quoted attribute. Control characters other than tab and line
     * breaks (terminal colour codes, NUL) become U+FFFD: they have no meaning on a page.
     */
    static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c < 0x20 && c != '\t' && c != '\n' && c != '\r' || c == 0x7f ? '\uFFFD' : c);
            }
        }
        return out.toString();
    }

    /**
     * The output to show: whole when short, else its first {@link #HEAD} and last {@link #TAIL}
     * characters around a line that says how much was left out of how much.
     */
    static String shorten(String text) {
        if (text.length() <= SHOWN_WHOLE) {
            return text;
        }
        int headEnd = avoidSplitPair(text, HEAD);
        int tailStart = avoidSplitPair(text, text.length() - TAIL);
        return text.substring(0, headEnd) + "\n[... " + (tailStart - headEnd) + " of " + text.length()
                + " characters left out ...]\n" + text.substring(tailStart);
    }

    /** Moves a cut forward by one when it would fall between the two halves of a surrogate pair. */
    private static int avoidSplitPair(String text, int at) {
        return at > 0 && at < text.length() && Character.isLowSurrogate(text.charAt(at)) ? at + 1 : at;
    }

    /** A duration for people: "8 ms", "1.234 s", "2 min 3.4 s". */
    static String took(Duration duration) {
        long ms = duration.toMillis();
        if (ms < 1000) {
            return ms + " ms";
        }
        if (ms < 60_000) {
            return String.format(Locale.ROOT, "%.3f s", ms / 1000.0);
        }
        return String.format(Locale.ROOT, "%d min %.1f s", ms / 60_000, ms % 60_000 / 1000.0);
    }

    /** A percentage for a style attribute, with a fixed number of decimals whatever the locale. */
    static String percent(double value) {
        return String.format(Locale.ROOT, "%.3f%%", value);
    }
}
