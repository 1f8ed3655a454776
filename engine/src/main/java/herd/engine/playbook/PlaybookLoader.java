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
import java.util.stream.Stream;

import herd.engine.load.Fields;
import herd.engine.load.InputException;
import herd.engine.load.Problem;
import herd.engine.load.YamlLoader;
import herd.engine.load.YamlNode;
import herd.engine.module.CommandForm;
import herd.engine.module.Module;
import herd.engine.module.Modules;
import herd.engine.module.bridge.Bridge;
import herd.engine.module.bridge.BridgedModule;
import herd.engine.module.bridge.ModuleSources;

/**
 * Reads a playbook in Ansible's syntax, for the part of the language herd runs. Every key is either
 * understood or reported, with its position: nothing is silently ignored.
 */
public final class PlaybookLoader {
    private static final Set<String> PLAY_KEYS = Set.of("name", "hosts", "vars", "become", "become_user",
            "gather_facts", "tasks", "handlers", "tags", "serial", "max_fail_percentage", "any_errors_fatal",
            "pre_tasks", "post_tasks", "roles", "vars_files", "remote_user", "force_handlers", "become_method",
            "connection", "module_defaults", "collections", "order", "no_log", "ignore_unreachable", "throttle",
            "become_flags", "strategy",
            "vars_prompt", "environment", "check_mode", "diff", "gather_subset", "gather_timeout", "fact_path");
    private static final Set<String> TASK_KEYS = Set.of("name", "become", "become_user", "become_method", "become_flags",
            "module_defaults", "collections", "no_log", "any_errors_fatal", "throttle", "ignore_unreachable", "environment",
            "delegate_facts", "check_mode", "diff", "remote_user", "async", "poll",
            "ignore_errors",
            "timeout", "args", "when", "register", "until", "retries", "delay", "changed_when", "failed_when", "loop",
            "with_items", "loop_control", "delegate_to", "run_once", "tags", "notify", "vars");
    private static final Set<String> BLOCK_KEYS = Set.of("name", "block", "rescue", "always", "when", "become",
            "become_user", "become_method", "become_flags", "ignore_errors", "tags", "vars", "module_defaults", "collections",
            "no_log", "any_errors_fatal", "throttle", "ignore_unreachable", "environment", "check_mode", "diff",
            "remote_user");
    private static final Set<String> ROLE_TASKS = Set.of("include_role", "import_role", "ansible.builtin.include_role",
            "ansible.builtin.import_role");
    private static final Set<String> ROLE_TASK_ARGS = Set.of("name", "tasks_from", "vars_from", "defaults_from",
            "handlers_from", "public", "allow_duplicates");
    private static final Set<String> COMMAND_ARGS = Set.of("cmd", "argv", "chdir", "creates", "removes", "stdin",
            "stdin_add_newline");
    private static final Set<String> SHELL_ARGS = Set.of("cmd", "chdir", "creates", "removes", "executable", "stdin",
            "stdin_add_newline");
    private static final Map<String, Boolean> INCLUDES = Map.of("include_tasks", true, "import_tasks", false,
            "ansible.builtin.include_tasks", true, "ansible.builtin.import_tasks", false, "include", true,
            "ansible.builtin.include", true);
    /** Ansible 2.14's words for the bare include it still runs. */
    private static final String INCLUDE_DEPRECATED = "\"include\" is deprecated, use include_tasks/import_tasks"
            + " instead. This feature will be removed in version 2.16.";
    private static final java.util.regex.Pattern FREE_FORM_PARAMETER =
            java.util.regex.Pattern.compile("(chdir|creates|removes|executable|stdin|stdin_add_newline)=(.*)", java.util.regex.Pattern.DOTALL);
    private static final String NOT_YET = Keywords.NOT_YET;
    private static final Map<String, String> PLAY_UNSUPPORTED = playUnsupported(
            "run_once", "port",
            "ignore_errors", "debugger");
    private static final Map<String, String> TASK_UNSUPPORTED = taskUnsupported(
            "listen", "debugger");

    private final Path file;
    private final List<Problem> problems = new ArrayList<>();
    private final Keywords keywords = new Keywords(problems);
    /** Deprecation warnings, shared by every loader of one playbook. */
    private final List<String> warnings;
    private final Set<Path> importing;
    private final List<Path> rolesPath;
    /** The roles of the play being read (shared with the loaders of its tasks files). */
    private Roles roles;

    /** module_defaults of the play and blocks around the tasks being read, outermost first. */
    private final java.util.Deque<YamlNode.Mapping> moduleDefaults;
    /** collections: of the play and blocks around the tasks being read, outermost first. */
    private final java.util.Deque<List<String>> collections;
    /** Where modules herd has no native version of come from. */
    private final Bridge bridge;

    private PlaybookLoader(Path file, Set<Path> importing, Roles roles, List<String> warnings, List<Path> rolesPath,
                           Bridge bridge) {
        this(file, importing, roles, warnings, rolesPath, new java.util.ArrayDeque<>(), new java.util.ArrayDeque<>(),
                bridge);
    }

    private PlaybookLoader(Path file, Set<Path> importing, Roles roles, List<String> warnings, List<Path> rolesPath,
                           java.util.Deque<YamlNode.Mapping> moduleDefaults, java.util.Deque<List<String>> collections,
                           Bridge bridge) {
        this.file = file;
        this.moduleDefaults = moduleDefaults;
        this.collections = collections;
        this.bridge = bridge;
        this.warnings = warnings;
        this.rolesPath = rolesPath;
        this.importing = new java.util.HashSet<>(importing);
        this.importing.add(file.toAbsolutePath().normalize());
        this.roles = roles;
    }

