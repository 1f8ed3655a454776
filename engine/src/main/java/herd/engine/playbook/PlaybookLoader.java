package herd.engine.playbook;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import herd.engine.load.Fields;
import herd.engine.load.InputException;
import herd.engine.load.Problem;
import herd.engine.load.YamlLoader;
import herd.engine.load.YamlNode;

/**
 * Reads a playbook in Ansible's syntax, for the part of the language herd runs. Every key is either
 * understood or reported, with its position: nothing is silently ignored.
 */
public final class PlaybookLoader {
    private static final Set<String> PLAY_KEYS = Set.of("name", "hosts", "vars", "become", "become_user",
            "gather_facts", "tasks");
    private static final Set<String> TASK_KEYS = Set.of("name", "become", "become_user", "ignore_errors",
            "timeout", "args");
    private static final Set<String> COMMAND_ARGS = Set.of("cmd", "argv", "chdir", "creates", "removes");
    private static final Map<String, String> MODULES = modules();
    private static final String NOT_YET = "herd does not run it yet; see the README's reference for what is supported";
    private static final Map<String, String> PLAY_UNSUPPORTED = unsupported("pre_tasks", "post_tasks", "handlers",
            "roles", "serial", "max_fail_percentage", "any_errors_fatal", "strategy", "vars_files", "vars_prompt",
            "environment", "remote_user", "connection", "become_method", "order", "ignore_unreachable", "tags",
            "collections", "module_defaults", "force_handlers", "check_mode", "diff", "run_once", "throttle", "port",
            "ignore_errors", "no_log", "become_flags", "fact_path", "gather_subset", "gather_timeout", "debugger");
    private static final Map<String, String> TASK_UNSUPPORTED = unsupported("when", "register", "loop", "with_items",
            "with_dict", "with_list", "notify", "until", "retries", "delay", "changed_when", "failed_when", "tags",
            "delegate_to", "delegate_facts", "run_once", "environment", "block", "rescue", "always", "vars", "no_log",
            "check_mode", "diff", "become_method", "become_flags", "listen", "loop_control", "local_action", "async",
            "poll", "throttle", "any_errors_fatal", "connection", "remote_user", "debugger", "ignore_unreachable",
            "module_defaults", "collections", "include_tasks", "import_tasks", "include_role", "import_role",
            "debug", "set_fact", "fail", "assert", "pause", "wait_for", "uri", "haproxy", "supervisorctl", "copy",
            "template", "file", "lineinfile", "service", "systemd", "apt", "yum", "dnf", "package", "user", "group",
            "git", "pip", "get_url", "unarchive", "stat", "raw", "script", "ping", "setup", "meta", "cron",
            "include_vars", "wait_for_connection", "reboot", "slurp", "fetch", "synchronize", "replace", "blockinfile");

    private final Path file;
    private final List<Problem> problems = new ArrayList<>();

    private PlaybookLoader(Path file) {
        this.file = file;
    }

    /** Loads a playbook, or throws an {@link InputException} listing every problem in it. */
    public static Playbook load(Path file) {
        PlaybookLoader loader = new PlaybookLoader(file);
        Playbook playbook = loader.read(YamlLoader.load(file));
        if (!loader.problems.isEmpty()) {
            throw new InputException(loader.problems);
        }
        return playbook;
    }

    private Playbook read(YamlNode root) {
        List<Play> plays = new ArrayList<>();
        if (!(root instanceof YamlNode.Sequence sequence)) {
            problems.add(Problem.at(root.position(), "a playbook must be a list of plays, not a " + root.kind(),
                    "start each play with '- name: ...' and 'hosts: ...'"));
            return new Playbook(file, plays);
        }
        for (YamlNode node : sequence.items()) {
            Fields fields = Fields.of(node, "play", problems);
            if (fields == null) {
                continue;
            }
            if (fields.has("import_playbook") || fields.has("ansible.builtin.import_playbook")) {
                problems.add(Problem.at(fields.position(), "'import_playbook' is not supported by herd", NOT_YET));
                continue;
            }
            play(fields).ifPresent(plays::add);
        }
        return new Playbook(file, plays);
    }

    private Optional<Play> play(Fields fields) {
        fields.checkKeys(PLAY_KEYS, PLAY_UNSUPPORTED);
        Optional<Text> name = text(fields, "name");
        Optional<Text> hosts = text(fields, "hosts");
        boolean hostsMissing = fields.node("hosts").map(n -> n instanceof YamlNode.Scalar s && s.isNull()).orElse(true);
        if (hostsMissing) {
            problems.add(Problem.at(fields.position(), "a play needs 'hosts'", "add 'hosts: all' or a group name"));
        }
        fields.bool("gather_facts").ifPresent(gather -> {
            if (gather) {
                problems.add(Problem.at(fields.node("gather_facts").get().position(),
                        "herd gathers no facts", "write 'gather_facts: false'"));
            }
        });
        Map<String, Object> vars = vars(fields);
        Become become = become(fields);
        List<Task> tasks = new ArrayList<>();
        fields.sequence("tasks").ifPresent(seq -> {
            for (YamlNode node : seq.items()) {
                Fields taskFields = Fields.of(node, "task", problems);
                if (taskFields != null) {
                    task(taskFields).ifPresent(tasks::add);
                }
            }
        });
        if (hosts.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Play(name, hosts.get(), vars, become, tasks, fields.position()));
    }

