package herd.engine.playbook;

import java.util.Optional;

import herd.engine.load.Position;

/**
 * One entry of a play's {@code vars_prompt}: the variable, what to ask, its default, and whether the
 * answer is hidden as it is typed ({@code private}, true by default as in Ansible) and asked twice.
 */
public record VarPrompt(String name, String prompt, Optional<String> defaultValue, boolean secret, boolean confirm,
                        Position position) {
}
