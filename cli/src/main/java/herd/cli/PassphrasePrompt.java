package herd.cli;

import java.nio.file.Path;
import java.util.Optional;

import herd.engine.vault.Secrets;
import herd.engine.transport.KeyPassphrases;

/**
 * Passphrases of encrypted private keys: {@code HERD_KEY_PASSPHRASE} when set, else asked on the
 * terminal without echo (the engine asks at most once per key file); nothing without a terminal.
 */
final class PassphrasePrompt implements KeyPassphrases {
    @Override
    public Optional<char[]> forKey(Path key) {
        String variable = System.getenv(VARIABLE);
        if (variable != null) {
            return Optional.of(variable.toCharArray());
        }
        if (!Terminal.isInteractive()) {
            return Optional.empty();
        }
        // the console serialises prompts, so hosts connecting at once ask one after the other
        synchronized (PassphrasePrompt.class) {
            Optional<char[]> typed = Optional.ofNullable(System.console().readPassword("Enter passphrase for key %s: ", key));
            typed.ifPresent(p -> Secrets.add(new String(p)));
            return typed;
        }
    }
}
