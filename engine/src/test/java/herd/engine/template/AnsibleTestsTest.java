package herd.engine.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

/** Ansible's tests on registered results: is failed, succeeded, success, changed, skipped. */
class AnsibleTestsTest {
    private static final Templates TEMPLATES = new Templates();

    private static final Map<String, Object> FAILED = Map.of("changed", true, "failed", true, "rc", 1L);
    private static final Map<String, Object> CHANGED = Map.of("changed", true, "failed", false, "rc", 0L);
    private static final Map<String, Object> OK = Map.of("changed", false, "failed", false);
    private static final Map<String, Object> SKIPPED = Map.of("changed", false, "failed", false, "skipped", true);

    private static boolean test(String condition, Map<String, Object> result) {
        return TEMPLATES.test(condition, Map.of("r", result));
    }

    @Test
    void failedAndSucceeded() {
        assertTrue(test("r is failed", FAILED));
        assertFalse(test("r is succeeded", FAILED));
        assertFalse(test("r is success", FAILED));
        assertFalse(test("r is failed", CHANGED));
        assertTrue(test("r is succeeded", CHANGED));
        assertTrue(test("r is success", OK));
        assertTrue(test("r is not failed", OK));
    }

    @Test
    void changed() {
        assertTrue(test("r is changed", CHANGED));
        assertFalse(test("r is changed", OK));
        assertFalse(test("r is not changed", FAILED));
    }

    @Test
    void skipped() {
        assertTrue(test("r is skipped", SKIPPED));
        assertFalse(test("r is skipped", OK));
        assertTrue(test("r is skipped or r is failed", FAILED));
    }

    @Test
    void flagsWrittenAsTextCount() {
        assertTrue(test("r is failed", Map.of("failed", "true")));
        assertFalse(test("r is failed", Map.of("failed", "false")));
    }

    @Test
    void aTestOnSomethingThatIsNoResultIsAnError() {
        TemplateError e = assertThrows(TemplateError.class, () -> TEMPLATES.test("x is failed", Map.of("x", "text")));
        assertTrue(e.getMessage().contains("the 'failed' test needs a registered result, not String"), e.getMessage());
    }

    @Test
    void testsCombineWithExpressions() {
        assertTrue(test("r is succeeded and r.rc == 0", CHANGED));
        assertEquals(false, TEMPLATES.test("r is succeeded and r.rc == 1", Map.of("r", CHANGED)));
    }
}
