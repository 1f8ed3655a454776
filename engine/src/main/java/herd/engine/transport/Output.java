package herd.engine.transport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** Drains a command's output stream on a virtual thread, so stdout and stderr never block each other. */
public final class Output {
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    private final Thread thread;

    private Output(InputStream in) {
        this.thread = Thread.ofVirtual().start(() -> {
            byte[] chunk = new byte[8192];
            try (in) {
                int n;
                while ((n = in.read(chunk)) >= 0) {
                    synchronized (buffer) {
                        buffer.write(chunk, 0, n);
                    }
                }
            } catch (IOException ignored) {
                // the stream ends when the channel closes; what arrived is kept
            }
        });
    }

    public static Output drain(InputStream in) {
        return new Output(in);
    }

    /** Waits a bounded time for the stream to end, then returns what arrived as {@link #text()}. */
    public String await(long millis) {
        try {
            thread.join(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return text();
    }

    /** What arrived so far, byte for byte. */
    public byte[] bytes() {
        synchronized (buffer) {
            return buffer.toByteArray();
        }
    }

    /** What arrived so far, decoded as UTF-8, with trailing newlines removed as Ansible removes them. */
    public String text() {
        synchronized (buffer) {
            return text(buffer.toByteArray());
        }
    }

    /** Bytes decoded as UTF-8, with trailing newlines removed as Ansible removes them. */
    public static String text(byte[] bytes) {
        String s = new String(bytes, StandardCharsets.UTF_8);
        int end = s.length();
        while (end > 0 && (s.charAt(end - 1) == '\n' || s.charAt(end - 1) == '\r')) {
            end--;
        }
        return s.substring(0, end);
    }
}
