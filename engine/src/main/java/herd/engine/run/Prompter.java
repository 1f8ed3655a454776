package herd.engine.run;

import java.util.Optional;

/**
 * Asks the person at the terminal for a play's {@code vars_prompt} values. The engine never reads a
 * terminal itself: the command line gives it one of these.
 */
public interface Prompter {
    /** No terminal (CI, cron): prompts take their default, or the run is refused before it starts. */
    Prompter NONE = (prompt, secret, confirm) -> Optional.empty();

    /**
     * The answer to one prompt; empty when there is nobody to ask.
     *
     * @param secret  do not echo what is typed
     * @param confirm ask twice and insist that both answers agree
     */
    Optional<String> ask(String prompt, boolean secret, boolean confirm);
}
