package herd.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * A command under {@code /usr/bin/time}: its peak RSS (the largest of the process and the children it
 * waited for) and its CPU time (user + system, children waited for included). Daemons it leaves
 * behind (ssh ControlMasters) are not counted.
 */
record Timed(OptionalLong peakRssKb, OptionalDouble cpuSeconds) {
    static final Timed NONE = new Timed(OptionalLong.empty(), OptionalDouble.empty());

    static List<String> wrap(Path file, List<String> command) {
        List<String> out = new ArrayList<>(List.of("/usr/bin/time", "-f", "%M %U %S", "-o", file.toString()));
        out.addAll(command);
        return out;
    }

    static Timed read(Path file) {
        try {
            // /usr/bin/time prints "Command exited with non-zero status N" first when it did.
            String[] f = Files.readAllLines(file).getLast().strip().split("\\s+");
            return new Timed(OptionalLong.of(Long.parseLong(f[0])),
                    OptionalDouble.of(Double.parseDouble(f[1]) + Double.parseDouble(f[2])));
        } catch (IOException | RuntimeException e) {
            return NONE;
        }
    }
}
