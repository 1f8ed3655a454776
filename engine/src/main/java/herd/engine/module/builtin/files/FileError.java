package herd.engine.module.builtin.files;

import java.util.LinkedHashMap;
import java.util.Map;

import herd.engine.module.Outcome;

/**
 * A file operation the host refused or a request that cannot be met, in Ansible's words (its
 * {@code msg}) with the other fields Ansible's failure carries ({@code path}, {@code details},
 * {@code exit_status}, {@code stdout}, {@code stderr}). A module turns it into its failed outcome
 * with {@link #outcome()}.
 */
public final class FileError extends Exception {
    private final Map<String, Object> fields;

    public FileError(String msg) {
        this(msg, Map.of());
    }

    public FileError(String msg, Map<String, Object> fields) {
        super(msg);
        this.fields = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    /** The fields besides {@code msg}, in Ansible's order. */
    public Map<String, Object> fields() {
        return fields;
    }

    /** The same error with one more field (e.g. the path it happened on). */
    public FileError with(String key, Object value) {
        Map<String, Object> more = new LinkedHashMap<>(fields);
        more.put(key, value);
        return new FileError(getMessage(), more);
    }

    /** The failed outcome a module returns: {@code failed}, {@code msg} and the fields. */
    public Outcome outcome() {
        Map<String, Object> result = new LinkedHashMap<>(fields);
        result.put("failed", true);
        result.put("changed", false);
        result.put("msg", getMessage());
        return Outcome.fromResult(result);
    }
}
