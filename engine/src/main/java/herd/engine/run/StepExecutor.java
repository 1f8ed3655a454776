package herd.engine.run;

import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

import herd.engine.event.ItemResult;
import herd.engine.event.Status;
import herd.engine.module.Arg;
import herd.engine.module.Module;
import herd.engine.module.ModuleCall;
import herd.engine.module.Outcome;
import herd.engine.module.Trait;
import herd.engine.playbook.Action;
import herd.engine.playbook.Loop;
import herd.engine.playbook.Play;
import herd.engine.playbook.Task;
import herd.engine.playbook.TaskOptions;
import herd.engine.playbook.Text;
import herd.engine.playbook.Until;
import herd.engine.template.TemplateError;
import herd.engine.template.Templates;
import herd.engine.transport.ExecResult;
import herd.engine.transport.UnreachableException;

/**
 * Runs one task on one host as Ansible does: {@code when} first, then the module, retried while
 * {@code until} does not hold, with {@code changed_when} and {@code failed_when} deciding the status
 * when given. Never throws: every way a step can end is an {@link Outcome}.
 */
final class StepExecutor {
    private static final DateTimeFormatter ANSIBLE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS");

    private final CommandBuilder commands;
    private final Templates templates;
    private final Stop stop;
    private final RunOptions.Modes modes;
    private final InventoryEdits inventory;

    /** Makes the inventory change a module's result asks for; true when the inventory changed. */
    interface InventoryEdits {
        boolean apply(String host, Map<String, Object> result) throws TemplateProblem;
    }

    StepExecutor(CommandBuilder commands, Stop stop, RunOptions.Modes modes, InventoryEdits inventory) {
        this.commands = commands;
        this.templates = commands.templates();
        this.stop = stop;
        this.modes = modes;
        this.inventory = inventory;
    }

    /** Whether the task runs in check mode: its own check_mode (or its blocks', play's), else --check. */
    private boolean checkMode(Task task) {
        return task.options().checkMode().orElse(modes.check());
    }

    private boolean diffMode(Task task) {
        return task.options().diff().orElse(modes.diff()) && !task.options().noLog();
    }

    /**
     * Runs the task with the host's variables as plain values; every scope the step builds (each
     * item, each registered result) gets its own lazily resolved copy, so templates always see it.
     */
    Outcome run(Play play, Task task, Map<String, Object> vars, HostExec host) {
        if (task.loop().isEmpty()) {
            return item(play, task, vars, host);
        }
        Loop loop = task.loop().get();
        List<?> items;
        try {
            items = Loops.items(templates, loop, templates.lazy(vars));
        } catch (TemplateError e) {
            return Outcome.failed(loop.position() + ": loop: " + e.getMessage());
        }
        List<ItemResult> results = new ArrayList<>();
        List<Object> registered = new ArrayList<>();
        Duration pause;
        try {
            pause = loop.pauseTemplate().isPresent()
                    ? Duration.ofSeconds(number(loop.pauseTemplate(), templates.lazy(vars), 0)) : loop.pause();
        } catch (TemplateError e) {
            return Outcome.failed(loop.position() + ": loop_control.pause: " + e.getMessage());
        }
        for (int index = 0; index < items.size(); index++) {
            if (index > 0 && !pause.isZero() && !stop.sleep(pause) || stop.requested()) {
                break;
            }
            Object item = items.get(index);
            Map<String, Object> itemVars = new HashMap<>(vars);
            itemVars.put(loop.loopVar(), item);
            loop.indexVar().ifPresent(name -> itemVars.put(name, (long) registered.size()));
            Outcome outcome = item(play, task, itemVars, host);
            if (outcome.status() == Status.UNREACHABLE) {
                return outcome;
            }
            String label = Loops.label(templates, loop, item, templates.lazy(itemVars));
            results.add(new ItemResult(label, outcome.status(), outcome.rc(), outcome.stdout(), outcome.stderr(),
                    outcome.message().filter(m -> !m.isEmpty())));
            Map<String, Object> itemResult = new LinkedHashMap<>(outcome.result());
            itemResult.put(loop.loopVar(), item);
            itemResult.put("ansible_loop_var", loop.loopVar());
            registered.add(itemResult);
        }
        return aggregate(results, registered);
    }

