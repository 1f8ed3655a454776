package herd.engine.load;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads the files herd parses (playbooks, inventories, variables files, templates, ansible.cfg,
 * ssh_config, journals) with a bound, so an endless file ({@code /dev/zero}, a FIFO nobody writes
 * to the end) or a huge one is refused instead of filling the memory. Files herd only carries (a
 * {@code copy} source) are not read through here.
 */
public final class InputFiles {
    /** The largest file herd parses: 16 MiB, far past any hand-written playbook or inventory. */
    public static final int MAX_BYTES = 16 * 1024 * 1024;
    private static final int MIB = 1024 * 1024;

    private InputFiles() {
    }

    /** Too large (or endless) to parse. */
    public static final class TooLarge extends IOException {
        public TooLarge(Path file, int max) {
            super(Files.isRegularFile(file)
                    ? "the file is larger than " + max / MIB + " MiB, herd's limit for a file it parses"
                    : "this is no regular file and it gave more than " + max / MIB + " MiB (endless, like /dev/zero?);"
                            + " herd parses files of at most " + max / MIB + " MiB");
        }
    }

    /** The file's bytes, at most {@link #MAX_BYTES}. */
    public static byte[] read(Path file) throws IOException {
        return read(file, MAX_BYTES);
    }

    /** The file's bytes, at most {@code max}. */
    public static byte[] read(Path file, int max) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] bytes = in.readNBytes(max + 1);
            if (bytes.length > max) {
                throw new TooLarge(file, max);
            }
            return bytes;
        }
    }

    /** The file's lines (bytes that are not UTF-8 replaced, as ssh and Python's "replace" read them), at most {@code max} bytes. */
    public static java.util.List<String> lines(Path file, int max) throws IOException {
        return new String(read(file, max), java.nio.charset.StandardCharsets.UTF_8).lines().toList();
    }

    /** The 1-based line and column of a character index of {@code text}, at {@code file}. */
    public static Position positionOf(Path file, CharSequence text, int index) {
        int line = 1;
        int column = 1;
        int end = Math.min(index, text.length());
        for (int i = 0; i < end; i++) {
            if (text.charAt(i) == '\n') {
                line++;
                column = 1;
            } else {
                column++;
            }
        }
        return new Position(file, line, column);
    }
}
