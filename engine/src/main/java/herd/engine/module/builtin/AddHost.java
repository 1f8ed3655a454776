package herd.engine.module.builtin;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import herd.engine.module.Arg;
import herd.engine.module.ModuleCall;
import herd.engine.module.ModuleSpec;
import herd.engine.module.Outcome;
import herd.engine.module.Trait;

/**
 * ansible.builtin.add_host: adds a host (or more groups and variables to one) to the inventory for
 * the rest of the run, once per batch as Ansible runs it (it bypasses the host loop). Every argument
 * but the name and groups is a variable of the host; {@code name:port} sets its port. The result
 * says what to add, as Ansible's ({@code add_host}); the runner changes the inventory.
 */
public final class AddHost extends Builtin {
    private static final Set<String> SPECIAL = Set.of("name", "groups");
    private static final ModuleSpec SPEC = ModuleSpec.of("add_host", "ansible.builtin",
            Arg.str("name").mandatory().aliases("host", "hostname"),
            Arg.of("groups", Arg.Type.LIST).aliases("group", "groupname")).withAnyArgs();

    public AddHost() {
        super(SPEC, Trait.CONTROLLER, Trait.EDITS_INVENTORY);
    }

    @Override
    public boolean oncePerBatch(Map<String, Object> args) {
        return true;
    }

    @Override
    public Outcome run(ModuleCall call) {
        String name = call.string("name", "");
        Map<String, Object> vars = new LinkedHashMap<>();
        call.args().forEach((key, value) -> {
            if (!SPECIAL.contains(key)) {
                vars.put(key, value);
            }
        });
        int colon = name.lastIndexOf(':');
        if (colon > 0 && name.indexOf(':') == colon && name.substring(colon + 1).matches("[0-9]+")) {
            vars.put("ansible_ssh_port", Integer.parseInt(name.substring(colon + 1)));
            name = name.substring(0, colon);
        }
        List<String> groups = new ArrayList<>();
        Object given = call.args().get("groups");
        List<?> written = given instanceof List<?> list ? list
                : given == null ? List.of() : List.of(given.toString().split(","));
        for (Object group : written) {
            String g = String.valueOf(group).strip();
            if (!g.isEmpty() && !groups.contains(g)) {
                groups.add(g);
            }
        }
        Map<String, Object> add = new LinkedHashMap<>();
        add.put("host_name", name);
        add.put("groups", groups);
        add.put("host_vars", vars);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("changed", false);
        result.put("add_host", add);
        return Outcome.fromResult(result);
    }
}
