package herd.engine.vault;

/** A vault text that cannot be read or decrypted, in words for the user (never with a secret in them). */
public final class VaultException extends Exception {
    public VaultException(String message) {
        super(message);
    }
}