    /** A looped task's outcome: failed if an item failed, changed if one changed, as Ansible's. */
    private static Outcome aggregate(List<ItemResult> items, List<Object> registered) {
        boolean failed = items.stream().anyMatch(i -> i.status() == Status.FAILED);
        boolean changed = items.stream().anyMatch(i -> i.status() == Status.CHANGED);
        boolean allSkipped = !items.isEmpty() && items.stream().allMatch(i -> i.status() == Status.SKIPPED);
        Status status = failed ? Status.FAILED : changed ? Status.CHANGED : allSkipped ? Status.SKIPPED : Status.OK;
        String msg = failed ? "One or more items failed" : "All items completed";
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("changed", changed);
        result.put("failed", failed);
        if (allSkipped) {
            result.put("skipped", true);
        }
        result.put("msg", msg);
        result.put("results", registered);
        return new Outcome(status, OptionalInt.empty(), "", "", failed ? Optional.of(msg) : Optional.empty(), result,
                Map.of(), items);
    }

    /** One run of the task (one item of a loop): when, the module, retries, changed/failed_when. */
    private Outcome item(Play play, Task task, Map<String, Object> plain, HostExec host) {
        Map<String, Object> vars = templates.lazy(plain);
        try {
            if (!Loops.allHold(templates, task.when(), vars)) {
                return task.action() instanceof Action.Module m ? m.implementation().whenFalse(m.args(), vars)
                        : Outcome.of(Status.SKIPPED, Module.SKIPPED).with("skip_reason", Module.SKIPPED);
            }
        } catch (TemplateError e) {
            return Outcome.failed("when: " + e.getMessage());
        }
        int attempts;
        Duration delay;
        try {
            attempts = task.until().isEmpty() ? 1 : Until.attempts(number(task.until().get().retriesTemplate(), vars,
                    task.until().get().retries()));
            delay = task.until().isEmpty() ? Duration.ZERO : task.until().get().delayTemplate().isPresent()
                    ? Duration.ofSeconds(number(task.until().get().delayTemplate(), vars, 0)) : task.until().get().delay();
        } catch (TemplateError e) {
            return Outcome.failed("retries/delay: " + e.getMessage());
        }
        Outcome outcome = null;
        for (int attempt = 1; attempt <= attempts; attempt++) {
            outcome = edited(task, vars, once(play, task, vars, host));
            if (outcome.status() == Status.UNREACHABLE) {
                return outcome;
            }
            if (task.until().isPresent()) {
                outcome = outcome.with("attempts", attempt);
            }
            outcome = judge(task, plain, outcome);
            if (task.until().isEmpty() || holds(task.until().get(), task, plain, outcome)) {
                return outcome;
            }
            if (attempt == attempts) {
                return outcome.withStatus(Status.FAILED, Optional.of("still not true after " + attempts + " attempts: "
                        + String.join(" and ", task.until().get().conditions().stream().map(Text::raw).toList())
                        + outcome.message().map(m -> " (last: " + m + ")").orElse("")));
            }
            if (!stop.sleep(delay)) {
                return outcome.withStatus(Status.FAILED, Optional.of("interrupted while waiting to retry"));
            }
        }
        return outcome;
    }

    /** add_host, group_by: the inventory changes now, and the step is changed when it did, as in Ansible. */
    private Outcome edited(Task task, Map<String, Object> vars, Outcome outcome) {
        if (!(task.action() instanceof Action.Module m) || !m.implementation().traits().contains(Trait.EDITS_INVENTORY)
                || outcome.status() != Status.OK && outcome.status() != Status.CHANGED) {
            return outcome;
        }
        try {
            boolean changed = inventory.apply(String.valueOf(vars.get("inventory_hostname")), outcome.result());
            return outcome.withStatus(changed ? Status.CHANGED : Status.OK, Optional.empty());
        } catch (TemplateProblem | IllegalArgumentException e) {
            return outcome.withStatus(Status.FAILED, Optional.of(e.getMessage()));
        }
    }

