package herd.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;

/**
 * Every measurement of one workload, and what the table shows of them; {@code load} is the 1-minute
 * load average before and after, since other work on the machine shows in the times.
 */
record Outcome(Workload workload, int rounds, List<Measurement> measurements, String load) {
    Outcome {
        measurements = List.copyOf(measurements);
    }

    List<Measurement> of(Tool tool) {
        return measurements.stream().filter(m -> m.tool() == tool).toList();
    }

    boolean ran(Tool tool) {
        return !of(tool).isEmpty();
    }

    /** Median wall time in seconds (the middle one; the mean of the two middle ones for an even count). */
    OptionalDouble median(Tool tool) {
        List<Double> times = new ArrayList<>(of(tool).stream().map(Measurement::seconds).sorted().toList());
        if (times.isEmpty()) {
            return OptionalDouble.empty();
        }
        int n = times.size();
        return OptionalDouble.of(n % 2 == 1 ? times.get(n / 2) : (times.get(n / 2 - 1) + times.get(n / 2)) / 2);
    }

    /** The highest peak RSS over the rounds, in MB. */
    OptionalDouble peakRssMb(Tool tool) {
        return of(tool).stream().filter(m -> m.peakRssKb().isPresent())
                .mapToDouble(m -> m.peakRssKb().getAsLong() / 1024.0).max();
    }

    /** Median CPU seconds (user + system) over the rounds that measured it. */
    OptionalDouble cpuSeconds(Tool tool) {
        List<Double> cpu = of(tool).stream().filter(m -> m.cpuSeconds().isPresent())
                .map(m -> m.cpuSeconds().getAsDouble()).sorted().toList();
        if (cpu.isEmpty()) {
            return OptionalDouble.empty();
        }
        int n = cpu.size();
        return OptionalDouble.of(n % 2 == 1 ? cpu.get(n / 2) : (cpu.get(n / 2 - 1) + cpu.get(n / 2)) / 2);
    }

    /** Host-steps that did not end ok, summed over the rounds. */
    int errors(Tool tool) {
        return of(tool).stream().mapToInt(Measurement::errors).sum();
    }

    OptionalDouble ratio(Tool numerator, Tool denominator) {
        OptionalDouble a = median(numerator);
        OptionalDouble b = median(denominator);
        if (a.isEmpty() || b.isEmpty() || b.getAsDouble() <= 0) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(a.getAsDouble() / b.getAsDouble());
    }
}
