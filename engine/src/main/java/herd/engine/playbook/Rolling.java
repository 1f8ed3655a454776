package herd.engine.playbook;

import java.util.List;
import java.util.Optional;

/**
 * How a play goes through its hosts: {@code strategy}, {@code order} (inventory, reverse_inventory, sorted,
 * reverse_sorted, shuffle), {@code serial} batch sizes (numbers or percentages, the last repeating),
 * {@code max_fail_percentage} and {@code any_errors_fatal}, as Ansible's.
 */
public record Rolling(List<Text> serial, Optional<Integer> maxFailPercentage, boolean anyErrorsFatal, Order order,
                      Strategy strategy) {
    public static final Rolling NONE = new Rolling(List.of(), Optional.empty(), false, Order.INVENTORY, Strategy.LINEAR);

    /**
     * Ansible's strategies: {@code linear} (hosts go task by task together) and {@code free} (each host
     * as fast as it can; {@code host_pinned} is free as herd runs it: a host keeps its fork to the end).
     */
    public enum Strategy { LINEAR, FREE }

    /** The order a play takes its hosts in, as Ansible's {@code order} keyword. */
    public enum Order { INVENTORY, REVERSE_INVENTORY, SORTED, REVERSE_SORTED, SHUFFLE }

    public Rolling {
        serial = List.copyOf(serial);
    }

    public Rolling(List<Text> serial, Optional<Integer> maxFailPercentage, boolean anyErrorsFatal) {
        this(serial, maxFailPercentage, anyErrorsFatal, Order.INVENTORY, Strategy.LINEAR);
    }

    public boolean isRolling() {
        return !serial.isEmpty();
    }
}
