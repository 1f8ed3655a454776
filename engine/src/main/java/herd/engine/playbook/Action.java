package herd.engine.playbook;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import herd.engine.load.Position;

/** What a task does on a host. Each module of the playbook language is one kind. */
public sealed interface Action {

    /** The module name as the user writes it in output and reports. */
    String module();

    /** The tasks inside (a block's sections, an included file's), for walking the task tree. */
    default List<Task> inner() {
        return List.of();
    }

    /**
     * Runs a program with arguments split as a shell would split them, but through no shell.
     * {@code argv}, when given, is the words themselves, each filled as a template and never split.
     */
    record Command(Text cmd, List<Text> argv, Optional<Text> chdir, Optional<Text> creates, Optional<Text> removes,
                   Optional<Stdin> stdin) implements Action {
        public Command {
            argv = List.copyOf(argv);
        }

        public Command(Text cmd, List<Text> argv, Optional<Text> chdir, Optional<Text> creates, Optional<Text> removes) {
            this(cmd, argv, chdir, creates, removes, Optional.empty());
        }

        @Override
        public String module() {
            return herd.engine.module.CommandForm.COMMAND.module();
        }
    }

    /**
     * What command and shell write to the command's standard input ({@code stdin}), and whether a
     * newline follows it ({@code stdin_add_newline}, a template or a boolean; true when not given).
     */
    record Stdin(Text data, Optional<Text> addNewline) {
    }

    /** Runs a script through /bin/sh, or as {@code executable -c script}. */
    record Shell(Text cmd, Optional<Text> chdir, Optional<Text> creates, Optional<Text> removes,
                 Optional<Text> executable, Optional<Stdin> stdin) implements Action {
        public Shell(Text cmd, Optional<Text> chdir, Optional<Text> creates, Optional<Text> removes) {
            this(cmd, chdir, creates, removes, Optional.empty(), Optional.empty());
        }

        public Shell(Text cmd, Optional<Text> chdir, Optional<Text> creates, Optional<Text> removes,
                     Optional<Text> executable) {
            this(cmd, chdir, creates, removes, executable, Optional.empty());
        }

        @Override
        public String module() {
            return herd.engine.module.CommandForm.SHELL.module();
        }
    }

    /**
     * include_tasks (dynamic: run per host, per loop item, at run time) or import_tasks (static:
     * spliced into the play when it is loaded). The file is read with the playbook, so its problems
     * are reported before anything runs.
     */
    record Include(Text file, List<Task> tasks, boolean dynamic, boolean role) implements Action {
        public Include {
            tasks = List.copyOf(tasks);
        }

        public Include(Text file, List<Task> tasks, boolean dynamic) {
            this(file, tasks, dynamic, false);
        }

        /** The same include with other tasks (filtered by tags, tagged by the play). */
        public Include with(List<Task> other) {
            return new Include(file, other, dynamic, role);
        }

        @Override
        public String module() {
            return role ? (dynamic ? "include_role" : "import_role") : dynamic ? "include_tasks" : "import_tasks";
        }

        @Override
        public List<Task> inner() {
            return tasks;
        }
    }

    /**
     * A module of the module package ({@link herd.engine.module.Modules}) with its arguments, checked
     * against its spec when loaded: names as the spec names them (aliases resolved), values that are
     * templates filled per host when the task runs.
     */
    record Module(herd.engine.module.Module implementation, Map<String, Object> args, Position position)
            implements Action {
        public Module {
            args = Collections.unmodifiableMap(new LinkedHashMap<>(args));
        }

        @Override
        public String module() {
            return implementation.name();
        }
    }

    /**
     * block / rescue / always: the block's tasks in order; when one fails on a host, that host goes
     * on with the rescue tasks; the always tasks run in every case. The block's own keywords (when,
     * become, ignore_errors, tags) are already given to each task inside when it is loaded.
     */
    record Block(List<Task> block, List<Task> rescue, List<Task> always) implements Action {
        public Block {
            block = List.copyOf(block);
            rescue = List.copyOf(rescue);
            always = List.copyOf(always);
        }

        /** Every task of the three sections, in order. */
        public List<Task> tasks() {
            List<Task> all = new java.util.ArrayList<>(block);
            all.addAll(rescue);
            all.addAll(always);
            return all;
        }

        @Override
        public String module() {
            return "block";
        }

        @Override
        public List<Task> inner() {
            return tasks();
        }
    }
}
