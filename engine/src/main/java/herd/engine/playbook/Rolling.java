package herd.engine.playbook;

import java.util.List;
import java.util.Optional;

/**
 * How a play rolls through its hosts: {@code serial} batch sizes (numbers or percentages, the last
 * repeating), {@code max_fail_percentage} and {@code any_errors_fatal}, as Ansible's.
 */
public record Rolling(List<Text> serial, Optional<Integer> maxFailPercentage, boolean anyErrorsFatal) {
    public static final Rolling NONE = new Rolling(List.of(), Optional.empty(), false);

    public Rolling {
        serial = List.copyOf(serial);
    }

    public boolean isRolling() {
        return !serial.isEmpty();
    }
}
