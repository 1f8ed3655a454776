package herd.engine.transport;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the passphrase of an encrypted private key comes from: asked only when a server accepts that
 * key, at most once per key file and run. A passphrase is never logged or reported.
 */
@FunctionalInterface
public interface KeyPassphrases {
    /** The environment variable that holds the passphrase of encrypted keys (for CI). */
    String VARIABLE = "HERD_KEY_PASSPHRASE";

    /** The passphrase for {@code key}; empty when there is none to give (no variable, no terminal). */
    Optional<char[]> forKey(Path key);

    /** The passphrase from {@code HERD_KEY_PASSPHRASE}, for every key; empty when it is not set. */
    static KeyPassphrases fromEnvironment() {
        return key -> Optional.ofNullable(System.getenv(VARIABLE)).map(String::toCharArray);
    }
}
