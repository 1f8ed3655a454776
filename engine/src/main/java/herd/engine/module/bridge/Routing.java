package herd.engine.module.bridge;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/**
 * The module routing of a {@code runtime.yml}: ansible-core's {@code config/ansible_builtin_runtime.yml}
 * (short names that moved to collections) or a collection's {@code meta/runtime.yml}. Each file is
 * read once per run of herd.
 */
final class Routing {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Map<Path, Map<String, Object>> READ = new ConcurrentHashMap<>();

    /** What runtime.yml says of one module name. */
    record Route(Optional<String> redirect, Optional<String> tombstone, Optional<String> deprecation,
                 Optional<String> actionPlugin) {
        static final Route NONE = new Route(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }

    private Routing() {
    }

    static Route of(Path runtimeYml, String module) {
        Map<String, Object> modules = READ.computeIfAbsent(runtimeYml.toAbsolutePath().normalize(), Routing::modules);
        if (!(modules.get(module) instanceof Map<?, ?> entry)) {
            return Route.NONE;
        }
        return new Route(text(entry.get("redirect")), note(entry.get("tombstone")), note(entry.get("deprecation")),
                text(entry.get("action_plugin")));
    }

    private static Optional<String> text(Object value) {
        return value instanceof String s && !s.isBlank() ? Optional.of(s.strip()) : Optional.empty();
    }

    /** A tombstone's or deprecation's words: its warning text and the version it goes away in. */
    private static Optional<String> note(Object value) {
        if (!(value instanceof Map<?, ?> m)) {
            return Optional.empty();
        }
        String words = m.get("warning_text") instanceof String w ? w : "";
        Object version = m.get("removal_version") != null ? m.get("removal_version") : m.get("removal_date");
        return Optional.of((words + (version == null ? "" : " (removed in " + version + ")")).strip());
    }

    private static Map<String, Object> modules(Path file) {
        if (!Files.isRegularFile(file)) {
            return Map.of();
        }
        try {
            Object root = YAML.readValue(file.toFile(), Object.class);
            if (root instanceof Map<?, ?> r && r.get("plugin_routing") instanceof Map<?, ?> routing
                    && routing.get("modules") instanceof Map<?, ?> modules) {
                @SuppressWarnings("unchecked")
                Map<String, Object> m = (Map<String, Object>) modules;
                return m;
            }
        } catch (IOException e) {
            // a runtime.yml that cannot be read routes nothing, as a missing one
        }
        return Map.of();
    }
}
