package herd.engine.playbook;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/** key=value words as Ansible's parse_kv reads them. */
class FreeFormTest {
    @Test
    void valuesHavePythonsEscapesDecoded() {
        assertEquals(Optional.of(Map.of("content", "first\nsecond\t\u00e9!", "dest", "/tmp/x")),
                FreeForm.keyValues("content=\"first\\nsecond\\t\\u00e9\\x21\" dest=/tmp/x"));
        assertEquals("a\\b", FreeForm.decodeEscapes("a\\\\b"));
        assertEquals("\\q stays", FreeForm.decodeEscapes("\\q stays"));
        assertEquals("\\Uffffffff", FreeForm.decodeEscapes("\\Uffffffff"));
        assertEquals("A", FreeForm.decodeEscapes("\\101"));
    }
}
