package herd.engine.run;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import herd.engine.event.Event;
import herd.engine.event.Status;
import herd.engine.event.StepResult;
import herd.engine.inventory.Host;
import herd.engine.module.Outcome;
import herd.engine.module.Trait;
import herd.engine.playbook.Action;
import herd.engine.playbook.Play;
import herd.engine.playbook.Task;

/**
 * One task on one host, with everything around the module: the delegate, the journal (a step the
 * resumed run completed is not run again), what the step registers and sets, the handlers it
 * notifies, the load-balancer servers it touches, and what a rescue section sees of a failure.
 */
final class StepRunner {
    private final RunState run;
    private final StepExecutor executor;
    /** Runs the steps that put the load balancer back after an interrupt: they have a stop of their own. */
    private final StepExecutor restoreExecutor;
    private final Journal.Completed completed;
    private final Journal journal;

    StepRunner(RunState run, Journal.Completed completed, Journal journal) {
        this.run = run;
        this.executor = new StepExecutor(run.commands, run.stop, run.options.modes(), run::editInventory);
        this.restoreExecutor = new StepExecutor(run.commands, new Stop(), RunOptions.Modes.NONE, (host, result) -> false);
        this.completed = completed;
        this.journal = journal;
    }

    /** include_vars: its ansible_facts are variables of the host, not facts. */
    static boolean givesVariables(Task task) {
        return task.action() instanceof Action.Module m && m.implementation().traits().contains(Trait.GIVES_VARIABLES);
    }

    /**
     * The journal failed: said at once; the batch running now goes on to its end (a client that was
     * stopped is started and put back in the pool), then no further batch or play starts.
     */
    private void halt(Play play, String why) {
        synchronized (run) {
            if (run.halted != null) {
                return;
            }
            run.halted = why;
        }
        run.emit(new Event.PlayAborted(play.displayName(), why + "; the batch running now finishes, then the run"
                + " stops: a resumed run would not know what this run did after this point"));
    }

    /** True for a meta task: it steers the run, shows only when skipped and is never journaled. */
    static boolean steers(Task task) {
        return task.action() instanceof Action.Module m && m.implementation().traits().contains(Trait.STEERS_RUN);
    }

    StepResult step(Play play, Task task, Host host, Map<String, Object> vars, boolean rescues, String prefix) {
        Instant start = Instant.now();
        long t0 = System.nanoTime();
        String taskName = taskName(task, vars);
        String key = Journal.key(play, task, prefix, host.name());
        Journal.Done done = run.restoring ? null : completed.steps().get(key);
        if (done != null) {
            return resumed(play, task, host, key, taskName, done);
        }
        Outcome outcome;
        String delegate = host.name();
        try {
            String on = task.delegateTo().isPresent()
                    ? run.commands.render(task.delegateTo().get(), run.templates.lazy(vars)) : host.name();
            Optional<String> login = login(task, on, vars);
            outcome = run.endpoint(on).isPresent()
                    ? (run.restoring ? restoreExecutor : executor).run(play, task, vars,
                            HostExec.over(() -> run.contact(on, login)))
                    : Outcome.failed("delegate_to: '" + on + "' is not a host of the inventory");
            delegate = on;
        } catch (TemplateProblem e) {
            outcome = Outcome.failed("delegate_to: " + e.getMessage());
        }
        boolean cutShort = run.ended.get() && !run.restoring;
        if (cutShort && outcome.status() != Status.OK && outcome.status() != Status.CHANGED) {
            outcome = outcome.withStatus(Status.FAILED, Optional.of("interrupted: herd was asked to stop while this step ran"));
        }
        run.pool.track(play, task, host, vars, outcome);
        if (outcome.status() != Status.SKIPPED) {
            outcome.control().ifPresent(control -> run.controls.put(host.name(), control));
        }
        Map<String, Object> hostFacts = run.facts(host.name());
        // delegate_facts: what the task sets belongs to the host it was delegated to, as in Ansible
        (task.options().delegateFacts() ? run.facts(delegate) : hostFacts).putAll(outcome.facts());
        boolean returnsFacts = outcome.result().get("ansible_facts") instanceof Map<?, ?> && !givesVariables(task);
        if (returnsFacts && !outcome.failed()) {
            @SuppressWarnings("unchecked")
            Map<String, Object> returned = (Map<String, Object>) outcome.result().get("ansible_facts");
            run.factCache.add(task.options().delegateFacts() ? delegate : host.name(), returned);
        }
        Map<String, Object> registered = outcome.result();
        task.register().ifPresent(name -> hostFacts.put(name, registered));
        boolean ignored = outcome.status() == Status.FAILED && task.ignoreErrors() && !cutShort
                || outcome.status() == Status.UNREACHABLE && task.options().ignoreUnreachable();
        if (outcome.status() == Status.FAILED && !ignored) {
            // what a rescue section sees, as in Ansible
            hostFacts.put("ansible_failed_result", registered);
            hostFacts.put("ansible_failed_task", Map.of("name", taskName));
        }
        if (outcome.status() == Status.CHANGED) {
            notify(task, host);
        }
        boolean completes = outcome.status() == Status.OK || outcome.status() == Status.CHANGED
                || outcome.status() == Status.SKIPPED || ignored;
        // a step that gathered facts is done again by a resumed run: the journal does not keep facts
        if (journal != null && completes && !run.restoring && !steers(task) && !task.options().noLog() && !returnsFacts) {
            // a no_log step is never written: its result stays out of the journal, and a resumed run does it again
            journal.done(key, host.name(), taskName, outcome.status(), task.register(), registered, outcome.facts());
            journal.broken().ifPresent(why -> halt(play, why));
        }
        StepResult step = new StepResult(host.name(), play.displayName(), taskName, outcome.status(), outcome.rc(),
                outcome.stdout(), outcome.stderr(), outcome.message().filter(m -> !m.isEmpty()), ignored, start,
                Duration.ofNanos(System.nanoTime() - t0), outcome.items(),
                rescues && outcome.status() == Status.FAILED && !ignored && !cutShort,
                Boolean.TRUE.equals(outcome.result().get("changed")), Diffs.of(outcome.result()),
                task.options().noLog() ? List.of() : Diffs.warnings(outcome.result()));
        return task.options().noLog() ? censored(step) : step;
    }

