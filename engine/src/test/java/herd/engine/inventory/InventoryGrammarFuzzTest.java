package herd.engine.inventory;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Timeout;

import com.code_intelligence.jazzer.junit.FuzzTest;

import herd.engine.load.FuzzInput;
import java.util.List;

/**
 * Fuzzes the small grammars of inventories: {@link HostPattern} (parsed and matched against a small
 * inventory), {@link HostRange} (a result or {@link HostRange.BadRange}) and {@link PythonLiteral}
 * (a value, or the text kept as it is). None may throw anything else.
 */
class InventoryGrammarFuzzTest {
    private static final Inventory INVENTORY = Inventories.load(List.of(FuzzInput.file("patterns", "hosts.ini",
            """
            [web]
            web1 ansible_host=127.0.0.2
            web2
            [db]
            db1
            [prod:children]
            web
            db
            """.getBytes(java.nio.charset.StandardCharsets.UTF_8))));

    @FuzzTest
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void hostPattern(byte[] data) {
        if (!FuzzInput.fits(data)) {
            return;
        }
        HostPattern.parse(FuzzInput.text(data)).select(INVENTORY);
    }

    @FuzzTest
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void hostRange(byte[] data) {
        if (!FuzzInput.fits(data)) {
            return;
        }
        try {
            HostRange.expand(FuzzInput.text(data));
        } catch (HostRange.BadRange e) {
            if (e.getMessage() == null || e.getMessage().isBlank()) {
                throw new AssertionError("a bad range without a message", e);
            }
        }
    }

    @FuzzTest
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void pythonLiteral(byte[] data) {
        if (!FuzzInput.fits(data)) {
            return;
        }
        String text = FuzzInput.text(data);
        PythonLiteral.parse(text);
        PythonLiteral.iniValue(text);
    }
}
