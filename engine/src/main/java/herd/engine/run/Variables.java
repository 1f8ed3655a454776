package herd.engine.run;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import herd.engine.inventory.Host;
import herd.engine.inventory.Inventory;
import herd.engine.playbook.Play;
import herd.engine.playbook.RoleRef;
import herd.engine.playbook.Task;

/**
 * Ansible's variable precedence as one ordered list of layers, lowest first, built and read here
 * alone: by the planner (with placeholders for what exists only at run time), the runner and the dry
 * run. A higher layer wins over every lower one. Magic variables are set last, as Ansible sets them.
 *
 * @see <a href="https://docs.ansible.com/ansible/2.14/playbook_guide/playbooks_variables.html">variable precedence</a>
 */
final class Variables {
    /** The layers herd has, in Ansible's order. */
    enum Layer {
        /** the defaults of the play's roles */
        ROLE_DEFAULTS,
        /** inventory group_vars (all, then parents, then children) and host_vars, merged by the inventory */
        INVENTORY,
        /** the facts gathered for the host (setup): ansible_facts, and each fact as ansible_x */
        HOST_FACTS,
        /** the play's vars */
        PLAY,
        /** the play's vars_files, in order */
        VARS_FILES,
        /** the vars of the play's roles */
        ROLE_VARS,
        /** block and task vars (a task's vars hold its blocks' already) */
        TASK,
        /** set_fact and registered results (placeholders when planning) */
        FACTS,
        /** the parameters of the role the task belongs to */
        ROLE_PARAMS,
        /** the vars and loop variable of the include_tasks that brought the task in */
        INCLUDE,
        /** -e, the highest a user can set */
        EXTRA,
        /** inventory_hostname, groups, hostvars, play_hosts, ... */
        MAGIC
    }

    private final EnumMap<Layer, Map<String, Object>> layers = new EnumMap<>(Layer.class);

    private Variables() {
    }

    /** The layers of a host in a play that do not change while it runs: inventory, play, extra, magic. */
    static Variables of(Inventory inventory, Host host, Play play, List<String> playHosts, Map<String, Object> extraVars) {
        Variables v = new Variables();
        v.layers.put(Layer.ROLE_DEFAULTS, play.roleDefaults());
        v.layers.put(Layer.INVENTORY, host.vars());
        v.layers.put(Layer.PLAY, play.vars());
        v.layers.put(Layer.ROLE_VARS, play.roleVars());
        v.layers.put(Layer.EXTRA, extraVars);
        Map<String, Object> magic = new HashMap<>();
        magic.put("inventory_hostname", host.name());
        magic.put("inventory_hostname_short", host.name().split("\\.", 2)[0]);
        magic.put("group_names", host.groups());
        // every host shares these, and none holds a template: opaque, so no host scans them all
        List<String> names = herd.engine.template.Templates.opaque(playHosts);
        magic.put("groups", new LiveGroups(() -> inventory));
        magic.put("play_hosts", names);
        magic.put("ansible_play_hosts", names);
        magic.put("ansible_play_batch", names);
        magic.put("hostvars", new LiveHostVars(inventory.hostvars(), h -> null));
        magic.put("ansible_role_names", play.roleNames());
        magic.put("ansible_play_role_names", play.playRoleNames());
        java.nio.file.Path playbook = play.position().file().toAbsolutePath().normalize();
        magic.put("playbook_dir", playbook.getParent() == null ? "/" : playbook.getParent().toString());
        v.layers.put(Layer.MAGIC, magic);
        return v;
    }

    /** A copy with one layer set (replacing what it held). */
    Variables with(Layer layer, Map<String, Object> values) {
        Variables v = new Variables();
        v.layers.putAll(layers);
        v.layers.put(layer, values);
        return v;
    }

    /**
     * The layers a task adds: its own vars and, for a task of a role, the role's defaults and vars
     * (over those of the play's other roles), its parameters, and {@code role_name}, {@code role_path}.
     */
    Variables forTask(Task task) {
        Variables v = with(Layer.TASK, task.vars());
        if (task.role().isEmpty()) {
            return v;
        }
        RoleRef role = task.role().get();
        return v.over(Layer.ROLE_DEFAULTS, role.defaults()).over(Layer.ROLE_VARS, role.vars())
                .with(Layer.ROLE_PARAMS, role.params())
                .withMagic(Map.of("role_name", role.name(), "role_path", role.path().toString()));
    }

    /** A copy with values set over what the layer holds. */
    private Variables over(Layer layer, Map<String, Object> values) {
        Map<String, Object> merged = new HashMap<>(layers.getOrDefault(layer, Map.of()));
        merged.putAll(values);
        return with(layer, merged);
    }

    /** A copy with names set in the magic layer (hostvars that follow the run, the batch). */
    Variables withMagic(Map<String, Object> values) {
        Map<String, Object> magic = new HashMap<>(layers.getOrDefault(Layer.MAGIC, Map.of()));
        magic.putAll(values);
        return with(Layer.MAGIC, magic);
    }

    /** Every layer merged, higher over lower: the variables a template sees. */
    Map<String, Object> merged() {
        Map<String, Object> out = new HashMap<>();
        for (Map<String, Object> layer : layers.values()) {
            synchronized (layer) {
                out.putAll(layer);
            }
        }
        return out;
    }
}
