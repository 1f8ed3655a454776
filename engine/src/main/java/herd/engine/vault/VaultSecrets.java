package herd.engine.vault;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The vault passwords of a run, each with its vault id label and where it came from (for messages),
 * in the order Ansible 2.14 builds them: {@code --vault-id} and {@code vault_identity_list} first, then
 * the password files, then the prompt. A text is tried with the passwords of its own label first,
 * then with every password, as Ansible does.
 */
public final class VaultSecrets {
    /** One password. */
    public record Secret(String label, byte[] password, String source) {
    }

    private final List<Secret> secrets;

    public VaultSecrets(List<Secret> secrets) {
        this.secrets = List.copyOf(secrets);
    }

    public static final VaultSecrets NONE = new VaultSecrets(List.of());

    public boolean isEmpty() {
        return secrets.isEmpty();
    }

    public List<Secret> secrets() {
        return secrets;
    }

    /** The first password of a label (for encrypting), or the first of all. */
    public Optional<Secret> forLabel(Optional<String> label) {
        return secrets.stream().filter(s -> label.isEmpty() || s.label().equals(label.get())).findFirst();
    }

    /** The plaintext of a vault text. */
    public byte[] decrypt(String vaultText) throws VaultException {
        VaultText text = VaultText.parse(vaultText);
        if (secrets.isEmpty()) {
            throw new VaultException("it is vault-encrypted and no vault password was given: use --vault-password-file,"
                    + " --vault-id or --ask-vault-pass (or ANSIBLE_VAULT_PASSWORD_FILE)");
        }
        List<Secret> order = new ArrayList<>();
        text.label().ifPresent(l -> secrets.stream().filter(s -> s.label().equals(l)).forEach(order::add));
        secrets.stream().filter(s -> !order.contains(s)).forEach(order::add);
        for (Secret s : order) {
            Optional<byte[]> plain = VaultCipher.decrypt(text, s.password());
            if (plain.isPresent()) {
                return plain.get();
            }
        }
        throw new VaultException("no vault password given opens it" + text.label().map(l -> " (vault id " + l + ")")
                .orElse("") + ": tried " + String.join(", ", order.stream().map(Secret::source).toList()));
    }

    public String decryptText(String vaultText) throws VaultException {
        return new String(decrypt(vaultText), StandardCharsets.UTF_8);
    }
}
