package herd.engine.vault;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import herd.engine.load.InputException;
import herd.engine.load.YamlLoader;
import herd.engine.load.YamlNode;

/**
 * Vault files written by the real ansible-vault 2.14 (the resources v11.yml, and v12.yml with the
 * vault id prod, both with password.txt), read by herd; herd's own encryption read back; wrong
 * passwords, damaged texts, inline values and the masking of what they held.
 */
class VaultTest {
    private static final byte[] PASSWORD = "fixture-password".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    @AfterEach
    void forget() {
        Vault.use(VaultSecrets.NONE);
        Secrets.reset();
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = VaultTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }
    }

    private static VaultSecrets secrets(String... labels) {
        return new VaultSecrets(java.util.Arrays.stream(labels).map(l -> new VaultSecrets.Secret(l,
                l.equals("wrong") ? "nope".getBytes() : PASSWORD, "test " + l)).toList());
    }

    @Test
    void readsWhatAnsibleVaultWroteInBothFormats() throws Exception {
        assertEquals("db_password: from-ansible-vault\n", secrets("default").decryptText(resource("v11.yml")));
        VaultText v12 = VaultText.parse(resource("v12.yml"));
        assertEquals("1.2", v12.version());
        assertEquals(Optional.of("prod"), v12.label());
        // the label chooses first, then every password is tried
        assertEquals("token: labelled\n", secrets("wrong", "other").decryptText(resource("v12.yml")));
    }

    @Test
    void aWrongPasswordIsNamedAndADamagedTextExplained() throws IOException {
        VaultException wrong = assertThrows(VaultException.class, () -> secrets("wrong").decrypt(resource("v11.yml")));
        assertEquals("no vault password given opens it: tried test wrong", wrong.getMessage());
        String v11 = resource("v11.yml");
        String damaged = v11.substring(0, v11.indexOf('\n') + 1) + v11.substring(v11.indexOf('\n') + 1).replace("6", "x");
        assertTrue(assertThrows(VaultException.class, () -> secrets("default").decrypt(damaged)).getMessage()
                .contains("not hexadecimal"));
        VaultException none = assertThrows(VaultException.class, () -> VaultSecrets.NONE.decrypt(resource("v11.yml")));
        assertTrue(none.getMessage().contains("no vault password was given"), none.getMessage());
    }

    @Test
    void whatHerdEncryptsDecryptsAgainWithAnsiblesLayout() throws VaultException {
        byte[] plain = "sixteen bytes!!!and more\n".getBytes(StandardCharsets.UTF_8);
        VaultText text = VaultCipher.encrypt(plain, PASSWORD, Optional.of("prod"));
        String envelope = text.format();
        assertTrue(envelope.startsWith("$ANSIBLE_VAULT;1.2;AES256;prod\n"), envelope);
        assertTrue(envelope.lines().skip(1).allMatch(l -> l.length() <= 80 && l.matches("[0-9a-f]+")), envelope);
        assertArrayEquals(plain, secrets("prod").decrypt(envelope));
        assertTrue(VaultCipher.encrypt(plain, PASSWORD, Optional.of("default")).format().startsWith("$ANSIBLE_VAULT;1.1;AES256\n"));
        assertEquals(Optional.empty(), VaultCipher.decrypt(text, "other".getBytes()));
    }

    @Test
    void vaultFilesAndInlineValuesLoadAsPlainYamlAndBecomeSecrets() throws IOException {
        Vault.use(secrets("default"));
        Path file = Files.writeString(dir.resolve("group_vars.yml"), resource("v11.yml"));
        YamlNode root = YamlLoader.load(file);
        assertEquals(Map.of("db_password", "from-ansible-vault"), root.toPlain());
        assertEquals("user=******** and ********", Secrets.mask("user=from-ansible-vault and "
                + java.util.Base64.getEncoder().encodeToString("from-ansible-vault".getBytes())));
        String inline = "token: !vault |\n" + VaultCipher.encrypt("inline-value".getBytes(), PASSWORD, Optional.empty())
                .format().lines().map(l -> "  " + l).reduce((a, b) -> a + "\n" + b).orElseThrow() + "\n";
        Path withInline = Files.writeString(dir.resolve("vars.yml"), "plain: yes\n" + inline);
        assertEquals(Map.of("plain", true, "token", "inline-value"), YamlLoader.load(withInline).toPlain());
        assertEquals("********", Secrets.mask("inline-value"));
        Vault.use(secrets("wrong"));
        InputException e = assertThrows(InputException.class, () -> YamlLoader.load(withInline));
        assertEquals(2, e.problems().getFirst().position().line());
        assertTrue(e.problems().getFirst().message().startsWith("cannot decrypt this !vault value"));
    }

    @Test
    void shortSecretsAreMaskedOnlyWhenTheyAreTheWholeText() {
        Secrets.add("abc");
        Secrets.add("longer-secret");
        assertEquals("********", Secrets.mask("abc"));
        assertEquals("abcdef", Secrets.mask("abcdef"));
        assertEquals("x ******** y", Secrets.mask("x longer-secret y"));
        assertEquals(Map.of("k", List.of("********")), Secrets.maskValue(Map.of("k", List.of("longer-secret"))));
        assertFalse(Secrets.mask("nothing here").contains("*"));
    }
}
