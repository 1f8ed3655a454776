package herd.engine.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import herd.engine.event.Event;
import herd.engine.event.RunResult;
import herd.engine.event.Status;
import herd.engine.event.StepResult;
import herd.engine.inventory.Inventory;
import herd.engine.inventory.YamlInventory;
import herd.engine.playbook.PlaybookLoader;
import herd.engine.template.Templates;
import herd.engine.transport.Endpoint;
import herd.engine.transport.TransportFactory;

/**
 * A whole run in a test: the playbook and inventory written to a folder, loaded, planned and run
 * on the test's transports, every event kept.
 */
final class TestRun {
    private final Path dir;
    private final Templates templates = new Templates();
    final List<Event> events = Collections.synchronizedList(new ArrayList<>());
    private Map<String, Object> extraVars = Map.of();
    private int forks = 20;
    private TagFilter tags = TagFilter.ALL;
    private Optional<BecomePassword> becomePassword = Optional.empty();
    private LockOptions lock = LockOptions.OFF;
    private java.util.function.Consumer<Runner> started = runner -> { };
    private RunOptions.Modes modes = RunOptions.Modes.NONE;

    TestRun(Path dir) {
        this.dir = dir;
    }

    TestRun extraVars(Map<String, Object> vars) {
        this.extraVars = Map.copyOf(vars);
        return this;
    }

    TestRun tags(TagFilter filter) {
        this.tags = filter;
        return this;
    }

    TestRun becomePassword(String password) {
        this.becomePassword = Optional.of(new BecomePassword(password));
        return this;
    }

    TestRun lock(LockOptions options) {
        this.lock = options;
        return this;
    }

    /** Called with the runner just before it runs, e.g. to interrupt it from another thread. */
    TestRun whenStarted(java.util.function.Consumer<Runner> action) {
        this.started = action;
        return this;
    }

    /** --check and --diff; ansible_check_mode and ansible_diff_mode follow them, as Herd.plan sets them. */
    TestRun modes(boolean check, boolean diff) {
        this.modes = new RunOptions.Modes(check, diff);
        Map<String, Object> vars = new java.util.HashMap<>(extraVars);
        vars.put("ansible_check_mode", check);
        vars.put("ansible_diff_mode", diff);
        this.extraVars = Map.copyOf(vars);
        return this;
    }

    TestRun forks(int n) {
        this.forks = n;
        return this;
    }

    /** An inventory of hosts h1 .. hN in group all. */
    Inventory hosts(int n) throws IOException {
        StringBuilder yaml = new StringBuilder("all:\n  hosts:\n");
        for (int i = 1; i <= n; i++) {
            yaml.append("    h").append(i).append(":\n");
        }
        return inventory(yaml.toString());
    }

    Inventory inventory(String yaml) throws IOException {
        Path file = dir.resolve("inv.yml");
        Files.writeString(file, yaml);
        return YamlInventory.load(file);
    }

    Plan plan(String playbook, Inventory inventory) throws IOException {
        Path file = dir.resolve("pb.yml");
        Files.writeString(file, playbook);
        return new Planner(templates).plan(PlaybookLoader.load(file), inventory, Optional.empty(), extraVars, tags);
    }

    /** Runs on SSH endpoints answered by the fake. */
    RunResult run(String playbook, Inventory inventory, FakeTransports fake) throws IOException {
        return run(playbook, inventory, Map.of(Endpoint.Kind.SSH, fake, Endpoint.Kind.LOCAL, fake));
    }

    RunResult run(String playbook, Inventory inventory, Map<Endpoint.Kind, TransportFactory> factories)
            throws IOException {
        Plan plan = plan(playbook, inventory);
        Runner runner = new Runner(new RunOptions(forks, RunOptions.DEFAULT_GRACE, Optional.empty(), becomePassword, lock,
                Optional.empty(), Optional.empty()).withModes(modes), factories, templates, events::add);
        started.accept(runner);
        return runner.run(plan);
    }

    /** "host: task" for every step, in the order they finished. */
    static List<String> order(RunResult result) {
        return result.steps().stream().map(s -> s.host() + ": " + s.task()).toList();
    }

    /** The steps of one host, in run order. */
    static List<StepResult> steps(RunResult result, String host) {
        return result.steps().stream().filter(s -> s.host().equals(host)).toList();
    }

    static List<Status> statuses(RunResult result, String host) {
        return steps(result, host).stream().map(StepResult::status).toList();
    }

    /** The messages of one host's steps, empty text for a step without one. */
    static List<String> messages(RunResult result, String host) {
        return steps(result, host).stream().map(s -> s.message().orElse("")).toList();
    }
}
