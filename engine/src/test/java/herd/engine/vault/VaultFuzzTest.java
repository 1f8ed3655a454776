package herd.engine.vault;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Timeout;

import com.code_intelligence.jazzer.junit.FuzzTest;

import herd.engine.load.FuzzInput;

/**
 * Fuzzes the vault envelope: {@link VaultText#parse} and a decryption with a password, which give a
 * plaintext or a {@link VaultException} in words, never another exception.
 */
class VaultFuzzTest {
    private static final VaultSecrets SECRETS = new VaultSecrets(List.of(new VaultSecrets.Secret("default",
            "fixture-password".getBytes(StandardCharsets.UTF_8), "fuzz")));

    @FuzzTest
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void envelope(byte[] data) {
        if (!FuzzInput.fits(data)) {
            return;
        }
        try {
            SECRETS.decrypt(new String(data, StandardCharsets.ISO_8859_1));
        } catch (VaultException expected) {
            // a damaged or foreign text, said in words
        }
    }
}
