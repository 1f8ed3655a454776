package herd.engine.template;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Timeout;

import com.code_intelligence.jazzer.junit.FuzzTest;

import herd.engine.load.FuzzInput;
import java.util.List;
import java.util.Map;

/**
 * Fuzzes {@link Templates#render} with a fuzzed template over a few variables: text, or a
 * {@link TemplateError} (an undefined name, a syntax error), never another exception.
 */
class TemplatesFuzzTest {
    private static final Templates TEMPLATES = new Templates();
    private static final Map<String, Object> VARS = Map.of(
            "name", "web1",
            "port", 8080,
            "hosts", List.of("web1", "web2", "db1"),
            "app", Map.of("user", "plone", "dirs", List.of("/srv/a", "/srv/b"), "debug", false),
            "inventory_hostname", "web1");

    @FuzzTest
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void template(byte[] data) {
        if (data.length > 4096) {
            return;
        }
        try {
            TEMPLATES.render(FuzzInput.text(data), VARS);
        } catch (TemplateError e) {
            if (e.getMessage() == null || e.getMessage().isBlank()) {
                throw new AssertionError("a template error without a message", e);
            }
        }
    }
}
