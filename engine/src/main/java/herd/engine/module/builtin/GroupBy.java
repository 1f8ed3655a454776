package herd.engine.module.builtin;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import herd.engine.module.Arg;
import herd.engine.module.ModuleCall;
import herd.engine.module.ModuleSpec;
import herd.engine.module.Outcome;
import herd.engine.module.Trait;

/**
 * ansible.builtin.group_by: puts the host in a group named by {@code key} (spaces become dashes), a
 * child of {@code parents}, for the rest of the run. The result says what to add, as Ansible's
 * ({@code add_group}, {@code parent_groups}); the runner changes the inventory.
 */
public final class GroupBy extends Builtin {
    private static final ModuleSpec SPEC = ModuleSpec.of("group_by", "ansible.builtin",
            Arg.str("key").mandatory(), Arg.of("parents", Arg.Type.LIST));

    public GroupBy() {
        super(SPEC, Trait.CONTROLLER, Trait.EDITS_INVENTORY);
    }

    @Override
    public Outcome run(ModuleCall call) {
        List<String> parents = new ArrayList<>();
        Object given = call.args().get("parents");
        if (given instanceof List<?> list) {
            list.forEach(p -> parents.add(String.valueOf(p).replace(' ', '-')));
        } else if (given != null) {
            parents.add(given.toString().replace(' ', '-'));
        } else {
            parents.add("all");
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("changed", false);
        result.put("add_group", call.string("key", "").replace(' ', '-'));
        result.put("parent_groups", parents);
        return Outcome.fromResult(result);
    }
}
