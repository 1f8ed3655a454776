package herd.engine.run;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import herd.engine.load.Booleans;
import herd.engine.playbook.Action;
import herd.engine.playbook.Become;
import herd.engine.playbook.Play;
import herd.engine.playbook.Task;
import herd.engine.playbook.Text;
import herd.engine.shell.ShellWords;
import herd.engine.template.TemplateError;
import herd.engine.template.Templates;

/**
 * Turns a task into the command line a host runs. Every value that comes from a variable is quoted
 * for the shell; {@code command} splits its line into words and quotes each, so no shell syntax in it
 * is ever interpreted, as in Ansible.
 */
final class CommandBuilder {
    private static final Set<String> RESERVED = Set.of("if", "then", "else", "elif", "fi", "case", "esac", "for",
            "while", "until", "do", "done", "in", "function", "select", "time", "!", "{", "}", "[[", "]]");

    private final Templates templates;
    private final Optional<BecomePassword> password;
    private final BecomeDefaults defaults;

    CommandBuilder(Templates templates) {
        this(templates, Optional.empty(), BecomeDefaults.NONE);
    }

    /** @param password the run's become password, used where a host's variables give none */
    CommandBuilder(Templates templates, Optional<BecomePassword> password) {
        this(templates, password, BecomeDefaults.NONE);
    }

    /**
     * @param password the run's become password, used where a host's variables give none
     * @param become   whether and as whom tasks become where nothing else says
     */
    CommandBuilder(Templates templates, Optional<BecomePassword> password, BecomeDefaults become) {
        this.templates = templates;
        this.password = password;
        this.defaults = become;
    }

    Templates templates() {
        return templates;
    }

    PreparedCommand prepare(Play play, Task task, Action.Command command, Map<String, Object> vars) throws TemplateProblem {
        return prepare(play, task, command, vars, Map.of());
    }

    PreparedCommand prepare(Play play, Task task, Action.Shell shell, Map<String, Object> vars) throws TemplateProblem {
        return prepare(play, task, shell, vars, Map.of());
    }

    /** @param env the task's environment: on the command's standard input, never in the command */
    PreparedCommand prepare(Play play, Task task, Action.Command command, Map<String, Object> vars,
                            Map<String, String> env) throws TemplateProblem {
        return prepare(play, task, command, vars, env, Optional.empty());
    }

    PreparedCommand prepare(Play play, Task task, Action.Shell shell, Map<String, Object> vars,
                            Map<String, String> env) throws TemplateProblem {
        return prepare(play, task, shell, vars, env, Optional.empty());
    }

    /**
     * A command or shell task's command; with {@code detach} (async with poll 0), started in the
     * background by herd's job runner ({@code async.py}), which keeps its result for async_status.
     */
    PreparedCommand prepare(Play play, Task task, Action action, Map<String, Object> vars, Map<String, String> env,
                            Optional<Detach> detach) throws TemplateProblem {
        return switch (action) {
            case Action.Command command -> prepare(play, task, command.argv().isEmpty() ? words(command.cmd(), vars)
                            : argv(command.argv(), vars), command.chdir(), command.creates(), command.removes(), vars,
                    env, command.stdin(), detach);
            case Action.Shell shell -> {
                String script = render(shell.cmd(), vars);
                if (shell.executable().isPresent()) {
                    // as Ansible: the script runs as EXECUTABLE -c SCRIPT
                    script = "exec " + ShellWords.quote(render(shell.executable().get(), vars)) + " -c "
                            + ShellWords.quote(script);
                }
                yield prepare(play, task, script, shell.chdir(), shell.creates(), shell.removes(), vars, env,
                        shell.stdin(), detach);
            }
            default -> throw new IllegalArgumentException("only command and shell tasks have a command");
        };
    }

    /** An async job started in the background: its id and how long it may run. */
    record Detach(String jobId, int seconds) {
    }

    private static final String ASYNC_PROGRAM = Sudo.program("async.py");

