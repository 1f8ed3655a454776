package herd.engine.run;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import herd.engine.inventory.Host;
import herd.engine.inventory.HostPattern;
import herd.engine.inventory.Inventory;
import herd.engine.load.InputException;
import herd.engine.load.Position;
import herd.engine.load.Problem;
import herd.engine.playbook.Play;
import herd.engine.playbook.Playbook;
import herd.engine.playbook.Task;
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
        this.templates = templates;
        this.commands = new CommandBuilder(templates);
    }

    public Plan plan(Playbook playbook, Inventory inventory, Optional<String> limit, Map<String, Object> extraVars) {
        List<Problem> problems = new ArrayList<>();
        Set<String> limited = limit.map(l -> names(HostPattern.parse(l).select(inventory))).orElse(null);
        List<PlannedPlay> plays = new ArrayList<>();
        Map<String, Endpoint> endpoints = new LinkedHashMap<>();
        for (Play play : playbook.plays()) {
            List<Host> hosts = hosts(play, inventory, limited, extraVars, problems);
            List<String> hostNames = hosts.stream().map(Host::name).toList();
            for (Host host : hosts) {
                Map<String, Object> vars = Scope.of(inventory, host, play, hostNames, extraVars);
                check(play, host, vars, endpoints, problems);
            }
            plays.add(new PlannedPlay(play, hosts));
        }
        if (!problems.isEmpty()) {
            throw new InputException(problems);
        }
        return new Plan(playbook, inventory, plays, extraVars, endpoints);
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
        return hosts;
    }

    private void check(Play play, Host host, Map<String, Object> vars, Map<String, Endpoint> endpoints,
                       List<Problem> problems) {
        if (!endpoints.containsKey(host.name())) {
            try {
                endpoints.put(host.name(), Endpoints.of(host, vars, commands, play.position()));
            } catch (TemplateProblem e) {
                add(problems, e.text().position(), e.getMessage(), host);
            }
        }
        for (Task task : play.tasks()) {
            try {
                commands.prepare(play, task, vars);
            } catch (TemplateProblem e) {
                add(problems, e.text().position(), e.getMessage(), host);
            }
            if (task.name().isPresent()) {
                try {
                    commands.render(task.name().get(), vars);
                } catch (TemplateProblem e) {
                    add(problems, e.text().position(), e.getMessage(), host);
                }
            }
        }
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
