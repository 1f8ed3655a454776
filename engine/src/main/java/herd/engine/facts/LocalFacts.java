package herd.engine.facts;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * ansible_local: each {@code *.fact} file of the fact_path, by its name without {@code .fact}: the
 * output of an executable one, the content of the others, read as JSON or else as an INI file (as
 * Python's configparser reads it, without its % interpolation), or the message Ansible gives.
 */
final class LocalFacts {
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private LocalFacts() {
    }

    static Map<String, Object> local(Raw raw, List<String> warnings) {
        Map<String, Object> local = new LinkedHashMap<>();
        for (Object o : raw.list("local")) {
            @SuppressWarnings("unchecked")
            Map<String, Object> entry = (Map<String, Object>) o;
            String name = String.valueOf(entry.get("name"));
            String path = String.valueOf(entry.get("path"));
            if (entry.get("error") != null) {
                local.put(name, entry.get("error"));
                warnings.add(String.valueOf(entry.get("error")));
                continue;
            }
            if (Boolean.TRUE.equals(entry.get("executable")) && ((Number) entry.get("rc")).intValue() != 0) {
                String failed = "Failure executing fact script (" + path + "), rc: " + entry.get("rc") + ", err: "
                        + entry.get("err");
                local.put(name, failed);
                warnings.add(failed);
                continue;
            }
            local.put(name, parse(String.valueOf(entry.getOrDefault("out", "")), path, warnings));
        }
        return Map.of("local", local);
    }

    static Object parse(String text, String path, List<String> warnings) {
        try {
            return JSON.readValue(text, Object.class);
        } catch (JsonProcessingException e) {
            // not JSON: an INI file then
        }
        Map<String, Object> ini = ini(text);
        if (ini == null) {
            String fact = "error loading facts as JSON or ini - please check content: " + path;
            warnings.add(fact);
            return fact;
        }
        return ini;
    }

    /** Sections of key = value (or key: value) lines, keys lower case, DEFAULT's keys in every section; null when not INI. */
    static Map<String, Object> ini(String text) {
        Map<String, Map<String, String>> sections = new LinkedHashMap<>();
        Map<String, String> defaults = new LinkedHashMap<>();
        Map<String, String> current = null;
        String lastKey = null;
        for (String line : text.split("\r?\n", -1)) {
            String stripped = line.strip();
            if (stripped.isEmpty() || stripped.startsWith("#") || stripped.startsWith(";")) {
                lastKey = stripped.isEmpty() ? null : lastKey;
                continue;
            }
            if (Character.isWhitespace(line.charAt(0)) && current != null && lastKey != null) {
                current.merge(lastKey, stripped, (a, b) -> a + "\n" + b);
                continue;
            }
            if (stripped.startsWith("[") && stripped.endsWith("]")) {
                String name = stripped.substring(1, stripped.length() - 1);
                current = name.equals("DEFAULT") ? defaults : sections.computeIfAbsent(name, k -> new LinkedHashMap<>());
                lastKey = null;
                continue;
            }
            if (current == null) {
                return null;
            }
            int eq = stripped.indexOf('=');
            int colon = stripped.indexOf(':');
            int at = eq < 0 ? colon : colon < 0 ? eq : Math.min(eq, colon);
            if (at <= 0) {
                return null;
            }
            lastKey = stripped.substring(0, at).strip().toLowerCase(Locale.ROOT);
            current.put(lastKey, stripped.substring(at + 1).strip());
        }
        Map<String, Object> out = new LinkedHashMap<>();
        sections.forEach((name, options) -> {
            Map<String, Object> merged = new LinkedHashMap<>(options);
            defaults.forEach(merged::putIfAbsent);
            out.put(name, merged);
        });
        return out;
    }
}
