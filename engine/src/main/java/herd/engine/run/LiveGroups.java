package herd.engine.run;

import java.util.AbstractMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import herd.engine.inventory.Inventory;
import herd.engine.template.Templates;

/**
 * Ansible's {@code groups} while the run goes on: every group's hosts as add_host and group_by
 * left the inventory so far, so a task right after group_by sees the new group.
 */
final class LiveGroups extends AbstractMap<String, Object> implements Templates.Opaque {
    private final Supplier<Inventory> inventory;

    LiveGroups(Supplier<Inventory> inventory) {
        this.inventory = inventory;
    }

    /** Ansible's {@code group_names} of one host while the run goes on. */
    static List<String> namesOf(Supplier<Inventory> inventory, String host) {
        return new java.util.AbstractList<>() {
            private List<String> now() {
                return inventory.get().host(host).map(h -> h.groups()).orElse(List.of());
            }

            @Override
            public String get(int index) {
                return now().get(index);
            }

            @Override
            public int size() {
                return now().size();
            }
        };
    }

    @Override
    public Object get(Object group) {
        List<String> members = inventory.get().groupMembers().get(group);
        return members;
    }

    @Override
    public boolean containsKey(Object group) {
        return inventory.get().groupMembers().containsKey(group);
    }

    @Override
    @SuppressWarnings("unchecked")
    public Set<Entry<String, Object>> entrySet() {
        return ((Map<String, Object>) (Map<String, ?>) inventory.get().groupMembers()).entrySet();
    }
}
