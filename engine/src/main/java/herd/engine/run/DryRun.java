package herd.engine.run;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import herd.engine.inventory.Host;
import herd.engine.playbook.Action;
import herd.engine.playbook.Handler;
import herd.engine.playbook.Loop;
import herd.engine.playbook.Play;
import herd.engine.playbook.Task;
import herd.engine.playbook.Text;
import herd.engine.template.TemplateError;
import herd.engine.template.Templates;

/**
 * {@code --check}: the exact command every task would run on every host, templates filled and sudo
 * included, with nothing run and no host contacted. What depends on the result of an earlier task
 * (a registered value, a fact) cannot be known before the run and is said so.
 */
public final class DryRun {

    /** One line of the dry run: on this host, this task would do this. */
    public record Step(String play, String host, String task, String would) {
    }

    private final Templates templates;
    private final CommandBuilder commands;

    public DryRun(Templates templates) {
        this(templates, Optional.empty());
    }

    /** @param becomePassword the run's become password: commands show {@code sudo -S}, never the password */
    public DryRun(Templates templates, Optional<BecomePassword> becomePassword) {
        this(templates, becomePassword, BecomeDefaults.NONE);
    }

    /**
     * @param becomePassword the run's become password: commands show {@code sudo -S}, never the password
     * @param become         whether and as whom tasks become where nothing in the playbook or inventory says
     */
    public DryRun(Templates templates, Optional<BecomePassword> becomePassword, BecomeDefaults become) {
        this.templates = templates;
        this.commands = new CommandBuilder(templates, becomePassword, become);
    }

    public List<Step> steps(Plan plan) {
        return Templates.whileChecking(() -> stepsOf(plan));
    }

    private List<Step> stepsOf(Plan plan) {
        List<Step> out = new ArrayList<>();
        for (PlannedPlay planned : plan.plays()) {
            Play play = planned.play();
            List<String> names = planned.hosts().stream().map(Host::name).toList();
            for (Host host : planned.hosts()) {
                Variables vars = planned.variables(plan.inventory(), host, names, plan.extraVars());
                tasks(play, host, play.tasks(), vars, Map.of(), "", out);
                for (Handler handler : play.handlers()) {
                    tasks(play, host, List.of(handler.task()), vars, Map.of(), "handler, if notified | ", out);
                }
            }
        }
        return out;
    }

    /** The steps of tasks for a host, under the params of the includes that bring them in. */
    private void tasks(Play play, Host host, List<Task> tasks, Variables vars, Map<String, Object> include,
                       String prefix, List<Step> out) {
        for (Task task : tasks) {
            if (task.action() instanceof Action.Block block) {
                tasks(play, host, block.block(), vars, include, prefix, out);
                tasks(play, host, block.rescue(), vars, include, prefix + "rescue, if the block fails | ", out);
                tasks(play, host, block.always(), vars, include, prefix + "always | ", out);
                continue;
            }
            List<Map<String, Object>> scopes = new ArrayList<>();
            List<String> labels = new ArrayList<>();
            Map<String, Object> taskVars = vars.forTask(task)
                    .with(Variables.Layer.INCLUDE, include).merged();
            try {
                items(task, taskVars, scopes, labels);
            } catch (TemplateError e) {
                out.add(new Step(play.displayName(), host.name(), prefix + task.displayName(),
                        "loop over " + loopText(task) + " (depends on earlier results: " + e.getMessage() + ")"));
                continue;
            }
            for (int i = 0; i < scopes.size(); i++) {
                String label = task.options().noLog() && !labels.get(i).isEmpty() ? "(hidden)" : labels.get(i);
                String name = prefix + (label.isEmpty() ? "" : label + " | ") + task.displayName();
                Map<String, Object> scope = templates.lazy(scopes.get(i));
                String when = when(task, scope);
                if (when == null) {
                    out.add(new Step(play.displayName(), host.name(), name, "skipped (when: " + conditions(task)
                            + " is false)"));
                    continue;
                }
                if (task.action() instanceof Action.Include included) {
                    Map<String, Object> params = new HashMap<>(include);
                    params.putAll(task.vars());
                    Map<String, Object> itemScope = scopes.get(i);
                    task.loop().ifPresent(loop -> params.put(loop.loopVar(), itemScope.get(loop.loopVar())));
                    tasks(play, host, included.tasks(), vars, params, name + " | ", out);
                    continue;
                }
                out.add(new Step(play.displayName(), host.name(), name, would(play, task, scope).replace("\n", "\\n")
                        + task.delegateTo().map(d -> " [on " + render(d, scope) + "]").orElse("") + when));
            }
        }
    }

    /** "" when the task's conditions hold, null when they do not, a note when they need earlier results. */
    private String when(Task task, Map<String, Object> vars) {
        try {
            for (Text condition : task.when()) {
                if (!templates.test(condition.raw(), vars)) {
                    return null;
                }
            }
            return "";
        } catch (TemplateError e) {
            return " [when: " + conditions(task) + ", which depends on earlier results]";
        }
    }

    private static String conditions(Task task) {
        return String.join(" and ", task.when().stream().map(Text::raw).toList());
    }

    private void items(Task task, Map<String, Object> vars, List<Map<String, Object>> scopes, List<String> labels) {
        if (task.loop().isEmpty()) {
            scopes.add(vars);
            labels.add("");
            return;
        }
        Loop loop = task.loop().get();
        for (Object item : Loops.items(templates, loop, templates.lazy(vars))) {
            Map<String, Object> scope = new HashMap<>(vars);
            scope.put(loop.loopVar(), item);
            scopes.add(scope);
            labels.add(Loops.label(templates, loop, item, templates.lazy(scope)));
        }
    }

    private String would(Play play, Task task, Map<String, Object> vars) {
        if (task.options().noLog()) {
            return task.action().module() + " (hidden: no_log)";
        }
        try {
            String env = task.options().environment().isEmpty() ? ""
                    : " (environment on standard input: " + Environment.names(Environment.of(task, vars, templates)) + ")";
            return switch (task.action()) {
                case Action.Command c -> commands.prepare(play, task, c, vars).command() + env;
                case Action.Shell s -> commands.prepare(play, task, s, vars).command() + env;
                case Action.Module m -> m.module() + " " + shown(m, vars)
                        + commands.sudo(play, task, vars).map(DryRun::as).orElse("");
                case Action.Include i -> i.module() + " " + i.file().raw();
                case Action.Block b -> "block";
            };
        } catch (TemplateProblem | TemplateError e) {
            return "(depends on earlier results: " + e.getMessage() + ")";
        }
    }

    private static String as(Sudo sudo) {
        return " (as " + sudo.user() + (sudo.password().isPresent() ? ", sudo -S with the become password" : "") + ")";
    }

    private String render(Text text, Map<String, Object> vars) {
        try {
            return templates.render(text.raw(), vars);
        } catch (TemplateError e) {
            return text.raw();
        }
    }

    private static String loopText(Task task) {
        return task.loop().map(l -> l.items() instanceof Text t ? t.raw() : String.valueOf(l.items())).orElse("");
    }

    /** A module's filled arguments, its secret ones (a password) hidden as Ansible hides them. */
    private Object shown(Action.Module m, Map<String, Object> vars) {
        Map<String, Object> args = new java.util.LinkedHashMap<>();
        m.args().forEach((name, value) -> args.put(name, m.implementation().spec().arg(name)
                .filter(herd.engine.module.Arg::noLog).isPresent() ? herd.engine.module.Arg.HIDDEN : value));
        return templates.value(args, vars);
    }
}
