package herd.engine.vault;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import herd.engine.load.InputFiles;

/**
 * The run's vault passwords, given once by the command line before anything is read, and the
 * controller files read through them: a file that is a vault envelope is decrypted wherever herd
 * reads one (YAML, INI inventories, copy and template sources, lookups), and what it held becomes
 * a {@link Secrets secret}.
 */
public final class Vault {
    private static volatile VaultSecrets current = VaultSecrets.NONE;

    private Vault() {
    }

    /** The passwords every later read uses (the command line calls this once per run). */
    public static void use(VaultSecrets secrets) {
        current = secrets;
    }

    public static VaultSecrets secrets() {
        return current;
    }

    /** A file's bytes, decrypted when it is a vault file. */
    public static byte[] read(Path file) throws IOException, VaultException {
        return decrypted(Files.readAllBytes(file));
    }

    /** A file herd parses: at most {@link InputFiles#MAX_BYTES}, decrypted when it is a vault file. */
    public static byte[] readInput(Path file) throws IOException, VaultException {
        return decrypted(InputFiles.read(file));
    }

    /** The text of a file herd parses (see {@link #readInput}). */
    public static String readInputString(Path file) throws IOException, VaultException {
        return new String(readInput(file), StandardCharsets.UTF_8);
    }

    /** These bytes, decrypted when they are a vault file's. */
    public static byte[] decrypted(byte[] bytes) throws VaultException {
        if (!VaultText.isVault(bytes)) {
            return bytes;
        }
        byte[] plain = current.decrypt(new String(bytes, StandardCharsets.US_ASCII));
        Secrets.add(new String(plain, StandardCharsets.UTF_8));
        return plain;
    }


    /** An inline {@code !vault} value: its plaintext, a secret from now on. */
    public static String inline(String envelope) throws VaultException {
        String plain = current.decryptText(envelope);
        Secrets.add(plain);
        return plain;
    }
}
