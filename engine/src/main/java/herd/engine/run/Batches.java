package herd.engine.run;

import java.util.ArrayList;
import java.util.List;

/** Splits a play's hosts into batches as Ansible's {@code serial} does; the last size repeats. */
final class Batches {
    private Batches() {
    }

    /**
     * @param sizes batch sizes as written after templating: "2" or "30%"; empty means one batch
     */
    static <T> List<List<T>> of(List<String> sizes, List<T> hosts) {
        List<List<T>> batches = new ArrayList<>();
        if (sizes.isEmpty() || hosts.isEmpty()) {
            batches.add(List.copyOf(hosts));
            return batches;
        }
        int next = 0;
        int index = 0;
        while (next < hosts.size()) {
            String size = sizes.get(Math.min(index++, sizes.size() - 1)).trim();
            int count = size.endsWith("%")
                    ? (int) Math.floor(hosts.size() * Integer.parseInt(size.substring(0, size.length() - 1)) / 100.0)
                    : Integer.parseInt(size);
            count = size.equals("0") ? hosts.size() : Math.max(1, count);
            batches.add(List.copyOf(hosts.subList(next, Math.min(hosts.size(), next + count))));
            next += count;
        }
        return batches;
    }
}
