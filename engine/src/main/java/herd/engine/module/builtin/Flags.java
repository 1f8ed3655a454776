package herd.engine.module.builtin;

import herd.engine.load.Booleans;
import herd.engine.module.ModuleCall;

/** Boolean arguments as Ansible reads them: {@code yes}, {@code true}, {@code 1}, ... or the default when not given. */
final class Flags {
    private Flags() {
    }

    static boolean bool(ModuleCall call, String name, boolean fallback) {
        Object value = call.args().get(name);
        if (value == null) {
            return fallback;
        }
        if (value instanceof Boolean b) {
            return b;
        }
        return Booleans.parse(value.toString().strip()).orElse(fallback);
    }
}
