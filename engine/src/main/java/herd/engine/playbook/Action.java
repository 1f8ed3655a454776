package herd.engine.playbook;

import java.util.Optional;

/** What a task does on a host. Each module of the playbook language is one kind. */
public sealed interface Action permits Action.Command, Action.Shell {

    /** The module name as the user writes it in output and reports. */
    String module();

    /** Runs a program with arguments split as a shell would split them, but through no shell. */
    record Command(Text cmd, Optional<Text> chdir, Optional<Text> creates, Optional<Text> removes) implements Action {
        @Override
        public String module() {
            return "command";
        }
    }

    /** Runs a script through /bin/sh. */
    record Shell(Text cmd, Optional<Text> chdir, Optional<Text> creates, Optional<Text> removes) implements Action {
        @Override
        public String module() {
            return "shell";
        }
    }
}
