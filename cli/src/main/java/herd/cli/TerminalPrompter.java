package herd.cli;

import java.io.Console;
import java.util.Arrays;
import java.util.Optional;

import herd.engine.run.Prompter;

/** vars_prompt on the terminal, as Ansible asks: hidden for private prompts, twice to confirm. */
final class TerminalPrompter implements Prompter {
    @Override
    public Optional<String> ask(String prompt, boolean secret, boolean confirm) {
        if (!Terminal.isInteractive()) {
            return Optional.empty();
        }
        Console console = System.console();
        while (true) {
            String first = read(console, prompt, secret);
            if (first == null) {
                return Optional.empty();
            }
            if (!confirm) {
                return Optional.of(first);
            }
            String second = read(console, "confirm " + prompt, secret);
            if (first.equals(second)) {
                return Optional.of(first);
            }
            console.printf("***** VALUES ENTERED DO NOT MATCH ****%n");
        }
    }

    private static String read(Console console, String prompt, boolean secret) {
        if (!secret) {
            return console.readLine("%s", prompt);
        }
        char[] typed = console.readPassword("%s", prompt);
        if (typed == null) {
            return null;
        }
        String value = new String(typed);
        Arrays.fill(typed, '\0');
        return value;
    }
}
