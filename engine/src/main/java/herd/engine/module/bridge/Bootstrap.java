package herd.engine.module.bridge;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** {@code bridge.py}, the program that runs a packaged module from memory (and reads its spec on the controller). */
final class Bootstrap {
    private static final String SOURCE = read();

    private Bootstrap() {
    }

    static String source() {
        return SOURCE;
    }

    private static String read() {
        try (InputStream in = Bootstrap.class.getResourceAsStream("/herd/engine/modules/bridge.py")) {
            if (in == null) {
                throw new IllegalStateException("herd is missing its module bridge (bridge.py)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