    private int number(Optional<Text> template, Map<String, Object> vars, int fallback) {
        if (template.isEmpty()) {
            return fallback;
        }
        String value = templates.render(template.get().raw(), vars).trim();
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new TemplateError(template.get().position() + ": '" + value + "' is not a whole number");
        }
    }

    private Outcome once(Play play, Task task, Map<String, Object> vars, HostExec host) {
        try {
            return switch (task.action()) {
                case Action.Command c -> task.options().async().isPresent() ? async(play, task, c, vars, host)
                        : command(commands.prepare(play, task, c, vars, Environment.of(task, vars, templates)), task, host,
                        checkMode(task));
                case Action.Shell s -> task.options().async().isPresent() ? async(play, task, s, vars, host)
                        : command(commands.prepare(play, task, s, vars, Environment.of(task, vars, templates)), task, host,
                        checkMode(task));
                case Action.Module m -> module(play, task, m, vars, host);
                case Action.Include i -> Outcome.failed("include_tasks runs through the runner, not as a module");
                case Action.Block b -> Outcome.failed("a block runs through the runner, not as a module");
            };
        } catch (TemplateProblem e) {
            return Outcome.failed(e.text().position() + ": " + e.getMessage());
        } catch (TemplateError e) {
            return Outcome.failed(e.getMessage());
        } catch (Sudo.BecomeRefused e) {
            return refused(task, vars, e);
        } catch (UnreachableException e) {
            Outcome unreachable = Outcome.of(Status.UNREACHABLE, e.getMessage());
            return new Outcome(Status.UNREACHABLE, OptionalInt.empty(), e.stdout(), e.stderr(), unreachable.message(),
                    unreachable.result(), Map.of());
        }
    }

    /** The password was wrong: say so, on which host, and where the password came from; never the password. */
    private Outcome refused(Task task, Map<String, Object> vars, Sudo.BecomeRefused e) {
        String host = String.valueOf(vars.get("inventory_hostname"));
        if (task.delegateTo().isPresent()) {
            try {
                host = templates.render(task.delegateTo().get().raw(), vars);
            } catch (TemplateError ignored) {
                // the runner rendered it already to get here; keep the inventory host
            }
        }
        String msg = "the become password was refused on host " + host + " (" + e.sudoSays() + "): check -K, "
                + "HERD_BECOME_PASSWORD or the host's ansible_become_password";
        ExecResult r = e.result();
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("changed", false);
        result.put("failed", true);
        result.put("rc", r.rc());
        result.put("stdout", r.stdout());
        result.put("stderr", r.stderr());
        result.put("msg", msg);
        return new Outcome(Status.FAILED, OptionalInt.of(r.rc()), r.stdout(), r.stderr(), Optional.of(msg), result,
                Map.of());
    }

    private Outcome module(Play play, Task task, Action.Module module, Map<String, Object> vars, HostExec host)
            throws TemplateProblem, UnreachableException {
        Map<String, Object> args = new LinkedHashMap<>();
        for (Map.Entry<String, Object> arg : module.args().entrySet()) {
            boolean expression = module.implementation().spec().arg(arg.getKey())
                    .filter(a -> a.type() == Arg.Type.EXPRESSION).isPresent();
            Object value = expression ? arg.getValue() : templates.value(arg.getValue(), vars);
            if (!Templates.isOmit(value)) {
                args.put(arg.getKey(), value);
            }
        }
        for (Map.Entry<String, Object> arg : args.entrySet()) {
            Optional<String> wrong = module.implementation().spec().arg(arg.getKey()).flatMap(a -> a.problem(arg.getValue()));
            if (wrong.isPresent()) {
                return Outcome.failed("'" + arg.getKey() + "' of " + module.module() + " " + wrong.get());
            }
        }
        Module implementation = module.implementation();
        boolean check = checkMode(task);
        if (check && !implementation.traits().contains(Trait.CHECK_MODE)
                && !implementation.traits().contains(Trait.CONTROLLER)) {
            return Outcome.of(Status.SKIPPED, "remote module (" + implementation.name() + ") does not support check mode");
        }
        StepTarget target = new StepTarget(host, commands.sudo(play, task, vars), task.timeout(), stop,
                Environment.of(task, vars, templates));
        return implementation.run(new ModuleCall(args, vars, templates, target, check, diffMode(task),
                task.options().noLog()));
    }

    /**
     * A command or shell task with {@code async}: with {@code poll} above 0 herd waits for it on its
     * connection, up to the async seconds (Ansible polls a background job; the outcome is the same);
     * with {@code poll: 0} it starts in the background on the host and async_status reads its result.
     */
    private Outcome async(Play play, Task task, Action action, Map<String, Object> vars, HostExec host)
            throws TemplateProblem, UnreachableException {
        if (checkMode(task)) {
            return Outcome.failed("check mode and async cannot be used on same task.");
        }
        TaskOptions.Async async = task.options().async().orElseThrow();
        int seconds = number(Optional.of(async.seconds()), vars, 0);
        int poll = number(async.poll(), vars, 15);
        // Ansible's shape: j, twelve digits, the controller's pid
        String jobId = "j" + java.util.concurrent.ThreadLocalRandom.current().nextLong(100_000_000_000L, 1_000_000_000_000L)
                + "." + ProcessHandle.current().pid();
        Map<String, String> env = Environment.of(task, vars, templates);
        if (poll > 0) {
            Duration asyncLimit = Duration.ofSeconds(seconds);
            Task limited = seconds <= 0 ? task : task.withTimeout(Optional.of(task.timeout()
                    .filter(t -> t.compareTo(asyncLimit) < 0).orElse(asyncLimit)));
            Outcome done = command(commands.prepare(play, limited, action, vars, env, Optional.empty()), limited, host,
                    false);
            if (done.failed() && done.rc().isEmpty() && seconds > 0) {
                // as Ansible's: the poll's verdict, not the command's result (nothing says it changed)
                return done.withStatus(Status.FAILED, Optional.of("async task did not complete within the requested time - "
                        + seconds + "s")).with("changed", false).with("ansible_job_id", jobId).with("finished", 0);
            }
            return done.with("ansible_job_id", jobId).with("finished", 1);
        }
        PreparedCommand prepared = commands.prepare(play, task, action, vars, env,
                Optional.of(new CommandBuilder.Detach(jobId, seconds)));
        if (prepared.guard().isPresent()) {
            PreparedCommand.Guard guard = prepared.guard().get();
            ExecResult test = Sudo.exec(host, guard.line(), Optional.empty(), task.timeout(), prepared.password());
            if ((test.rc() == 0) == guard.skipWhenTrue()) {
                return skippedByGuard(guard.message());
            }
        }
        ExecResult r = Sudo.exec(host, prepared.line(), prepared.stdin(), task.timeout(), prepared.password());
        if (r.rc() != 0 || !r.stdout().startsWith("{")) {
            return Outcome.failed("the async job did not start: " + (r.stderr().isBlank() ? r.stdout() : r.stderr()).strip());
        }
        try {
            @SuppressWarnings("unchecked")
            Map<String, Object> started = new com.fasterxml.jackson.databind.ObjectMapper().readValue(r.stdout(), Map.class);
            return Outcome.fromResult(started);
        } catch (java.io.IOException e) {
            return Outcome.failed("the async job did not start: " + r.stdout());
        }
    }

    private static Outcome command(PreparedCommand prepared, Task task, HostExec host, boolean check)
            throws UnreachableException {
        if (prepared.guard().isPresent()) {
            PreparedCommand.Guard guard = prepared.guard().get();
            ExecResult test = Sudo.exec(host, guard.line(), Optional.empty(), task.timeout(), prepared.password());
            if ((test.rc() == 0) == guard.skipWhenTrue()) {
                return skippedByGuard(guard.message());
            }
        }
        if (check) {
            return wouldRun(prepared.guard().isPresent());
        }
        LocalDateTime start = LocalDateTime.now();
        long t0 = System.nanoTime();
        ExecResult r = Sudo.exec(host, prepared.line(), prepared.stdin(), task.timeout(), prepared.password());
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        Map<String, Object> result = new LinkedHashMap<>();
        Optional<String> message = Optional.empty();
        if (r.timedOut()) {
            message = Optional.of("the command did not finish within the task's timeout of "
                    + task.timeout().map(Duration::toSeconds).orElse(0L) + " s and was stopped");
        } else if (r.rc() != 0) {
            message = Optional.of("non-zero return code");
        }
        boolean failed = r.timedOut() || r.rc() != 0;
        result.put("changed", true);
        result.put("failed", failed);
        result.put("rc", r.timedOut() ? null : r.rc());
        result.put("stdout", r.stdout());
        result.put("stdout_lines", Outcome.lines(r.stdout()));
        result.put("stderr", r.stderr());
        result.put("stderr_lines", Outcome.lines(r.stderr()));
        result.put("start", ANSIBLE_TIME.format(start));
        result.put("end", ANSIBLE_TIME.format(start.plus(took)));
        result.put("delta", delta(took));
        result.put("msg", message.orElse(""));
        return new Outcome(failed ? Status.FAILED : Status.CHANGED, r.timedOut() ? OptionalInt.empty() : OptionalInt.of(r.rc()),
                r.stdout(), r.stderr(), message, result, Map.of());
    }

    /**
     * Check mode, as Ansible's command module has it: the command does not run; with creates or
     * removes (which did not hold) it would have changed something, without them the task is skipped.
     */
    private static Outcome wouldRun(boolean guarded) {
        String message = "Command would have run if not in check mode";
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("changed", guarded);
        result.put("failed", false);
        if (!guarded) {
            result.put("skipped", true);
        }
        result.put("rc", 0);
        result.put("stdout", "");
        result.put("stdout_lines", List.of());
        result.put("stderr", "");
        result.put("stderr_lines", List.of());
        result.put("msg", message);
        return new Outcome(guarded ? Status.CHANGED : Status.SKIPPED, OptionalInt.of(0), "", "", Optional.of(message),
                result, Map.of());
    }

    /** creates/removes held: as Ansible's command module, rc 0 and the reason as stdout. */
    private static Outcome skippedByGuard(String message) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("changed", false);
        result.put("failed", false);
        result.put("rc", 0);
        result.put("stdout", message);
        result.put("stdout_lines", List.of(message));
        result.put("stderr", "");
        result.put("stderr_lines", List.of());
        result.put("msg", message);
        return new Outcome(Status.OK, OptionalInt.of(0), message, "", Optional.of(message), result, Map.of());
    }

    /** Applies changed_when, then failed_when, with the result bound to the register name. */
    private Outcome judge(Task task, Map<String, Object> vars, Outcome outcome) {
        if (outcome.status() == Status.SKIPPED || task.changedWhen().isEmpty() && task.failedWhen().isEmpty()) {
            return outcome;
        }
        Map<String, Object> scope = bound(task, vars, outcome);
        try {
            Outcome judged = outcome;
            if (!task.changedWhen().isEmpty()) {
                boolean changed = Loops.allHold(templates, task.changedWhen(), scope);
                Status status = judged.status() == Status.FAILED ? Status.FAILED : changed ? Status.CHANGED : Status.OK;
                judged = judged.withStatus(status, Optional.empty()).with("changed", changed);
                scope = bound(task, vars, judged);
            }
            if (!task.failedWhen().isEmpty()) {
                boolean failed = Loops.allHold(templates, task.failedWhen(), scope);
                boolean changed = Boolean.TRUE.equals(judged.result().get("changed"));
                Status status = failed ? Status.FAILED : changed ? Status.CHANGED : Status.OK;
                judged = judged.withStatus(status, failed ? judged.message().or(() -> Optional.of("failed_when held"))
                        : Optional.of(judged.message().filter(m -> !m.equals("non-zero return code")).orElse("")))
                        .with("failed_when_result", failed);
            }
            return judged;
        } catch (TemplateError e) {
            return outcome.withStatus(Status.FAILED, Optional.of("changed_when/failed_when: " + e.getMessage()));
        }
    }

    private boolean holds(Until until, Task task, Map<String, Object> vars, Outcome outcome) {
        try {
            return Loops.allHold(templates, until.conditions(), bound(task, vars, outcome));
        } catch (TemplateError e) {
            return false;
        }
    }


    /** The variables with the result bound to the register name, for changed_when, failed_when, until. */
    private Map<String, Object> bound(Task task, Map<String, Object> plain, Outcome outcome) {
        Map<String, Object> scope = new HashMap<>(plain);
        task.register().ifPresent(name -> scope.put(name, outcome.result()));
        return templates.lazy(scope);
    }

    private static String delta(Duration d) {
        long micros = d.toNanos() / 1000;
        return String.format("%d:%02d:%02d.%06d", micros / 3_600_000_000L, micros / 60_000_000 % 60,
                micros / 1_000_000 % 60, micros % 1_000_000);
    }
}