    private PreparedCommand prepare(Play play, Task task, String body, Optional<Text> chdir, Optional<Text> creates,
                                    Optional<Text> removes, Map<String, Object> vars, Map<String, String> env,
                                    Optional<Action.Stdin> stdin, Optional<Detach> detach)
            throws TemplateProblem {
        chdir = chdir.isPresent() && Templates.isOmit(render(chdir.get(), vars)) ? Optional.empty() : chdir;
        creates = creates.isPresent() && Templates.isOmit(render(creates.get(), vars)) ? Optional.empty() : creates;
        removes = removes.isPresent() && Templates.isOmit(render(removes.get(), vars)) ? Optional.empty() : removes;
        Optional<Sudo> sudo = sudo(play, task, vars);
        String cd = "";
        if (chdir.isPresent()) {
            cd = "cd " + ShellWords.quote(render(chdir.get(), vars)) + " || exit 1\n";
        }
        Optional<PreparedCommand.Guard> guard = Optional.empty();
        if (creates.isPresent()) {
            String path = render(creates.get(), vars);
            guard = Optional.of(new PreparedCommand.Guard(Sudo.line(cd + "test -e " + ShellWords.quote(path), sudo),
                    true, "skipped, since " + path + " exists"));
        } else if (removes.isPresent()) {
            String path = render(removes.get(), vars);
            guard = Optional.of(new PreparedCommand.Guard(Sudo.line(cd + "test -e " + ShellWords.quote(path), sudo),
                    false, "skipped, since " + path + " does not exist"));
        }
        String script = cd + body;
        Optional<byte[]> input = Optional.empty();
        if (stdin.isPresent()) {
            // the environment block (empty or not) marks where the command's own input starts
            byte[] block = Environment.block(env);
            byte[] data = stdinData(stdin.get(), vars);
            byte[] all = java.util.Arrays.copyOf(block, block.length + data.length);
            System.arraycopy(data, 0, all, block.length, data.length);
            script = Environment.READER + cd + body;
            input = Optional.of(all);
        } else if (!env.isEmpty()) {
            script = Environment.READER + "exec </dev/null; " + cd + body;
            input = Optional.of(Environment.block(env));
        }
        if (detach.isPresent()) {
            String runner = "python3 -c " + ShellWords.quote(ASYNC_PROGRAM) + " " + ShellWords.quote(detach.get().jobId())
                    + " " + detach.get().seconds() + " " + ShellWords.quote(script);
            return new PreparedCommand(Sudo.lineReadingStdin(runner, sudo), guard, sudo.flatMap(Sudo::password),
                    Optional.of(input.orElse(new byte[0])));
        }
        Sudo.Line command = input.isPresent() ? Sudo.lineReadingStdin(script, sudo) : Sudo.line(script, sudo);
        return new PreparedCommand(command, guard, sudo.flatMap(Sudo::password), input);
    }