    /** Loads a playbook, or throws an {@link InputException} listing every problem in it. */
    public static Playbook load(Path file) {
        return load(file, List.of());
    }

    /**
     * Loads a playbook whose roles are looked for in {@code rolesPath} after its own roles/ folder
     * (empty: Ansible's default folders), or throws an {@link InputException} listing every problem.
     */
    public static Playbook load(Path file, List<Path> rolesPath) {
        return load(file, rolesPath, new Bridge(ModuleSources.none()));
    }

    /**
     * The same, with the modules herd has no native version of found and run through the bridge
     * (ansible-core's, collections', library folders').
     */
    public static Playbook load(Path file, List<Path> rolesPath, Bridge bridge) {
        bridge.sources().addPlaybookDir(file.toAbsolutePath().getParent());
        PlaybookLoader loader = new PlaybookLoader(file, Set.of(), null, new ArrayList<>(), rolesPath, bridge);
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
            Optional<String> imported = Stream.of("import_playbook", "ansible.builtin.import_playbook")
                    .filter(fields::has).findFirst();
            if (imported.isPresent()) {
                fields.checkKeys(Set.of(imported.get(), "name", "vars"), Map.of());
                Map<String, Object> vars = keywords.vars(fields);
                fields.string(imported.get()).ifPresent(path -> importPlaybook(path, fields).forEach(play ->
                        plays.add(vars.isEmpty() ? play : play.withVarsOver(vars))));
                continue;
            }
            play(fields).ifPresent(plays::add);
        }
        return new Playbook(file, plays, warnings);
    }

    /** A deprecation warning as Ansible prints it, with where. */
    private void deprecated(herd.engine.load.Position at, String what) {
        warnings.add("[DEPRECATION WARNING]: " + what + " (" + at + ")");
    }

    /** The plays of another playbook, its path relative to this one's folder, as Ansible's import_playbook. */
    private List<Play> importPlaybook(String path, Fields fields) {
        Path target = file.toAbsolutePath().getParent().resolve(path).normalize();
        if (importing.contains(target)) {
            problems.add(Problem.at(fields.position(), "playbook " + target + " imports itself"));
            return List.of();
        }
        bridge.sources().addPlaybookDir(target.getParent());
        PlaybookLoader inner = new PlaybookLoader(target, importing, null, warnings, rolesPath, bridge);
        Playbook playbook;
        try {
            playbook = inner.read(YamlLoader.load(target));
        } catch (InputException e) {
            problems.addAll(e.problems());
            return List.of();
        }
        problems.addAll(inner.problems);
        return playbook.plays();
    }

    private Optional<Play> play(Fields fields) {
        fields.checkKeys(PLAY_KEYS, PLAY_UNSUPPORTED);
        Optional<Text> name = Keywords.text(fields, "name");
        Optional<Text> hosts = keywords.hosts(fields);
        Optional<Boolean> gatherFacts = fields.bool("gather_facts");
        keywords.becomeMethod(fields);
        Map<String, Object> vars = keywords.vars(fields);
        Become become = keywords.become(fields);
        Set<String> playTags = keywords.tags(fields);
        roles = new Roles(file.toAbsolutePath().getParent(), rolesPath, problems);
        pushModuleDefaults(fields);
        List<Task> preTasks = tasks(fields, "pre_tasks");
        List<Task> main = new ArrayList<>();
        fields.sequence("roles").ifPresent(seq -> seq.items().forEach(entry ->
                main.addAll(roles.entry(entry, this, Roles.Use.PLAY))));
        List<String> playRoles = fields.sequence("roles").map(seq -> seq.items().stream().map(PlaybookLoader::roleName)
                .filter(n -> !n.isEmpty()).toList()).orElse(List.of());
        main.addAll(tasks(fields, "tasks"));
        List<Task> postTasks = tasks(fields, "post_tasks");
        popModuleDefaults(fields);
        TaskOptions playOptions = keywords.options(fields, false);
        List<List<Task>> sections = List.of(preTasks, main, postTasks).stream()
                .map(section -> section.stream().map(t -> Inherited.optioned(Inherited.tagged(t, playTags), playOptions))
                        .toList()).toList();
        List<Handler> handlers = new ArrayList<>();
        handlers(fields).forEach(h -> handlers.add(new Handler(Inherited.optioned(h.task(), playOptions), h.topics())));
        roles.handlers.forEach(h -> handlers.add(new Handler(Inherited.optioned(h.task(), playOptions), h.topics())));
        List<Task> all = sections.stream().flatMap(List::stream).toList();
        checkNotified(all, handlers);
        Play play = hosts.map(h -> new Play(name, h, vars, keywords.varsFiles(fields), keywords.prompts(fields), roles.defaults, roles.vars, List.copyOf(roles.names), playRoles, become,
                Keywords.text(fields, "remote_user"), keywords.connection(fields), sections, handlers, keywords.rolling(fields),
                fields.bool("force_handlers").orElse(false), new Play.Gather(gatherFacts,
                        Inherited.optioned(Gatherings.task(gatherArgs(fields), playTags, fields.position()), playOptions)),
                fields.position())).orElse(null);
        roles = null;
        return Optional.ofNullable(play);
    }

    /** The play's gather_subset, gather_timeout and fact_path, as the arguments of its gathering task. */
    private Map<String, Object> gatherArgs(Fields fields) {
        Map<String, Object> args = new LinkedHashMap<>();
        herd.engine.module.ModuleSpec spec = Modules.find("gather_facts").orElseThrow().spec();
        for (String key : List.of("gather_subset", "gather_timeout", "fact_path")) {
            fields.node(key).ifPresent(node -> {
                Object value = node.toPlain();
                spec.arg(key).flatMap(arg -> value instanceof String text && herd.engine.template.Templates.isTemplate(text)
                        ? Optional.empty() : arg.problem(value))
                        .ifPresent(problem -> problems.add(Problem.at(node.position(), "'" + key + "' " + problem)));
                args.put(key, value);
            });
        }
        return args;
    }

    /** The keywords a role entry passes to the role's tasks, as a block passes its own. */
    Task keywords(Fields fields, herd.engine.load.Position at) {
        return new Task(Optional.empty(), new Action.Block(List.of(), List.of(), List.of()), keywords.become(fields),
                fields.bool("ignore_errors").orElse(false), Optional.empty(), keywords.conditions(fields, "when"), List.of(),
                List.of(), Optional.empty(), Optional.empty(), Optional.empty(), Keywords.text(fields, "delegate_to"),
                fields.bool("run_once").orElse(false), keywords.tags(fields), List.of(), keywords.vars(fields), Optional.empty(),
                keywords.options(fields), at);
    }

    /** The name a roles: entry gives (its problems are the role loader's to report). */
    private static String roleName(YamlNode entry) {
        if (entry instanceof YamlNode.Scalar s && !s.isNull()) {
            return s.text();
        }
        if (entry instanceof YamlNode.Mapping m) {
            return m.get("role").or(() -> m.get("name")).filter(n -> n instanceof YamlNode.Scalar)
                    .map(n -> ((YamlNode.Scalar) n).text()).orElse("");
        }
        return "";
    }

    /** The tasks of a list-valued key (tasks, block, rescue, always), import_tasks spliced in. */
    private List<Task> tasks(Fields fields, String key) {
        List<Task> tasks = new ArrayList<>();
        fields.sequence(key).ifPresent(seq -> {
            for (YamlNode node : seq.items()) {
                Fields taskFields = Fields.of(node, "task", problems);
                if (taskFields != null) {
                    task(taskFields).ifPresent(task -> tasks.addAll(spliced(task)));
                }
            }
        });
        return tasks;
    }

    private List<Handler> handlers(Fields fields) {
        return fields.sequence("handlers").map(this::handlers).orElse(List.of());
    }

    private List<Handler> handlers(YamlNode.Sequence seq) {
        List<Handler> handlers = new ArrayList<>();
        {
            for (YamlNode node : seq.items()) {
                Fields handlerFields = Fields.of(node, "handler", problems);
                if (handlerFields == null) {
                    continue;
                }
                if (handlerFields.has("block")) {
                    problems.add(Problem.at(handlerFields.position(), "a handler cannot be a block in herd",
                            "make each task of the block a handler with the same 'listen' topic"));
                    continue;
                }
                List<String> topics = new ArrayList<>();
                handlerFields.node("listen").ifPresent(listen -> topics.addAll(keywords.names(listen, "listen")));
                YamlNode.Mapping withoutListen = new YamlNode.Mapping(handlerFields.mapping().entries().stream()
                        .filter(e -> !e.key().equals("listen")).toList(), handlerFields.position());
                task(new Fields(withoutListen, "handler", problems)).ifPresent(task -> {
                    task.name().ifPresent(n -> topics.addFirst(n.raw()));
                    if (topics.isEmpty()) {
                        problems.add(Problem.at(task.position(), "a handler needs a 'name' or 'listen' for notify to"
                                + " reach it", "add 'name: restart client'"));
                    }
                    if (task.action() instanceof Action.Include include && !include.dynamic()) {
                        // an imported file's tasks are handlers of their own, notified by their own names, as in Ansible
                        for (Task imported : include.tasks()) {
                            List<String> own = new ArrayList<>();
                            imported.name().ifPresent(n -> own.add(n.raw()));
                            own.addAll(topics.stream().filter(t -> task.name().map(n -> !n.raw().equals(t)).orElse(true)).toList());
                            handlers.add(new Handler(imported, own));
                        }
                        return;
                    }
                    handlers.add(new Handler(task, topics));
                });
            }
        }
        return handlers;
    }

    /** Every notify names a handler of the play: Ansible finds out at run time, herd before anything runs. */
    private void checkNotified(List<Task> tasks, List<Handler> handlers) {
        for (Task task : Inherited.all(tasks)) {
            for (Text notification : task.notifications()) {
                if (handlers.stream().noneMatch(h -> h.answers(notification.raw()))) {
                    List<String> topics = handlers.stream().flatMap(h -> h.topics().stream()).toList();
                    problems.add(Problem.at(notification.position(), "no handler of this play is named or listens to '"
                                    + notification.raw() + "'", herd.engine.load.Suggestions.closest(notification.raw(), topics)
                            .map(c -> "did you mean '" + c + "'?")
                            .orElse(topics.isEmpty() ? "add it under the play's 'handlers:'"
                                    : "handlers: " + String.join(", ", topics))));
                }
            }
        }
        for (Handler handler : handlers) {
            for (Text notification : handler.task().notifications()) {
                if (handlers.stream().noneMatch(h -> h.answers(notification.raw()))) {
                    problems.add(Problem.at(notification.position(), "no handler of this play is named or listens to '"
                            + notification.raw() + "'"));
                }
            }
        }
    }

    private Optional<Task> task(Fields fields) {
        if (fields.has("block")) {
            return block(fields);
        }
        if (fields.has("local_action") || fields.has("ansible.builtin.local_action")) {
            return localAction(fields);
        }
        if (fields.has("connection")) {
            return localConnection(fields);
        }
        for (String section : List.of("rescue", "always")) {
            fields.keyPosition(section).ifPresent(at -> problems.add(Problem.at(at,
                    "'" + section + "' belongs to a block", "put the tasks under 'block:' and '" + section + "' beside it")));
        }
        Set<String> moduleKeys = new LinkedHashSet<>();
        for (String key : fields.keys()) {
            if (CommandForm.of(key).isPresent() || Modules.find(key).isPresent() || INCLUDES.containsKey(key)
                    || ROLE_TASKS.contains(key)) {
                moduleKeys.add(key);
            }
        }
        Set<String> known = new LinkedHashSet<>(TASK_KEYS);
        Loop.LOOKUPS.forEach(lookup -> known.add("with_" + lookup));
        for (CommandForm form : CommandForm.values()) {
            known.addAll(form.names());
        }
        known.addAll(Modules.names());
        known.addAll(INCLUDES.keySet());
        known.addAll(ROLE_TASKS);
        int problemsBefore = problems.size();
        Map<String, Bridge.Runs> bridged = new LinkedHashMap<>(moduleKeys.isEmpty() ? bridged(fields, known) : Map.of());
        for (String key : moduleKeys) {
            if (Modules.find(key).isPresent()) {
                bridge.override(key).ifPresent(lookup -> {
                    if (lookup instanceof Bridge.Runs runs) {
                        bridged.put(key, runs);
                    }
                });
            }
        }
        moduleKeys.addAll(bridged.keySet());
        fields.checkKeys(known, TASK_UNSUPPORTED);
        if (moduleKeys.size() > 1) {
            problems.add(Problem.at(fields.position(), "a task runs one module, but this one names "
                    + String.join(" and ", moduleKeys), "split it into one task per module"));
            return Optional.empty();
        }
        if (moduleKeys.isEmpty()) {
            if (fields.keys().stream().allMatch(known::contains) && problems.size() == problemsBefore) {
                problems.add(Problem.at(fields.position(), "a task needs a module to run",
                        "add 'command: ...', 'shell: ...' or another supported module"));
            }
            return Optional.empty();
        }
        String moduleKey = moduleKeys.iterator().next();
        Optional<Action> action = CommandForm.of(moduleKey).isPresent()
                ? action(CommandForm.of(moduleKey).get(), moduleKey, fields)
                : INCLUDES.containsKey(moduleKey) ? include(moduleKey, fields)
                : ROLE_TASKS.contains(moduleKey) ? roleTask(moduleKey, fields)
                : bridged.containsKey(moduleKey) ? bridgedModule(bridged.get(moduleKey), moduleKey, fields)
                : module(Modules.find(moduleKey).orElseThrow(), moduleKey, fields);
        keywords.becomeMethod(fields);
        Optional<Duration> timeout = fields.integer("timeout").flatMap(seconds -> {
            if (seconds <= 0) {
                problems.add(Problem.at(fields.node("timeout").get().position(), "'timeout' must be a positive number of seconds"));
                return Optional.empty();
            }
            return Optional.of(Duration.ofSeconds(seconds));
        });
        boolean ignoreErrors = fields.bool("ignore_errors").orElse(false);
        Optional<String> register = fields.string("register");
        register.ifPresent(name -> {
            if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                problems.add(Problem.at(fields.node("register").get().position(),
                        "'" + name + "' is not a valid variable name for 'register'"));
            }
        });
        List<Text> when = keywords.conditions(fields, "when");
        List<Text> changedWhen = keywords.conditions(fields, "changed_when");
        List<Text> failedWhen = keywords.conditions(fields, "failed_when");
        Optional<Until> until = keywords.until(fields);
        Optional<Loop> loop = keywords.loop(fields);
        Optional<Text> delegateTo = Keywords.text(fields, "delegate_to");
        boolean runOnce = fields.bool("run_once").orElse(false);
        Set<String> tags = keywords.tags(fields);
        List<Text> notify = fields.node("notify").map(n -> keywords.texts(n, "notify")).orElse(List.of());
        if (fields.has("async") && action.isPresent() && !(action.get() instanceof Action.Command)
                && !(action.get() instanceof Action.Shell)) {
            problems.add(Problem.at(fields.keyPosition("async").get(), "herd runs 'async' for command and shell tasks"
                    + " only", "run the module without async, or start the work with shell and poll it with async_status"));
        }
        return action.map(a -> new Task(Keywords.text(fields, "name"), a, keywords.become(fields), ignoreErrors, timeout, when,
                changedWhen, failedWhen, until, register, loop, delegateTo, runOnce, tags, notify, keywords.vars(fields),
                Optional.empty(), keywords.options(fields), fields.position()));
    }

    /**
     * The task's keys that name a module herd runs through the bridge. A key that names no module
     * anywhere, and is no misspelt keyword, is reported here with where herd looked; the keys dealt
     * with are added to {@code known}.
     */
    private Map<String, Bridge.Runs> bridged(Fields fields, Set<String> known) {
        Map<String, Bridge.Runs> found = new LinkedHashMap<>();
        for (String key : fields.keys()) {
            if (known.contains(key) || TASK_UNSUPPORTED.containsKey(key)) {
                continue;
            }
            herd.engine.load.Position at = fields.keyPosition(key).orElseThrow();
            switch (bridge.module(key, collectionsFor(fields))) {
                case Bridge.Runs runs -> {
                    found.put(key, runs);
                    known.add(key);
                }
                case Bridge.Refused refused -> {
                    problems.add(Problem.at(at, refused.why(), refused.hint().orElse(null)));
                    known.add(key);
                }
                case Bridge.Unknown unknown -> {
                    boolean qualified = key.split("\\.").length >= 3;
                    if ((qualified || herd.engine.load.Suggestions.closest(key, known).isEmpty())
                            && !unknown.looked().startsWith("(")) {
                        problems.add(Problem.at(at, "no module named '" + key + "' was found, natively or for the"
                                + " bridge", "herd looked in: " + unknown.looked()));
                        known.add(key);
                    }
                }
            }
        }
        return found;
    }

    private Optional<Action> bridgedModule(Bridge.Runs runs, String key, Fields fields) {
        runs.warnings().forEach(w -> warnings.add(w + " (" + fields.keyPosition(key).orElseThrow() + ")"));
        Optional<Action> action = module(runs.module(), key, fields);
        action.ifPresent(a -> Bridge.refusal(runs.module(), ((Action.Module) a).args()).ifPresent(why ->
                problems.add(Problem.at(fields.keyPosition(key).orElseThrow(), why))));
        return action;
    }

    /**
     * local_action: the module (the first word of the line, or {@code module:}) run on the controller,
     * as {@code delegate_to: localhost}.
     */
    private Optional<Task> localAction(Fields fields) {
        String key = fields.has("local_action") ? "local_action" : "ansible.builtin.local_action";
        YamlNode.Entry entry = fields.mapping().entries().stream().filter(e -> e.key().equals(key)).findFirst().orElseThrow();
        YamlNode.Entry module;
        if (entry.value() instanceof YamlNode.Scalar s && !s.isNull()) {
            String[] words = s.text().strip().split("\\s+", 2);
            String rest = words.length > 1 ? words[1] : "";
            module = new YamlNode.Entry(words[0], entry.keyPosition(), new YamlNode.Scalar(rest.isEmpty() ? null : rest,
                    rest, s.position()));
        } else if (entry.value() instanceof YamlNode.Mapping m && m.get("module").orElse(null) instanceof YamlNode.Scalar name) {
            module = new YamlNode.Entry(name.text(), entry.keyPosition(), new YamlNode.Mapping(m.entries().stream()
                    .filter(e -> !e.key().equals("module")).toList(), m.position()));
        } else {
            problems.add(Problem.at(entry.keyPosition(), "'" + key + "' takes a module and its arguments",
                    "write local_action: command echo hello, or a mapping with 'module:'"));
            return Optional.empty();
        }
        if (fields.has("delegate_to")) {
            problems.add(Problem.at(fields.keyPosition("delegate_to").get(), "a task takes 'local_action' or"
                    + " 'delegate_to', not both"));
            return Optional.empty();
        }
        return task(rewritten(fields, key, module));
    }

    /** connection: local on a task runs it on the controller (as delegate_to: localhost); other values are refused. */
    private Optional<Task> localConnection(Fields fields) {
        YamlNode.Scalar connection = fields.scalar("connection").orElse(null);
        if (connection == null || !connection.text().equals("local")) {
            problems.add(Problem.at(fields.keyPosition("connection").get(), "'connection' on a task can only be 'local'"
                    + " in herd", "set connection on the play, or ansible_connection in the inventory"));
            return Optional.empty();
        }
        if (fields.has("delegate_to")) {
            return task(rewritten(fields, "connection", null));
        }
        return task(rewritten(fields, "connection", new YamlNode.Entry("delegate_to", connection.position(),
                new YamlNode.Scalar("localhost", "localhost", connection.position()))));
    }

    /** The task's fields with one key replaced by another entry (or removed, with null). */
    private Fields rewritten(Fields fields, String key, YamlNode.Entry replacement) {
        List<YamlNode.Entry> entries = new ArrayList<>();
        for (YamlNode.Entry e : fields.mapping().entries()) {
            if (!e.key().equals(key)) {
                entries.add(e);
            } else if (replacement != null) {
                entries.add(replacement);
            }
        }
        if (key.endsWith("local_action")) {
            YamlNode.Entry at = fields.mapping().entries().stream().filter(e -> e.key().equals(key)).findFirst().orElseThrow();
            entries.add(new YamlNode.Entry("delegate_to", at.keyPosition(), new YamlNode.Scalar("localhost", "localhost",
                    at.keyPosition())));
        }
        return new Fields(new YamlNode.Mapping(entries, fields.position()), "task", problems);
    }

    /** block / rescue / always: the block's keywords go to every task inside, as Ansible inherits them. */
    private Optional<Task> block(Fields fields) {
        Map<String, String> notOnBlocks = new LinkedHashMap<>();
        for (String key : TASK_KEYS) {
            if (!BLOCK_KEYS.contains(key)) {
                notOnBlocks.put(key, "herd takes it on the tasks inside the block, not on the block");
            }
        }
        fields.checkKeys(BLOCK_KEYS, notOnBlocks);
        Task outer = new Task(Keywords.text(fields, "name"), new Action.Block(List.of(), List.of(), List.of()), keywords.become(fields),
                fields.bool("ignore_errors").orElse(false), Optional.empty(), keywords.conditions(fields, "when"), List.of(),
                List.of(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), false, keywords.tags(fields),
                List.of(), keywords.vars(fields), Optional.empty(), keywords.options(fields), fields.position());
        pushModuleDefaults(fields);
        List<Task> block = tasks(fields, "block");
        if (block.isEmpty() && fields.sequence("block").isPresent()) {
            problems.add(Problem.at(fields.keyPosition("block").get(), "a block needs at least one task"));
        }
        List<Task> rescue = tasks(fields, "rescue");
        List<Task> always = tasks(fields, "always");
        popModuleDefaults(fields);
        return Optional.of(outer.withAction(new Action.Block(Inherited.from(outer, block),
                Inherited.from(outer, rescue), Inherited.from(outer, always))));
    }

    /** An import_tasks task becomes its tasks, each carrying the import's conditions; others stay as they are. */
    private static List<Task> spliced(Task task) {
        if (!(task.action() instanceof Action.Include include) || include.dynamic()) {
            return List.of(task);
        }
        return Inherited.from(task, include.tasks());
    }

    /**
     * import_role (its tasks spliced in when the playbook is read, its defaults and vars the play's)
     * and include_role (run per host and loop item as include_tasks is, its defaults and vars its
     * tasks' own unless {@code public}); both read the role now, so its problems show before the run.
     */
    private Optional<Action> roleTask(String key, Fields fields) {
        boolean dynamic = key.endsWith("include_role");
        Optional<YamlNode.Mapping> args = fields.submapping(key);
        if (args.isEmpty()) {
            problems.add(Problem.at(fields.node(key).orElseThrow().position(), "'" + key + "' needs 'name: ROLE'",
                    "write " + key + ":\n  name: plone_client"));
            return Optional.empty();
        }
        Fields a = new Fields(args.get(), key + " arguments", problems);
        Set<String> roleArgs = new LinkedHashSet<>(ROLE_TASK_ARGS);
        roleArgs.add("apply");
        a.checkKeys(roleArgs, Map.of());
        Optional<YamlNode.Mapping> apply = applied(key, a);
        Optional<YamlNode.Scalar> name = a.scalar("name");
        if (name.isEmpty()) {
            problems.add(Problem.at(args.get().position(), "'" + key + "' needs 'name: ROLE'"));
            return Optional.empty();
        }
        if (roles == null) {
            roles = new Roles(file.toAbsolutePath().getParent(), rolesPath, problems);
        }
        boolean exposed = !dynamic || a.bool("public").orElse(false);
        Roles.Use use = new Roles.Use(a.string("tasks_from").orElse("main"), a.string("vars_from").orElse("main"),
                a.string("defaults_from").orElse("main"), a.string("handlers_from").orElse("main"),
                a.bool("allow_duplicates").orElse(true), exposed);
        List<Task> tasks = roles.role(name.get().text(), name.get().position(), Roles.blank(name.get().position()),
                Map.of(), this, use);
        return Optional.of(new Action.Include(new Text(name.get().text(), name.get().position()),
                withApply(apply, tasks), dynamic, true));
    }

    /** An include's {@code apply:} (keywords for every task it brings in); imports take none, as in Ansible. */
    private Optional<YamlNode.Mapping> applied(String key, Fields args) {
        Optional<YamlNode.Mapping> apply = args.submapping("apply");
        if (apply.isPresent() && (key.endsWith("import_tasks") || key.endsWith("import_role"))) {
            problems.add(Problem.at(args.keyPosition("apply").get(), "'apply' is only for include_tasks and"
                    + " include_role", "move the keywords onto the " + key + " task itself"));
            return Optional.empty();
        }
        return apply;
    }

    /** The included tasks with an {@code apply:}'s keywords, as a block around them would give them. */
    private List<Task> withApply(Optional<YamlNode.Mapping> apply, List<Task> tasks) {
        if (apply.isEmpty()) {
            return tasks;
        }
        Fields fields = new Fields(apply.get(), "apply", problems);
        fields.checkKeys(BLOCK_KEYS.stream().filter(k -> !Set.of("name", "block", "rescue", "always").contains(k))
                .collect(java.util.stream.Collectors.toSet()), Map.of());
        return Inherited.from(keywords(fields, apply.get().position()), tasks);
    }

    /** include_tasks runs at run time; import_tasks is spliced in; a bare include is static unless it loops, as in 2.14. */
    private static boolean dynamic(String key, Fields fields) {
        return key.endsWith("include") ? fields.has("loop") || fields.has("with_items") : INCLUDES.get(key);
    }

    /** include_tasks / import_tasks: the file, relative to this playbook's folder, read now. */
    private Optional<Action> include(String key, Fields fields) {
        YamlNode value = fields.node(key).orElseThrow();
        if (key.endsWith("include")) {
            deprecated(fields.keyPosition(key).orElseThrow(), INCLUDE_DEPRECATED);
        }
        Optional<YamlNode.Scalar> path = Optional.empty();
        Optional<YamlNode.Mapping> apply = Optional.empty();
        if (value instanceof YamlNode.Scalar s && !s.isNull()) {
            path = Optional.of(s);
        } else if (value instanceof YamlNode.Mapping m) {
            Fields args = new Fields(m, key, problems);
            args.checkKeys(Set.of("file", "apply"), Map.of());
            path = args.scalar("file");
            apply = applied(key, args);
        }
        if (!dynamic(key, fields) && (fields.has("loop") || fields.has("with_items"))) {
            problems.add(Problem.at(fields.keyPosition(fields.has("loop") ? "loop" : "with_items").get(),
                    "import_tasks cannot loop: its tasks are read into the play before the run",
                    "use include_tasks to run a tasks file per item"));
        }
        if (path.isEmpty()) {
            problems.add(Problem.at(value.position(), "'" + key + "' needs a file", "write " + key + ": tasks/restart.yml"));
            return Optional.empty();
        }
        if (herd.engine.template.Templates.isTemplate(path.get().text())) {
            problems.add(Problem.at(path.get().position(), "herd reads included files before the run, so their"
                    + " path cannot be a template", "write the path itself"));
            return Optional.empty();
        }
        Path target = includeTarget(path.get().text());
        if (importing.contains(target)) {
            problems.add(Problem.at(path.get().position(), target + " includes itself"));
            return Optional.empty();
        }
        Optional<List<Task>> tasks = readTasks(target, path.get().position(), "include");
        if (tasks.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Action.Include(new Text(path.get().text(), path.get().position()),
                withApply(apply, tasks.get()), dynamic(key, fields)));
    }

    /**
     * Where an included tasks file is, as Ansible looks: from a role's file, in the role's folder of
     * that kind (its {@code handlers/} for a handler's include), then its {@code tasks/}, then beside
     * the including file; elsewhere beside the including file.
     */
    private Path includeTarget(String written) {
        Path here = file.toAbsolutePath().getParent();
        Path beside = here.resolve(written).normalize();
        for (Path dir = here; dir != null && dir.getParent() != null; dir = dir.getParent()) {
            String kind = dir.getFileName().toString();
            if ((kind.equals("tasks") || kind.equals("handlers")) && java.nio.file.Files.isDirectory(dir.getParent().resolve("tasks"))) {
                for (Path candidate : List.of(dir.resolve(written), dir.getParent().resolve("tasks").resolve(written))) {
                    if (java.nio.file.Files.exists(candidate)) {
                        return candidate.normalize();
                    }
                }
                break;
            }
        }
        return beside;
    }

    /** The tasks of a tasks file (import_tasks spliced in); empty, with the problem said, when it cannot be read. */
    Optional<List<Task>> readTasks(Path target, herd.engine.load.Position at) {
        return readTasks(target, at, "read");
    }

    private Optional<List<Task>> readTasks(Path target, herd.engine.load.Position at, String verb) {
        PlaybookLoader inner = new PlaybookLoader(target, importing, roles, warnings, rolesPath, moduleDefaults, collections,
                bridge);
        List<Task> tasks = new ArrayList<>();
        YamlNode root;
        try {
            root = YamlLoader.load(target);
        } catch (InputException e) {
            problems.addAll(e.problems().stream().map(p -> p.position().line() == 0
                    ? Problem.at(at, "cannot " + verb + " " + target + ": " + p.message()) : p).toList());
            return Optional.empty();
        }
        if (root instanceof YamlNode.Sequence seq) {
            for (YamlNode node : seq.items()) {
                Fields taskFields = Fields.of(node, "task", inner.problems);
                if (taskFields != null) {
                    inner.task(taskFields).ifPresent(t -> tasks.addAll(spliced(t)));
                }
            }
        } else if (!(root instanceof YamlNode.Scalar s && s.isNull())) {
            inner.problems.add(Problem.at(root.position(), "a tasks file must be a list of tasks, not a " + root.kind()));
        }
        problems.addAll(inner.problems);
        return Optional.of(tasks);
    }

    /** The handlers of a role's handlers file. */
    List<Handler> readHandlers(Path target) {
        PlaybookLoader inner = new PlaybookLoader(target, importing, roles, warnings, rolesPath, moduleDefaults, collections,
                bridge);
        List<Handler> handlers = new ArrayList<>();
        try {
            YamlNode root = YamlLoader.load(target);
            if (root instanceof YamlNode.Sequence seq) {
                handlers.addAll(inner.handlers(seq));
            } else if (!(root instanceof YamlNode.Scalar s && s.isNull())) {
                inner.problems.add(Problem.at(root.position(), "a handlers file must be a list of handlers, not a "
                        + root.kind()));
            }
        } catch (InputException e) {
            problems.addAll(e.problems());
        }
        problems.addAll(inner.problems);
        return handlers;
    }

    /** A play's or block's module_defaults, for the tasks read inside it. */
    private void pushModuleDefaults(Fields fields) {
        fields.submapping("module_defaults").ifPresent(moduleDefaults::addLast);
        collections.addLast(collectionsOf(fields));
    }

    private void popModuleDefaults(Fields fields) {
        if (fields.submapping("module_defaults").isPresent()) {
            moduleDefaults.removeLast();
        }
        collections.removeLast();
    }

    /** A play's, block's or task's {@code collections:}, as names. */
    private List<String> collectionsOf(Fields fields) {
        return fields.node("collections").map(n -> keywords.texts(n, "collections").stream().map(Text::raw).toList())
                .orElse(List.of());
    }

    /** The collections a task's short module names are looked for in: its own, then its blocks' and play's, innermost first. */
    private List<String> collectionsFor(Fields task) {
        List<String> out = new ArrayList<>(collectionsOf(task));
        collections.reversed().forEach(out::addAll);
        return out.stream().distinct().toList();
    }

    /** The bridge, for the role reader (a role's library/ serves the rest of the run). */
    Bridge bridge() {
        return bridge;
    }

    /**
     * The module_defaults arguments for a module, innermost first (the task's own, its blocks', the
     * play's), each under any name of the module; a task's own arguments win over them all.
     */
    private List<YamlNode.Entry> defaultsFor(Module module, Fields task) {
        List<YamlNode.Mapping> levels = new ArrayList<>();
        task.submapping("module_defaults").ifPresent(levels::add);
        levels.addAll(moduleDefaults.reversed());
        List<YamlNode.Entry> out = new ArrayList<>();
        for (YamlNode.Mapping level : levels) {
            for (YamlNode.Entry e : level.entries()) {
                if (names(e.key(), module) && e.value() instanceof YamlNode.Mapping args) {
                    out.addAll(args.entries());
                }
            }
        }
        return out;
    }

    /** True when a module_defaults key names this module: any of its names. */
    private static boolean names(String written, Module module) {
        if (module instanceof BridgedModule bridged) {
            String name = bridged.name();
            return written.equals(name) || written.equals(bridged.file().fqcn()) || written.equals("ansible.builtin." + name)
                    && bridged.file().fqcn().startsWith("ansible.") || written.equals("ansible.legacy." + name)
                    && bridged.file().fqcn().startsWith("ansible.");
        }
        return Modules.find(written).filter(m -> m == module).isPresent();
    }

    private Optional<Action> module(Module module, String key, Fields fields) {
        YamlNode value = fields.node(key).orElseThrow();
        return new ModuleArgs(problems).read(module.spec(), key, fields, defaultsFor(module, fields))
                .map(args -> new Action.Module(module, args, value.position()));
    }

    private Optional<Action> action(CommandForm form, String key, Fields fields) {
        YamlNode value = fields.node(key).orElseThrow();
        Map<String, YamlNode.Entry> args = new LinkedHashMap<>();
        Optional<Text> freeForm = Optional.empty();
        switch (value) {
            case YamlNode.Scalar s when !s.isNull() -> freeForm = Optional.of(freeFormParameters(s, args));
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
        argFields.checkKeys(form == CommandForm.SHELL ? SHELL_ARGS : COMMAND_ARGS, Map.of());
        List<Text> argv = keywords.argv(argFields);
        Optional<Text> cmd = freeForm.or(() -> Keywords.text(argFields, "cmd"))
                .or(() -> argv.isEmpty() ? Optional.empty() : Optional.of(new Text(
                        String.join(" ", argv.stream().map(Text::raw).toList()), argv.getFirst().position())));
        if (cmd.isEmpty()) {
            problems.add(Problem.at(value.position(), "'" + key + "' has no command to run", "give it 'cmd: ...'"));
            return Optional.empty();
        }
        Optional<Text> chdir = Keywords.text(argFields, "chdir");
        Optional<Text> creates = Keywords.text(argFields, "creates");
        Optional<Text> removes = Keywords.text(argFields, "removes");
        Optional<Action.Stdin> stdin = Keywords.text(argFields, "stdin")
                .map(data -> new Action.Stdin(data, Keywords.text(argFields, "stdin_add_newline")));
        return Optional.of(switch (form) {
            case SHELL -> new Action.Shell(cmd.get(), chdir, creates, removes, Keywords.text(argFields, "executable"),
                    stdin);
            case COMMAND -> new Action.Command(cmd.get(), freeForm.isPresent() ? List.of() : argv, chdir, creates, removes,
                    stdin);
        });
    }

    /**
     * Takes {@code chdir=}, {@code creates=} and {@code removes=} words out of a free-form command
     * line into the arguments, as Ansible does; the rest of the line stays as written.
     */
    private static Text freeFormParameters(YamlNode.Scalar line, Map<String, YamlNode.Entry> args) {
        String text = line.text();
        StringBuilder rest = new StringBuilder();
        int last = 0;
        for (int[] span : FreeForm.spans(text)) {
            String word = text.substring(span[0], span[1]);
            java.util.regex.Matcher m = FREE_FORM_PARAMETER.matcher(word);
            if (m.matches() && !args.containsKey(m.group(1))) {
                String v = FreeForm.value(m.group(2));
                args.put(m.group(1), new YamlNode.Entry(m.group(1), line.position(),
                        new YamlNode.Scalar(v, v, line.position())));
            } else {
                rest.append(text, last, span[1]);
            }
            last = span[1];
        }
        return new Text(rest.toString().strip(), line.position());
    }

    /** Play keywords herd does not take yet; and 'include', which Ansible 2.14 no longer takes for plays. */
    private static Map<String, String> playUnsupported(String... keys) {
        Map<String, String> m = new LinkedHashMap<>(unsupported(keys));
        m.put("include", "Ansible 2.14 no longer takes 'include' for playbooks either: write 'import_playbook'");
        return Map.copyOf(m);
    }

    /** Task keywords herd does not take yet. */
    private static Map<String, String> taskUnsupported(String... keys) {
        return unsupported(keys);
    }

    private static Map<String, String> unsupported(String... keys) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String key : keys) {
            m.put(key, NOT_YET);
        }
        return Map.copyOf(m);
    }
}
