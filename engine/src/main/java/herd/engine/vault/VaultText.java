package herd.engine.vault;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The ansible-vault envelope: a header line {@code $ANSIBLE_VAULT;1.1;AES256} (1.2 adds
 * {@code ;LABEL}, the vault id) and the body: hex of the hex salt, the hex HMAC and the hex
 * ciphertext, each on a line, wrapped at 80 columns.
 *
 * @param label the vault id of a 1.2 envelope
 */
public record VaultText(String version, Optional<String> label, byte[] salt, byte[] hmac, byte[] ciphertext) {
    public static final String HEADER = "$ANSIBLE_VAULT";
    private static final HexFormat HEX = HexFormat.of();

    /** True when the text starts as a vault envelope does (whitespace before it allowed, as Ansible allows it). */
    public static boolean isVault(String text) {
        return text.stripLeading().startsWith(HEADER + ";");
    }

    public static boolean isVault(byte[] bytes) {
        int i = 0;
        while (i < bytes.length && Character.isWhitespace(bytes[i])) {
            i++;
        }
        byte[] h = (HEADER + ";").getBytes(StandardCharsets.US_ASCII);
        if (bytes.length - i < h.length) {
            return false;
        }
        for (int k = 0; k < h.length; k++) {
            if (bytes[i + k] != h[k]) {
                return false;
            }
        }
        return true;
    }

    /** Reads an envelope; what is wrong with it, in Ansible's terms, when it cannot be read. */
    public static VaultText parse(String text) throws VaultException {
        String[] lines = text.strip().split("\r?\n");
        String[] header = lines[0].strip().split(";");
        if (header.length < 3 || !header[0].equals(HEADER)) {
            throw new VaultException("not a vault envelope: its first line must be $ANSIBLE_VAULT;1.1;AES256");
        }
        String version = header[1].strip();
        if (!version.equals("1.1") && !version.equals("1.2")) {
            throw new VaultException("vault format " + version + " is not one herd reads (1.1 and 1.2)");
        }
        if (!header[2].strip().equals("AES256")) {
            throw new VaultException("vault cipher " + header[2].strip() + " is not one herd reads (AES256)");
        }
        Optional<String> label = version.equals("1.2") && header.length > 3 ? Optional.of(header[3].strip())
                : Optional.empty();
        StringBuilder body = new StringBuilder();
        for (int i = 1; i < lines.length; i++) {
            body.append(lines[i].strip());
        }
        try {
            String inner = new String(HEX.parseHex(body), StandardCharsets.US_ASCII);
            String[] parts = inner.split("\n", -1);
            if (parts.length != 3) {
                throw new VaultException("the vault text is damaged: it does not hold a salt, an HMAC and a ciphertext");
            }
            return new VaultText(version, label, HEX.parseHex(parts[0]), HEX.parseHex(parts[1]), HEX.parseHex(parts[2]));
        } catch (IllegalArgumentException e) {
            throw new VaultException("the vault text is damaged: it is not hexadecimal (" + e.getMessage() + ")");
        }
    }

    /** The envelope as ansible-vault writes it: 1.2 with a label other than {@code default}, else 1.1. */
    public String format() {
        String inner = HEX.formatHex(salt) + "\n" + HEX.formatHex(hmac) + "\n" + HEX.formatHex(ciphertext);
        String body = HEX.formatHex(inner.getBytes(StandardCharsets.US_ASCII));
        StringBuilder out = new StringBuilder(HEADER + ";" + version + ";AES256");
        label.ifPresent(l -> out.append(';').append(l));
        out.append('\n');
        for (int i = 0; i < body.length(); i += 80) {
            out.append(body, i, Math.min(body.length(), i + 80)).append('\n');
        }
        return out.toString();
    }
}
