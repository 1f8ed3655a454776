package herd.engine.facts;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What herd's gathering program read on the host, as it printed it: file contents, which paths exist,
 * the output of the commands it ran, and a few values only Python gives (platform, user, statvfs).
 */
record Raw(Map<String, Object> data) {

    /** A file as read, or empty when it could not be read. */
    Optional<String> file(String path) {
        Object files = data.get("files");
        return files instanceof Map<?, ?> m ? Optional.ofNullable((String) m.get(path)) : Optional.empty();
    }

    /** A file's content the way Ansible's get_file_content gives it: stripped, and null when empty or unreadable. */
    String content(String path) {
        return file(path).map(String::strip).filter(s -> !s.isEmpty()).orElse(null);
    }

    boolean exists(String path) {
        Object exists = data.get("exists");
        return exists instanceof Map<?, ?> m && Boolean.TRUE.equals(m.get(path));
    }

    /** A command's result, when it ran. */
    Optional<Command> command(String name) {
        Object cmds = data.get("cmds");
        if (cmds instanceof Map<?, ?> m && m.get(name) instanceof Map<?, ?> c) {
            return Optional.of(new Command(((Number) c.get("rc")).intValue(), String.valueOf(c.get("out")),
                    String.valueOf(c.get("err"))));
        }
        return Optional.empty();
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> map(String key) {
        Object value = data.get(key);
        return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    @SuppressWarnings("unchecked")
    List<Object> list(String key) {
        Object value = data.get(key);
        return value instanceof List<?> l ? (List<Object>) l : List.of();
    }

    Object get(String key) {
        return data.get(key);
    }

    record Command(int rc, String out, String err) {
    }
}