    private Map<String, Object> vars(Fields fields) {
        Map<String, Object> vars = new LinkedHashMap<>();
        fields.submapping("vars").ifPresent(m -> {
            for (YamlNode.Entry entry : m.entries()) {
                if (!entry.key().matches("[A-Za-z_][A-Za-z0-9_]*")) {
                    problems.add(Problem.at(entry.keyPosition(), "'" + entry.key() + "' is not a valid variable name",
                            "use letters, digits and underscores, starting with a letter or underscore"));
                }
                vars.put(entry.key(), entry.value().toPlain());
            }
        });
        return vars;
    }

    private Become become(Fields fields) {
        return new Become(fields.bool("become"), text(fields, "become_user"));
    }

    private Optional<Task> task(Fields fields) {
        Set<String> moduleKeys = new LinkedHashSet<>();
        for (String key : fields.keys()) {
            if (MODULES.containsKey(key)) {
                moduleKeys.add(key);
            }
        }
        Set<String> known = new LinkedHashSet<>(TASK_KEYS);
        known.addAll(MODULES.keySet());
        fields.checkKeys(known, TASK_UNSUPPORTED);
        if (moduleKeys.size() > 1) {
            problems.add(Problem.at(fields.position(), "a task runs one module, but this one names "
                    + String.join(" and ", moduleKeys), "split it into one task per module"));
            return Optional.empty();
        }
        if (moduleKeys.isEmpty()) {
            if (fields.keys().stream().allMatch(known::contains)) {
                problems.add(Problem.at(fields.position(), "a task needs a module to run",
                        "add 'command: ...' or 'shell: ...'"));
            }
            return Optional.empty();
        }
        String moduleKey = moduleKeys.iterator().next();
        Optional<Action> action = action(MODULES.get(moduleKey), moduleKey, fields);
        Optional<Duration> timeout = fields.integer("timeout").flatMap(seconds -> {
            if (seconds <= 0) {
                problems.add(Problem.at(fields.node("timeout").get().position(), "'timeout' must be a positive number of seconds"));
                return Optional.empty();
            }
            return Optional.of(Duration.ofSeconds(seconds));
        });
        boolean ignoreErrors = fields.bool("ignore_errors").orElse(false);
        return action.map(a -> new Task(text(fields, "name"), a, become(fields), ignoreErrors, timeout, fields.position()));
    }

    private Optional<Action> action(String module, String key, Fields fields) {
        YamlNode value = fields.node(key).orElseThrow();
        Map<String, YamlNode.Entry> args = new LinkedHashMap<>();
        Optional<Text> freeForm = Optional.empty();
        switch (value) {
            case YamlNode.Scalar s when !s.isNull() -> freeForm = Optional.of(new Text(s.text(), s.position()));
            case YamlNode.Mapping m -> m.entries().forEach(e -> args.put(e.key(), e));
            default -> {
                problems.add(Problem.at(value.position(), "'" + key + "' needs a command line or a mapping of arguments",
                        "write '" + key + ": bin/client1 start'"));
                return Optional.empty();
            }
        }
        fields.submapping("args").ifPresent(m -> m.entries().forEach(e -> args.putIfAbsent(e.key(), e)));
        Fields argFields = new Fields(new YamlNode.Mapping(List.copyOf(args.values()), value.position()),
                key + " module's arguments", problems);
        argFields.checkKeys(COMMAND_ARGS, Map.of());
        Optional<Text> cmd = freeForm.or(() -> text(argFields, "cmd")).or(() -> argv(argFields));
        if (cmd.isEmpty()) {
            problems.add(Problem.at(value.position(), "'" + key + "' has no command to run", "give it 'cmd: ...'"));
            return Optional.empty();
        }
        Optional<Text> chdir = text(argFields, "chdir");
        Optional<Text> creates = text(argFields, "creates");
        Optional<Text> removes = text(argFields, "removes");
        return Optional.of(switch (module) {
            case "shell" -> new Action.Shell(cmd.get(), chdir, creates, removes);
            default -> new Action.Command(cmd.get(), chdir, creates, removes);
        });
    }

    /** An argv list becomes one command line whose words are quoted, so it splits back into the same list. */
    private Optional<Text> argv(Fields args) {
        return args.sequence("argv").map(seq -> {
            List<String> words = new ArrayList<>();
            for (YamlNode item : seq.items()) {
                words.add(item instanceof YamlNode.Scalar s ? ShellWords.quote(s.text()) : ShellWords.quote(String.valueOf(item.toPlain())));
            }
            return new Text(String.join(" ", words), seq.position());
        });
    }

    private static Optional<Text> text(Fields fields, String key) {
        return fields.scalar(key).map(s -> new Text(s.value() instanceof String str ? str : s.text(), s.position()));
    }

    private static Map<String, String> modules() {
        Map<String, String> m = new LinkedHashMap<>();
        for (String module : List.of("command", "shell")) {
            m.put(module, module);
            m.put("ansible.builtin." + module, module);
            m.put("ansible.legacy." + module, module);
        }
        return Map.copyOf(m);
    }

    private static Map<String, String> unsupported(String... keys) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String key : keys) {
            m.put(key, NOT_YET);
        }
        return Map.copyOf(m);
    }
}
