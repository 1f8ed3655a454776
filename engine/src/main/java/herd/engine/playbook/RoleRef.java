package herd.engine.playbook;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The role a task belongs to: its name and folder, its defaults and vars (as its files hold them),
 * and the parameters the play gave it ({@code - role: x} with {@code port: 8080}).
 */
public record RoleRef(String name, Path path, Map<String, Object> defaults, Map<String, Object> vars,
                      Map<String, Object> params) {
    public RoleRef {
        defaults = Collections.unmodifiableMap(new LinkedHashMap<>(defaults));
        vars = Collections.unmodifiableMap(new LinkedHashMap<>(vars));
        params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
    }
}
