package herd.engine;

import java.util.Map;

import herd.engine.event.Listener;
import herd.engine.inventory.Inventories;
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

    public Plan plan(RunRequest request) {
        Inventory inventory = Inventories.load(request.inventories(), java.util.Optional.of(request.playbook().toAbsolutePath().getParent()));
        Playbook playbook = PlaybookLoader.load(request.playbook());
        return new Planner(templates).plan(playbook, inventory, request.limit(), request.extraVars());
    }

    /** What --check prints: the command of every task on every host; nothing runs. */
    public java.util.List<herd.engine.run.DryRun.Step> dryRun(Plan plan) {
        return new herd.engine.run.DryRun(templates).steps(plan);
    }

    public Runner runner(RunRequest request, Listener listener) {
        return new Runner(new RunOptions(request.forks()),
                Map.of(Endpoint.Kind.SSH, new SshTransports(request.connect()),
                        Endpoint.Kind.LOCAL, endpoint -> new LocalTransport()),
                templates, listener);
    }
}
