package herd.engine.run;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Timeout;

import com.code_intelligence.jazzer.junit.FuzzTest;

import herd.engine.load.FuzzInput;
import herd.engine.load.InputException;

/** Fuzzes {@link Journal#read} (what --resume reads): the completed steps, or an {@link InputException} that says where. */
class JournalFuzzTest {

    @FuzzTest
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void journal(byte[] data) {
        if (!FuzzInput.fits(data)) {
            return;
        }
        try {
            Journal.read(FuzzInput.file("journal", "run.journal", data));
        } catch (InputException e) {
            FuzzInput.assertPositioned(e);
        }
    }
}