    /** stdin's text, with a newline after it unless stdin_add_newline is false (as Ansible's run_command). */
    private byte[] stdinData(Action.Stdin stdin, Map<String, Object> vars) throws TemplateProblem {
        String data = render(stdin.data(), vars);
        if (stdin.addNewline().isPresent()) {
            String flag = render(stdin.addNewline().get(), vars);
            boolean add = Booleans.parse(flag.trim()).orElseThrow(() -> new TemplateProblem(stdin.addNewline().get(),
                    "'stdin_add_newline' must be a boolean, not '" + flag + "'"));
            if (!add) {
                return data.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            }
        }
        return (data + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    /** How a task becomes its user on this host, and with which password; empty without become. */
    Optional<Sudo> sudo(Play play, Task task, Map<String, Object> vars) throws TemplateProblem {
        Optional<String> user = becomeUser(play, task, vars);
        if (user.isEmpty()) {
            return Optional.empty();
        }
        Become become = task.become().over(play.become());
        String method = method(become, task, vars);
        List<String> flags = method.equals("su") ? List.of() : Sudo.DEFAULT_FLAGS;
        if (become.flags().isPresent()) {
            try {
                flags = ShellWords.split(render(become.flags().get(), vars));
            } catch (IllegalArgumentException e) {
                throw new TemplateProblem(become.flags().get(), "become_flags: " + e.getMessage());
            }
        }
        return Optional.of(new Sudo(user.get(), password(task, vars), flags, method));
    }

    /** The host's ansible_become_method, else the task's (its blocks', the play's), else ansible.cfg's. */
    private String method(Become become, Task task, Map<String, Object> vars) throws TemplateProblem {
        Object variable = resolved(vars, "ansible_become_method");
        Optional<Text> written = become.method();
        String method = variable != null ? variable.toString()
                : written.isPresent() ? render(written.get(), vars) : defaults.method();
        if (!Become.METHODS.contains(method)) {
            throw new TemplateProblem(written.orElse(new Text(method, task.position())), "become_method '" + method
                    + "' is not supported by herd: it becomes users with sudo or su");
        }
        return method;
    }

    /** The host's ansible_become_password (or _pass, as Ansible also reads), else the run's password. */
    private Optional<BecomePassword> password(Task task, Map<String, Object> vars) throws TemplateProblem {
        for (String name : List.of("ansible_become_password", "ansible_become_pass")) {
            Object value = resolved(vars, name);
            if (value != null) {
                Text text = new Text(value.toString(), task.position());
                try {
                    String password = render(text, vars);
                    herd.engine.vault.Secrets.add(password);
                    return Optional.of(new BecomePassword(password));
                } catch (IllegalArgumentException e) {
                    throw new TemplateProblem(text, name + ": " + e.getMessage());
                }
            }
        }
        return password;
    }

    /** The user a task runs as: none without become; else task, play, inventory, the run's default (root), in that order. */
    Optional<String> becomeUser(Play play, Task task, Map<String, Object> vars) throws TemplateProblem {
        Become become = task.become().over(play.become());
        boolean enabled;
        if (become.template().isPresent()) {
            String decided = render(become.template().get(), vars);
            enabled = Booleans.parse(decided).orElseThrow(() -> new TemplateProblem(become.template().get(),
                    "'become' must be a boolean, not '" + decided + "'"));
        } else {
            Object fromInventory = resolved(vars, "ansible_become");
            enabled = become.enabled().orElseGet(() -> fromInventory != null ? Booleans.truthy(fromInventory)
                    : defaults.enabled());
        }
        if (!enabled) {
            return Optional.empty();
        }
        if (become.user().isPresent()) {
            return Optional.of(render(become.user().get(), vars));
        }
        Object fromInventory = resolved(vars, "ansible_become_user");
        if (fromInventory != null) {
            return Optional.of(render(new Text(fromInventory.toString(), task.position()), vars));
        }
        return Optional.of(defaults.user());
    }

    private static Object resolved(Map<String, Object> vars, String name) {
        return Templates.resolved(vars.get(name));
    }

    private String words(Text cmd, Map<String, Object> vars) throws TemplateProblem {
        String line = render(cmd, vars);
        List<String> words;
        try {
            words = ShellWords.split(line);
        } catch (IllegalArgumentException e) {
            throw new TemplateProblem(cmd, "cannot split the command into words: " + e.getMessage() + " in: " + line);
        }
        if (words.isEmpty()) {
            throw new TemplateProblem(cmd, "the command is empty");
        }
        return quoted(words);
    }

    private String argv(List<Text> argv, Map<String, Object> vars) throws TemplateProblem {
        List<String> words = new ArrayList<>(argv.size());
        for (Text word : argv) {
            words.add(render(word, vars));
        }
        return quoted(words);
    }

    /** Quotes every word; a first word that sh would read as an assignment or a keyword is always quoted. */
    private static String quoted(List<String> words) {
        List<String> quoted = new ArrayList<>(words.size());
        for (String word : words) {
            quoted.add(ShellWords.quote(word));
        }
        String first = words.getFirst();
        if (first.contains("=") || RESERVED.contains(first)) {
            quoted.set(0, "'" + first.replace("'", "'\"'\"'") + "'");
        }
        return String.join(" ", quoted);
    }

    String render(Text text, Map<String, Object> vars) throws TemplateProblem {
        try {
            return templates.render(text.raw(), vars);
        } catch (TemplateError e) {
            throw new TemplateProblem(text, e);
        }
    }
}
