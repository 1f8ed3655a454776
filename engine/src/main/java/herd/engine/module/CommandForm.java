package herd.engine.module;

import java.util.List;
import java.util.Optional;

/**
 * The two modules that run a command line: {@code command} (split into words, no shell) and
 * {@code shell} (through /bin/sh). They are task kinds of their own in the playbook model, built
 * by the runner's command builder, so their names live here with the other modules'.
 */
public enum CommandForm {
    COMMAND("command"), SHELL("shell");

    private final String module;

    CommandForm(String module) {
        this.module = module;
    }

    public String module() {
        return module;
    }

    /** The names a task may use: short, ansible.builtin. and ansible.legacy. */
    public List<String> names() {
        return List.of(module, "ansible.builtin." + module, "ansible.legacy." + module);
    }

    public static Optional<CommandForm> of(String written) {
        for (CommandForm form : values()) {
            if (form.names().contains(written)) {
                return Optional.of(form);
            }
        }
        return Optional.empty();
    }
}
