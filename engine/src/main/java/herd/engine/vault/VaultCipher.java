package herd.engine.vault;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Optional;

import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * ansible-vault's AES256 cipher with the JDK's own crypto: PBKDF2 with HMAC-SHA256 (10,000
 * rounds, a 32-byte salt) gives an AES-256 key, an HMAC-SHA256 key and the CTR counter's start; the
 * plaintext is PKCS#7-padded to 16 bytes and encrypted with AES-256-CTR; the HMAC of the
 * ciphertext is checked in constant time before anything is decrypted.
 */
public final class VaultCipher {
    private static final SecureRandom RANDOM = new SecureRandom();

    private VaultCipher() {
    }

    public static VaultText encrypt(byte[] plaintext, byte[] password, Optional<String> label) {
        byte[] salt = new byte[32];
        RANDOM.nextBytes(salt);
        Keys k = keys(password, salt);
        int pad = 16 - plaintext.length % 16;
        byte[] padded = Arrays.copyOf(plaintext, plaintext.length + pad);
        Arrays.fill(padded, plaintext.length, padded.length, (byte) pad);
        byte[] ciphertext = ctr(Cipher.ENCRYPT_MODE, k, padded);
        Optional<String> id = label.filter(l -> !l.equals("default"));
        return new VaultText(id.isPresent() ? "1.2" : "1.1", id, salt, hmac(k, ciphertext), ciphertext);
    }

    /** The plaintext, or empty when this password does not open the text (its HMAC does not match). */
    public static Optional<byte[]> decrypt(VaultText text, byte[] password) throws VaultException {
        Keys k = keys(password, text.salt());
        if (!MessageDigest.isEqual(hmac(k, text.ciphertext()), text.hmac())) {
            return Optional.empty();
        }
        byte[] padded = ctr(Cipher.DECRYPT_MODE, k, text.ciphertext());
        int pad = padded.length == 0 ? 0 : padded[padded.length - 1] & 0xff;
        if (pad < 1 || pad > 16 || pad > padded.length) {
            throw new VaultException("the vault text is damaged: its padding is wrong");
        }
        return Optional.of(Arrays.copyOf(padded, padded.length - pad));
    }

    private record Keys(byte[] aes, byte[] mac, byte[] iv) {
    }

    /**
     * PBKDF2 over the password as UTF-8 text, as Python's over its bytes (the JDK's key spec takes
     * characters and encodes them as UTF-8).
     */
    private static Keys keys(byte[] password, byte[] salt) {
        char[] chars = new String(password, java.nio.charset.StandardCharsets.UTF_8).toCharArray();
        PBEKeySpec spec = new PBEKeySpec(chars, salt, 10_000, 80 * 8);
        try {
            byte[] derived = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
            return new Keys(Arrays.copyOfRange(derived, 0, 32), Arrays.copyOfRange(derived, 32, 64),
                    Arrays.copyOfRange(derived, 64, 80));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks PBKDF2WithHmacSHA256", e);
        } finally {
            spec.clearPassword();
            Arrays.fill(chars, '\0');
        }
    }

    private static byte[] ctr(int mode, Keys k, byte[] data) {
        try {
            Cipher c = Cipher.getInstance("AES/CTR/NoPadding");
            c.init(mode, new SecretKeySpec(k.aes(), "AES"), new IvParameterSpec(k.iv()));
            return c.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks AES/CTR", e);
        }
    }

    private static byte[] hmac(Keys k, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(k.mac(), "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks HmacSHA256", e);
        }
    }
}