    /**
     * The task's remote_user (or its blocks'), unless the host's variables name the login user:
     * ansible_user wins over the keyword, as in Ansible.
     */
    private Optional<String> login(Task task, String on, Map<String, Object> vars) throws TemplateProblem {
        if (task.options().remoteUser().isEmpty()) {
            return Optional.empty();
        }
        Map<String, Object> hostVars = run.inventory().hostvars().getOrDefault(on, Map.of());
        if (hostVars.containsKey("ansible_user") || hostVars.containsKey("ansible_ssh_user")) {
            return Optional.empty();
        }
        return Optional.of(run.commands.render(task.options().remoteUser().get(), run.templates.lazy(vars)));
    }

    /** Ansible's words for a result that no_log hides. */
    static final String CENSORED = "the output has been hidden due to the fact that 'no_log: true' was specified for this result";

    /**
     * A no_log step as every output and report shows it: its status and whether it changed, no
     * output, no exit code, no loop items, the censor's words. What it registered stays for later
     * tasks, as in Ansible.
     */
    private static StepResult censored(StepResult step) {
        return new StepResult(step.host(), step.play(), step.task(), step.status(), OptionalInt.empty(), "", "",
                Optional.of(CENSORED), step.ignored(), step.start(), step.duration(), List.of(), step.rescued(),
                step.changed());
    }

    /** Records a step as Ansible shows it: a meta task only when skipped (uncounted) or failed. */
    void record(Task task, StepResult step) {
        if (!steers(task) || step.status() == Status.FAILED || step.status() == Status.UNREACHABLE) {
            run.record(step);
        } else if (step.status() == Status.SKIPPED) {
            run.recordUncounted(step);
        }
    }

    /** The task's name as Ansible shows it: templates filled, a role's task as "role : task". */
    String taskName(Task task, Map<String, Object> vars) {
        String role = task.role().map(r -> r.name() + " : ").orElse("");
        if (task.name().isEmpty()) {
            return role + task.displayName();
        }
        try {
            return role + run.commands.render(task.name().get(), run.templates.lazy(vars));
        } catch (TemplateProblem e) {
            return role + task.name().get().raw();
        }
    }

    private void notify(Task task, Host host) {
        if (!task.notifications().isEmpty()) {
            Set<String> topics = run.notified.computeIfAbsent(host.name(), h -> ConcurrentHashMap.newKeySet());
            task.notifications().forEach(n -> topics.add(n.raw()));
        }
    }

    /**
     * A step the run being resumed completed: not run again; what it registered and set is restored,
     * its handlers are notified again (the broken run may not have run them), and this run's journal
     * keeps it, so a run resumed from this one skips it too.
     */
    private StepResult resumed(Play play, Task task, Host host, String key, String taskName, Journal.Done done) {
        Map<String, Object> hostFacts = run.facts(host.name());
        hostFacts.putAll(done.facts());
        done.register().ifPresent(name -> hostFacts.put(name, done.registered()));
        if (done.status() == Status.CHANGED) {
            notify(task, host);
        }
        if (journal != null) {
            journal.done(key, host.name(), taskName, done.status(), done.register(), done.registered(), done.facts());
        }
        return new StepResult(host.name(), play.displayName(), taskName, done.status(), OptionalInt.empty(), "", "",
                Optional.of("done by the run this one resumes"), false, Instant.now(), Duration.ZERO, List.of());
    }
}
