package herd.engine.config;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Timeout;

import com.code_intelligence.jazzer.junit.FuzzTest;

import herd.engine.load.FuzzInput;
import java.nio.file.Path;
import java.util.Map;

import herd.engine.load.InputException;

/**
 * Fuzzes ansible.cfg through {@link AnsibleConfigLoader#load} (which reads it with {@link IniFile}):
 * settings, or an {@link InputException} whose problems say where.
 */
class AnsibleConfigFuzzTest {

    @FuzzTest
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void ansibleCfg(byte[] data) {
        if (!FuzzInput.fits(data)) {
            return;
        }
        Path file = FuzzInput.file("ansible-cfg", "ansible.cfg", data);
        Path none = FuzzInput.scratch().resolve("no-such-file");
        try {
            new AnsibleConfigLoader(Map.of(AnsibleConfigLoader.CONFIG_VARIABLE, file.toString()), file.getParent(),
                    file.getParent(), none).load();
        } catch (InputException e) {
            FuzzInput.assertPositioned(e);
        }
    }
}
