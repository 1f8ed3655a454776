package herd.engine.playbook;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import herd.engine.load.Position;

/**
 * A play: a host pattern, variables, its sections of tasks, and the handlers those tasks may notify.
 *
 * @param hosts        the host pattern; a list written in the play is joined with ','
 * @param varsFiles    {@code vars_files} entries, read per host when the play is planned (paths may be templates)
 * @param prompts      {@code vars_prompt} entries, asked when the play is planned unless -e gives them
 * @param roleDefaults the defaults of the play's roles, merged in order: the lowest variables of the play
 * @param roleVars     the vars of the play's roles, merged in order: above play vars and vars_files
 * @param roleNames    every role of the play, dependencies too ({@code ansible_role_names})
 * @param playRoleNames the roles the play names itself ({@code ansible_play_role_names})
 * @param remoteUser   {@code remote_user}: the login user where the host's variables name none
 * @param connection   {@code connection}: how hosts are reached where their variables do not say (ssh, local)
 * @param sections     pre_tasks, then the roles' tasks and the play's tasks, then post_tasks: the
 *                     handlers notified in a section run when it ends
 * @param forceHandlers notified handlers run even on hosts that failed later
 */
public record Play(Optional<Text> name, Text hosts, Map<String, Object> vars, List<VarsFile> varsFiles,
                   List<VarPrompt> prompts,
                   Map<String, Object> roleDefaults, Map<String, Object> roleVars, List<String> roleNames,
                   List<String> playRoleNames, Become become,
                   Optional<Text> remoteUser, Optional<Text> connection, List<List<Task>> sections, List<Handler> handlers, Rolling rolling,
                   boolean forceHandlers, Gather gather, Position position) {

    /**
     * The play's fact gathering: {@code gather_facts} as written (empty when not), and the
     * "Gathering Facts" task that runs before the play's first task when the policy (ansible.cfg's
     * {@code gathering}) says so, with the play's gather_subset, gather_timeout and fact_path.
     */
    public record Gather(Optional<Boolean> gatherFacts, Task task) {
    }

    /** One {@code vars_files} entry: a file, or a list of which the first that exists is read. */
    public record VarsFile(List<Text> candidates) {
        public VarsFile {
            candidates = List.copyOf(candidates);
        }
    }

    public Play(Optional<Text> name, Text hosts, Map<String, Object> vars, Become become, List<Task> tasks,
                Position position) {
        this(name, hosts, vars, List.of(), List.of(), Map.of(), Map.of(), List.of(), List.of(), become, Optional.empty(), Optional.empty(), List.of(List.of(), tasks,
                List.of()), List.of(), Rolling.NONE, false, new Gather(Optional.of(false), Gatherings.task(Map.of(), Set.of(), position)), position);
    }

    public Play {
        vars = Collections.unmodifiableMap(new LinkedHashMap<>(vars));
        varsFiles = List.copyOf(varsFiles);
        prompts = List.copyOf(prompts);
        roleDefaults = Collections.unmodifiableMap(new LinkedHashMap<>(roleDefaults));
        roleVars = Collections.unmodifiableMap(new LinkedHashMap<>(roleVars));
        roleNames = List.copyOf(roleNames);
        playRoleNames = List.copyOf(playRoleNames);
        sections = sections.stream().map(List::copyOf).toList();
        handlers = List.copyOf(handlers);
    }

    /** Every task of every section, in the order they run. */
    public List<Task> tasks() {
        List<Task> all = new ArrayList<>();
        sections.forEach(all::addAll);
        return all;
    }

    /** The tasks the playbook writes, in order: every task but the implicit "Gathering Facts" (as --list-tasks shows them). */
    public List<Task> writtenTasks() {
        return tasks().stream().filter(t -> !t.equals(gather.task())).toList();
    }

    /** The same play with its sections filtered (by tags). */
    public Play withSections(List<List<Task>> other) {
        return new Play(name, hosts, vars, varsFiles, prompts, roleDefaults, roleVars, roleNames, playRoleNames, become, remoteUser, connection, other, handlers,
                rolling, forceHandlers, gather, position);
    }

    /** The same play with variables set over its own (import_playbook's vars, as Ansible merges them). */
    public Play withVarsOver(Map<String, Object> over) {
        Map<String, Object> merged = new LinkedHashMap<>(vars);
        merged.putAll(over);
        return new Play(name, hosts, merged, varsFiles, prompts, roleDefaults, roleVars, roleNames, playRoleNames, become, remoteUser, connection, sections, handlers,
                rolling, forceHandlers, gather, position);
    }

    public String displayName() {
        return name.map(Text::raw).orElse(hosts.raw());
    }
}
