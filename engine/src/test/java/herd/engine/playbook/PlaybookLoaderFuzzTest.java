package herd.engine.playbook;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Timeout;

import com.code_intelligence.jazzer.junit.FuzzTest;

import herd.engine.load.FuzzInput;
import herd.engine.load.InputException;

/** Fuzzes {@link PlaybookLoader}: any file gives a playbook or an {@link InputException} whose problems say where. */
class PlaybookLoaderFuzzTest {

    @FuzzTest
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void playbook(byte[] data) {
        if (!FuzzInput.fits(data)) {
            return;
        }
        try {
            PlaybookLoader.load(FuzzInput.file("playbook", "site.yml", data));
        } catch (InputException e) {
            FuzzInput.assertPositioned(e);
        }
    }
}
