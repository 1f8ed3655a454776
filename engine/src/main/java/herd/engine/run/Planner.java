package herd.engine.run;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import herd.engine.config.Gathering;
import herd.engine.module.Arg;
import herd.engine.inventory.Host;
import herd.engine.inventory.HostPattern;
import herd.engine.inventory.Inventory;
import herd.engine.load.InputException;
import herd.engine.load.Position;
import herd.engine.load.Problem;
import herd.engine.playbook.Action;
import herd.engine.playbook.Handler;
import herd.engine.playbook.Loop;
import herd.engine.playbook.Play;
import herd.engine.playbook.Playbook;
import herd.engine.playbook.Task;
import herd.engine.playbook.Text;
import herd.engine.template.TemplateError;
import herd.engine.template.Templates;
import herd.engine.transport.Endpoint;

/**
 * Resolves every play's hosts and checks every template of every task for every host before
 * anything runs, so bad input stops the run with all its problems and nothing half done.
 */
public final class Planner {
    private final Templates templates;
    private final CommandBuilder commands;

    public Planner(Templates templates) {
        this(templates, BecomeDefaults.NONE);
    }

    /** @param become whether and as whom tasks become where nothing in the playbook or inventory says */
    public Planner(Templates templates, BecomeDefaults become) {
        this(templates, become, Prompter.NONE);
    }

    /** @param prompter who answers the plays' vars_prompt (nobody without a terminal) */
    public Planner(Templates templates, BecomeDefaults become, Prompter prompter) {
        this(templates, become, prompter, Gathering.IMPLICIT);
    }

    /** @param gathering when plays gather facts (ansible.cfg's gathering) */
    public Planner(Templates templates, BecomeDefaults become, Prompter prompter, Gathering gathering) {
        this.templates = templates;
        this.commands = new CommandBuilder(templates, Optional.empty(), become);
        this.prompter = prompter;
        this.gathering = gathering;
    }

    private final Prompter prompter;
    private final Gathering gathering;

    public Plan plan(Playbook playbook, Inventory inventory, Optional<String> limit, Map<String, Object> extraVars) {
        return plan(playbook, inventory, limit, extraVars, TagFilter.ALL);
    }

    /**
     * Checks everything for every host of every play; the plays keep only the tasks the tags select.
     * Nothing runs while it checks, on the hosts or on the controller (pipe lookups included).
     */
    public Plan plan(Playbook playbook, Inventory inventory, Optional<String> limit, Map<String, Object> extraVars,
                     TagFilter tags) {
        return Templates.whileChecking(() -> check(playbook, inventory, limit, extraVars, tags));
    }

    private Plan check(Playbook playbook, Inventory inventory, Optional<String> limit, Map<String, Object> extraVars,
                       TagFilter tags) {
        List<Problem> problems = new ArrayList<>();
        Set<String> limited = limit.map(l -> names(HostPattern.parse(l).select(inventory))).orElse(null);
        List<PlannedPlay> plays = new ArrayList<>();
        Map<String, Endpoint> endpoints = new LinkedHashMap<>();
        Map<String, Object> runtime = runtimeNames(playbook.plays(), gathering);
        VarsFiles files = new VarsFiles(templates);
        Set<String> gathered = new LinkedHashSet<>();
        for (Play written : playbook.plays()) {
            checkSerial(written, extraVars, problems);
            List<Host> hosts = hosts(written, inventory, limited, extraVars, problems);
            Play play = withGathering(written, hosts, gathered);
            List<String> hostNames = hosts.stream().map(Host::name).toList();
            LiveHostVars hostvars = new LiveHostVars(inventory.hostvars(), h -> runtime);
            Map<String, Object> prompted = prompted(play, extraVars, problems);
            Map<String, Map<String, Object>> varsFiles = new LinkedHashMap<>();
            for (Host host : hosts) {
                Variables base = Variables.of(inventory, host, play, hostNames, extraVars)
                        .with(Variables.Layer.VARS_FILES, prompted);
                Map<String, Object> fromFiles = new LinkedHashMap<>(prompted);
                fromFiles.putAll(files.of(play, base.merged(), problems));
                varsFiles.put(host.name(), fromFiles);
                // as PlannedPlay.variables gives them (built here per host, not a copy of the play per host)
                Variables vars = Variables.of(inventory, host, play, hostNames, extraVars)
                        .with(Variables.Layer.VARS_FILES, fromFiles)
                        .with(Variables.Layer.FACTS, runtime).withMagic(Map.of("hostvars", hostvars));
                check(play, host, vars, runtime.keySet(), inventory, endpoints, problems);
            }
            plays.add(new PlannedPlay(play.withSections(play.sections().stream().map(tags::filter).toList()), hosts,
                    varsFiles, pattern(play, extraVars), limit));
        }
        if (!problems.isEmpty()) {
            throw new InputException(problems);
        }
        return new Plan(playbook, inventory, plays, extraVars, endpoints);
    }

