package herd.engine.text;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Bytes as text, one char per byte (ISO-8859-1), the way lineinfile and blockinfile see a file: as
 * Python bytes. A file that is not UTF-8 comes back byte for byte; arguments (written as Unicode)
 * are turned into their UTF-8 bytes the same way before they meet it.
 */
public final class ByteText {
    private ByteText() {
    }

    /** The file's bytes, one char each. */
    public static String of(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    /** An argument's UTF-8 bytes, one char each. */
    public static String ofArgument(String text) {
        return new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
    }

    /** The bytes back. */
    public static byte[] bytes(String byteText) {
        return byteText.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** The bytes read as UTF-8, for messages and diffs. */
    public static String readable(String byteText) {
        return new String(bytes(byteText), StandardCharsets.UTF_8);
    }

    /** Python's {@code bytes.readlines()}: each line with its {@code \n}, the last one maybe without. */
    public static List<String> readlines(String text) {
        List<String> lines = new ArrayList<>();
        int start = 0;
        while (start < text.length()) {
            int nl = text.indexOf('\n', start);
            int end = nl < 0 ? text.length() : nl + 1;
            lines.add(text.substring(start, end));
            start = end;
        }
        return lines;
    }

    /** Python's {@code bytes.splitlines(True)}: lines end at {@code \n}, {@code \r\n} or {@code \r}. */
    public static List<String> splitlines(String text) {
        List<String> lines = new ArrayList<>();
        int start = 0;
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '\n' || c == '\r') {
                int end = c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n' ? i + 2 : i + 1;
                lines.add(text.substring(start, end));
                start = end;
                i = end;
            } else {
                i++;
            }
        }
        if (start < text.length()) {
            lines.add(text.substring(start));
        }
        return lines;
    }

    /** Python's {@code line.rstrip(b'\r\n')}. */
    public static String stripEnd(String line) {
        int end = line.length();
        while (end > 0 && (line.charAt(end - 1) == '\n' || line.charAt(end - 1) == '\r')) {
            end--;
        }
        return line.substring(0, end);
    }
}
