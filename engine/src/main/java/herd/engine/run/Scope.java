package herd.engine.run;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import herd.engine.inventory.Host;
import herd.engine.inventory.Inventory;
import herd.engine.playbook.Play;

/**
 * The variables a template sees on one host in one play, in Ansible's precedence for what herd
 * supports: inventory (groups, then host) under play vars under extra vars, plus the magic variables.
 */
public final class Scope {
    private Scope() {
    }

    public static Map<String, Object> of(Inventory inventory, Host host, Play play, List<String> playHosts,
                                         Map<String, Object> extraVars) {
        Map<String, Object> vars = new HashMap<>(host.vars());
        vars.putAll(play.vars());
        vars.putAll(extraVars);
        vars.put("inventory_hostname", host.name());
        vars.put("inventory_hostname_short", host.name().split("\\.", 2)[0]);
        vars.put("group_names", host.groups());
        vars.put("groups", inventory.groupMembers());
        vars.put("play_hosts", playHosts);
        vars.put("ansible_play_hosts", playHosts);
        vars.put("ansible_play_batch", playHosts);
        vars.put("hostvars", inventory.hostvars());
        java.nio.file.Path playbook = play.position().file().toAbsolutePath().normalize();
        vars.put("playbook_dir", playbook.getParent() == null ? "/" : playbook.getParent().toString());
        return vars;
    }
}
