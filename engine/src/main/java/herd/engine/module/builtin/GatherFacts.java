package herd.engine.module.builtin;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import herd.engine.module.Arg;
import herd.engine.module.ModuleSpec;

/**
 * ansible.builtin.gather_facts: setup (Ansible's only fact module for an SSH host) with its result
 * as the gather_facts action gives it ({@code ansible_facts} with {@code _ansible_facts_gathered},
 * {@code warnings}, {@code deprecations}). The play's implicit "Gathering Facts" step runs it.
 */
public final class GatherFacts extends Setup {
    public GatherFacts() {
        super(ModuleSpec.of("gather_facts", "ansible.builtin",
                Stream.concat(Stream.of(ARGS), Stream.of(Arg.of("parallel", Arg.Type.BOOL))).toArray(Arg[]::new)));
    }

    @Override
    Map<String, Object> extra(Map<String, Object> result) {
        Map<String, Object> out = new LinkedHashMap<>();
        @SuppressWarnings("unchecked")
        Map<String, Object> facts = new LinkedHashMap<>((Map<String, Object>) result.get("ansible_facts"));
        facts.put("_ansible_facts_gathered", true);
        out.put("ansible_facts", facts);
        out.put("warnings", result.getOrDefault("warnings", new ArrayList<>(List.of())));
        out.put("deprecations", new ArrayList<>());
        out.put("changed", false);
        return out;
    }
}
