package herd.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import herd.engine.event.Listener;
import herd.engine.inventory.Inventories;
import herd.engine.load.InputException;
import herd.engine.load.Problem;
import herd.engine.inventory.Inventory;
import herd.engine.playbook.Playbook;
import herd.engine.playbook.PlaybookLoader;
import herd.engine.run.Plan;
import herd.engine.run.Planner;
import herd.engine.run.RunOptions;
import herd.engine.run.RunRequest;
import herd.engine.run.Runner;
import herd.engine.template.Templates;
import herd.engine.transport.Endpoint;
import herd.engine.transport.local.LocalTransport;
import herd.engine.transport.ssh.SshTransports;

/**
 * The engine's front door: load and check everything into a {@link Plan}, then make the
 * {@link Runner} that executes it. Loading throws {@link herd.engine.load.InputException} for bad
 * input, before any host is contacted.
 */
public final class Herd {
    private final Templates templates = new Templates();
    private final herd.engine.run.Prompter prompter;

    /** An engine that asks nobody: vars_prompt takes defaults or -e values. */
    public Herd() {
        this(herd.engine.run.Prompter.NONE);
    }

    /** @param prompter who answers vars_prompt (the command line's terminal) */
    public Herd(herd.engine.run.Prompter prompter) {
        this.prompter = prompter;
    }

    public Plan plan(RunRequest request) {
        List<Problem> problems = new ArrayList<>();
        Inventory inventory = loading(problems, () -> Inventories.load(request.inventories(),
                java.util.Optional.of(request.playbook().toAbsolutePath().getParent())));
        Playbook playbook = loading(problems, () -> PlaybookLoader.load(request.playbook(), request.rolesPath(),
                request.modules().bridge()));
        if (!problems.isEmpty()) {
            throw new InputException(problems);
        }
        // Ansible's option variables: --check and --diff as the playbook sees them
        java.util.Map<String, Object> vars = new java.util.LinkedHashMap<>();
        vars.put("ansible_check_mode", request.options().modes().check());
        vars.put("ansible_diff_mode", request.options().modes().diff());
        vars.putAll(request.extraVars());
        return new Planner(templates, request.options().become(), prompter, request.options().gathering())
                .plan(playbook, inventory, request.limit(), vars, request.tags());
    }

    /** Loads one input, keeping its problems so that the inventory's and the playbook's are reported together. */
    private static <T> T loading(List<Problem> problems, java.util.function.Supplier<T> load) {
        try {
            return load.get();
        } catch (InputException e) {
            problems.addAll(e.problems());
            return null;
        }
    }

    /** What --dry-run prints: the command of every task on every host; nothing runs. */
    public java.util.List<herd.engine.run.DryRun.Step> dryRun(Plan plan) {
        return new herd.engine.run.DryRun(templates).steps(plan);
    }

    /** What --dry-run prints for this request: with a become password, sudo reads it (never shown). */
    public java.util.List<herd.engine.run.DryRun.Step> dryRun(Plan plan, RunRequest request) {
        return new herd.engine.run.DryRun(templates, request.options().becomePassword(), request.options().become())
                .steps(plan);
    }

    public Runner runner(RunRequest request, Listener listener) {
        return new Runner(request.options(),
                Map.of(Endpoint.Kind.SSH, new SshTransports(request.connect()),
                        Endpoint.Kind.LOCAL, endpoint -> new LocalTransport()),
                templates, listener);
    }
}