    /**
     * The play's vars_prompt answers, as Ansible gets them: not asked when -e gives the value; asked
     * on the terminal; without one, the default; without a default, a problem before anything runs.
     */
    private Map<String, Object> prompted(Play play, Map<String, Object> extraVars, List<Problem> problems) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (herd.engine.playbook.VarPrompt p : play.prompts()) {
            if (extraVars.containsKey(p.name())) {
                continue;
            }
            Optional<String> answer = prompter.ask(p.prompt() + p.defaultValue().map(d -> " [" + d + "]").orElse("")
                    + ": ", p.secret(), p.confirm());
            Optional<String> value = answer.filter(a -> !a.isEmpty()).or(() -> p.defaultValue())
                    .or(() -> answer);
            if (value.isPresent()) {
                out.put(p.name(), value.get());
            } else {
                problems.add(Problem.at(p.position(), "vars_prompt '" + p.name() + "' needs a value, and there is no"
                        + " terminal to ask on", "give it with -e " + p.name() + "=... or a default"));
                // one problem, not one more at every template that uses the value
                out.put(p.name(), Placeholder.INSTANCE);
            }
        }
        return out;
    }

    /** A play's serial batch sizes with templates filled from the play's vars and -e: "2" or "30%". */
    static List<String> serial(Templates templates, Play play, Map<String, Object> extraVars) {
        Map<String, Object> vars = new HashMap<>(play.vars());
        vars.putAll(extraVars);
        List<String> sizes = new ArrayList<>();
        for (Text size : play.rolling().serial()) {
            sizes.add(templates.render(size.raw(), templates.lazy(vars)).trim());
        }
        return sizes;
    }

    private void checkSerial(Play play, Map<String, Object> extraVars, List<Problem> problems) {
        for (Text size : play.rolling().serial()) {
            try {
                Map<String, Object> vars = new HashMap<>(play.vars());
                vars.putAll(extraVars);
                String value = templates.render(size.raw(), templates.lazy(vars)).trim();
                if (!value.matches("\\d+%?")) {
                    problems.add(Problem.at(size.position(), "'serial' must be a number of hosts or a percentage, not '"
                            + value + "'", "write serial: 1 or serial: \"30%\""));
                }
            } catch (TemplateError e) {
                problems.add(Problem.at(size.position(), e.getMessage() + " in 'serial'",
                        "only play vars and extra variables (-e) can be used in 'serial'"));
            }
        }
    }

    private List<Host> hosts(Play play, Inventory inventory, Set<String> limited, Map<String, Object> extraVars,
                             List<Problem> problems) {
        String pattern;
        try {
            pattern = commands.render(play.hosts(), new HashMap<>(extraVars));
        } catch (TemplateProblem e) {
            problems.add(Problem.at(play.hosts().position(), e.getMessage() + " in the play's 'hosts'",
                    "only extra variables (-e) can be used in 'hosts'"));
            return List.of();
        }
        List<Host> hosts = new ArrayList<>(HostPattern.parse(pattern).select(inventory));
        if (limited != null) {
            hosts.removeIf(h -> !limited.contains(h.name()));
        }
        return ordered(play, hosts);
    }

    /** The hosts in the play's {@code order}. */
    static List<Host> ordered(Play play, List<Host> selected) {
        List<Host> hosts = new ArrayList<>(selected);
        switch (play.rolling().order()) {
            case INVENTORY -> {
            }
            case REVERSE_INVENTORY -> java.util.Collections.reverse(hosts);
            case SORTED -> hosts.sort(java.util.Comparator.comparing(Host::name));
            case REVERSE_SORTED -> hosts.sort(java.util.Comparator.comparing(Host::name).reversed());
            case SHUFFLE -> java.util.Collections.shuffle(hosts);
        }
        return hosts;
    }

    /** The play's host pattern with its templates filled (empty when they cannot be: a problem already). */
    private Optional<String> pattern(Play play, Map<String, Object> extraVars) {
        try {
            return Optional.of(commands.render(play.hosts(), new HashMap<>(extraVars)));
        } catch (TemplateProblem e) {
            return Optional.empty();
        }
    }

    private void check(Play play, Host host, Variables vars, Set<String> runtime, Inventory inventory,
                       Map<String, Endpoint> endpoints, List<Problem> problems) {
        Map<String, Object> outer = templates.lazy(vars.merged());
        try {
            Optional<String> remoteUser = play.remoteUser().isEmpty() ? Optional.empty()
                    : Optional.of(commands.render(play.remoteUser().get(), outer));
            Optional<String> connection = play.connection().isEmpty() ? Optional.empty()
                    : Optional.of(commands.render(play.connection().get(), outer));
            Endpoint endpoint = Endpoints.of(host, outer, commands, play.position(), remoteUser, connection);
            Endpoint earlier = endpoints.putIfAbsent(host.name(), endpoint);
            if (earlier != null && !earlier.equals(endpoint)) {
                add(problems, play.position(), "this play's variables change how host " + host.name()
                        + " is reached (" + reached(earlier) + " before, " + reached(endpoint)
                        + " here); herd keeps one connection per host for the whole run", host);
            }
        } catch (TemplateProblem e) {
            add(problems, e.text().position(), e.getMessage(), host);
        }
        checkTasks(play.tasks(), play, host, vars, Map.of(), runtime, inventory, endpoints, problems);
        checkTasks(play.handlers().stream().map(Handler::task).toList(), play, host, vars, Map.of(), runtime, inventory,
                endpoints, problems);
    }

    /** Checks tasks with the host's variables, under the params of the includes that bring them in. */
    private void checkTasks(List<Task> tasks, Play play, Host host, Variables base, Map<String, Object> include,
                            Set<String> runtime, Inventory inventory, Map<String, Endpoint> endpoints,
                            List<Problem> problems) {
        Map<String, Object> outer = templates.lazy(base.with(Variables.Layer.INCLUDE, include).merged());
        for (Task task : tasks) {
            if (task.action() instanceof Action.Block block) {
                checkTasks(block.tasks(), play, host, base, include, runtime, inventory, endpoints, problems);
                continue;
            }
            List<TemplateProblem> found = new ArrayList<>();
            Map<String, Object> scopePlain = base.forTask(task)
                    .with(Variables.Layer.INCLUDE, include).merged();
            if (task.loop().isPresent()) {
                Loop loop = task.loop().get();
                Text at = loop.items() instanceof Text t ? t : new Text("loop", loop.position());
                attempt(found, at, () -> templates.value(loop.items() instanceof Text t ? t.raw() : loop.items(), outer));
                scopePlain.put(loop.loopVar(), Placeholder.INSTANCE);
                loop.indexVar().ifPresent(name -> scopePlain.put(name, 0L));
            }
            Map<String, Object> scope = templates.lazy(scopePlain);
            task.loop().flatMap(Loop::label).ifPresent(label ->
                    attempt(found, label, () -> templates.render(label.raw(), scope)));
            for (Text condition : task.when()) {
                attempt(found, condition, () -> templates.test(condition.raw(), scope));
            }
            boolean guarded = !task.when().isEmpty();
            task.delegateTo().ifPresent(delegate -> attempt(found, delegate, () -> {
                String name = templates.render(delegate.raw(), scope);
                Host target = inventory.host(name).orElseGet(() -> notInInventory(name));
                if (!endpoints.containsKey(name)) {
                    Map<String, Object> targetVars = templates.lazy(Scope.of(inventory, target, play,
                            List.of(name), Map.of()));
                    try {
                        endpoints.put(name, Endpoints.of(target, targetVars, commands, delegate.position(),
                                Optional.empty(), Optional.empty()));
                    } catch (TemplateProblem e) {
                        throw new TemplateError(e.getMessage());
                    }
                }
            }));
            checkAction(play, task, scope, found);
            task.name().ifPresent(name -> attempt(found, name, () -> templates.render(name.raw(), outer)));
            Map<String, Object> boundPlain = new HashMap<>(scopePlain);
            task.register().ifPresent(name -> boundPlain.put(name, Placeholder.INSTANCE));
            Map<String, Object> bound = templates.lazy(boundPlain);
            List<Text> conditions = new ArrayList<>(task.changedWhen());
            conditions.addAll(task.failedWhen());
            task.until().ifPresent(until -> conditions.addAll(until.conditions()));
            for (Text condition : conditions) {
                attempt(found, condition, () -> templates.test(condition.raw(), bound));
            }
            if (task.action() instanceof Action.Include included) {
                Map<String, Object> params = new HashMap<>(include);
                params.putAll(task.vars());
                task.loop().ifPresent(loop -> {
                    params.put(loop.loopVar(), Placeholder.INSTANCE);
                    loop.indexVar().ifPresent(name -> params.put(name, 0L));
                });
                checkTasks(included.tasks(), play, host, base, params, runtime, inventory, endpoints, problems);
            }
            for (TemplateProblem problem : found) {
                // a task behind 'when' may name variables that exist only when the condition holds, and
                // what a registered result or a fact holds is only known when the run gets there
                if (!(guarded && problem.undefined()) && !mentions(problem.text().raw(), runtime)
                        && !(problem.undefined() && runtime.contains(herd.engine.module.Module.ANY))) {
                    add(problems, problem.text().position(), problem.getMessage(), host);
                }
            }
        }
    }

    private void checkAction(Play play, Task task, Map<String, Object> vars, List<TemplateProblem> found) {
        try {
            switch (task.action()) {
                case Action.Command c -> commands.prepare(play, task, c, vars);
                case Action.Shell s -> commands.prepare(play, task, s, vars);
                case Action.Include i -> {
                    // its tasks are checked with the include's scope, below
                }
                case Action.Block b -> {
                    // its tasks are checked one by one
                }
                case Action.Module m -> {
                    // the raw text is the arguments, so that problems naming runtime variables are told apart
                    Text at = new Text(m.module() + " " + m.args(), m.position());
                    for (Map.Entry<String, Object> arg : m.args().entrySet()) {
                        boolean expression = m.implementation().spec().arg(arg.getKey())
                                .filter(a -> a.type() == Arg.Type.EXPRESSION).isPresent();
                        Object value = arg.getValue();
                        if (expression) {
                            for (Object condition : value instanceof List<?> list ? list : List.of(String.valueOf(value))) {
                                attempt(found, at, () -> templates.test(String.valueOf(condition), vars));
                            }
                        } else {
                            attempt(found, at, () -> templates.value(value, vars));
                        }
                    }
                    commands.becomeUser(play, task, vars);
                }
            }
        } catch (TemplateProblem e) {
            found.add(e);
            try {
                // the command failed first; become_user may hold a problem of its own
                commands.becomeUser(play, task, vars);
            } catch (TemplateProblem become) {
                if (!become.text().equals(e.text())) {
                    found.add(become);
                }
            }
        }
    }

    /**
     * A delegate the inventory does not name, as Ansible takes it: localhost (and 127.0.0.1, ::1) is
     * the controller, with a local connection; any other name is an address reached over SSH with
     * no variables of its own.
     */
    private static Host notInInventory(String name) {
        return LOCALHOST.contains(name) ? new Host(name, Map.of("ansible_connection", "local"), List.of())
                : new Host(name, Map.of(), List.of());
    }

    private static final Set<String> LOCALHOST = Set.of("localhost", "127.0.0.1", "::1");

    private static final java.util.regex.Pattern FACT_NAME = java.util.regex.Pattern.compile("\\bansible_\\w+");

    private static boolean mentions(String template, Set<String> names) {
        // facts are known once gathered; the names of some (ansible_eth0) depend on the host
        if (names.contains("ansible_facts")) {
            java.util.regex.Matcher fact = FACT_NAME.matcher(template);
            while (fact.find()) {
                if (!FactCache.restricted(fact.group())) {
                    return true;
                }
            }
        }
        for (String name : names) {
            if (java.util.regex.Pattern.compile("\\b" + java.util.regex.Pattern.quote(name) + "\\b").matcher(template).find()) {
                return true;
            }
        }
        return false;
    }

    private static void attempt(List<TemplateProblem> found, Text at, Runnable check) {
        try {
            check.run();
        } catch (TemplateError e) {
            found.add(new TemplateProblem(at, e));
        }
    }

    /**
     * Whether the play gathers facts under the policy: implicit gathers unless gather_facts is false,
     * explicit only when it is true, smart as implicit but once per host.
     */
    static boolean gathers(Play play, Gathering gathering) {
        Optional<Boolean> written = play.gather().gatherFacts();
        return gathering == Gathering.EXPLICIT ? written.orElse(false) : written.orElse(true);
    }

    /**
     * The play with its "Gathering Facts" task first, when it gathers; with smart gathering, a play
     * whose hosts all gathered in an earlier play gathers nothing.
     */
    private Play withGathering(Play play, List<Host> hosts, Set<String> gathered) {
        if (!gathers(play, gathering)) {
            return play;
        }
        List<String> names = hosts.stream().map(Host::name).toList();
        if (gathering == Gathering.SMART && gathered.containsAll(names)) {
            return play;
        }
        gathered.addAll(names);
        List<List<Task>> sections = new ArrayList<>(play.sections());
        List<Task> first = new ArrayList<>();
        first.add(play.gather().task());
        first.addAll(sections.get(0));
        sections.set(0, first);
        return play.withSections(sections);
    }

    /** Names that get values while the playbook runs (register, set_fact), bound to placeholders. */
    private static Map<String, Object> runtimeNames(List<Play> plays, Gathering gathering) {
        Map<String, Object> names = new HashMap<>();
        for (Play play : plays) {
            java.nio.file.Path dir = play.position().file().toAbsolutePath().normalize().getParent();
            if (gathers(play, gathering)) {
                runtimeNames(List.of(play.gather().task()), dir, names);
            }
            runtimeNames(play.tasks(), dir, names);
            runtimeNames(play.handlers().stream().map(Handler::task).toList(), dir, names);
        }
        names.put("ansible_failed_result", Placeholder.INSTANCE);
        names.put("ansible_failed_task", Placeholder.INSTANCE);
        return names;
    }

    private static void runtimeNames(List<Task> tasks, java.nio.file.Path playbookDir, Map<String, Object> names) {
        for (Task task : Task.flatten(tasks)) {
            task.register().ifPresent(name -> names.put(name, Placeholder.INSTANCE));
            if (task.action() instanceof Action.Module m) {
                Map<String, Object> where = new HashMap<>();
                where.put("playbook_dir", playbookDir == null ? "/" : playbookDir.toString());
                task.role().ifPresent(role -> where.put("role_path", role.path().toString()));
                m.implementation().sets(m.args(), where).forEach(name -> names.put(name, Placeholder.INSTANCE));
            }
        }
    }

    private static String reached(Endpoint endpoint) {
        return endpoint.kind() == Endpoint.Kind.LOCAL ? "a local connection"
                : endpoint.user().map(u -> u + "@").orElse("") + endpoint.address() + ":" + endpoint.port();
    }

    /** One problem per place and message, naming the first host it was found for. */
    private static void add(List<Problem> problems, Position at, String message, Host host) {
        for (Problem p : problems) {
            if (p.position().equals(at) && p.message().startsWith(message)) {
                return;
            }
        }
        problems.add(Problem.at(at, message + " (for host " + host.name() + ")"));
    }

    private static Set<String> names(List<Host> hosts) {
        Set<String> names = new LinkedHashSet<>();
        hosts.forEach(h -> names.add(h.name()));
        return names;
    }
}
