package herd.engine.vault;

import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every secret herd knows of in this process (vault values, vault, become and key
 * passphrases) and the masking of them: wherever one would appear in output, it is
 * {@code ********}, also inside longer text and in base64. A secret shorter than 4 characters is
 * masked only where it is the whole text (inside other text it would hide too much by chance).
 */
public final class Secrets {
    public static final String MASK = "********";
    private static final int SHORTEST_INSIDE = 4;
    private static final Set<String> KNOWN = ConcurrentHashMap.newKeySet();
    private static volatile List<String> longestFirst = List.of();

    private Secrets() {
    }

    /** A value (or a file's content) that is a secret; each of its lines too, when it has several. */
    public static void add(String secret) {
        if (secret == null || secret.isBlank()) {
            return;
        }
        boolean added = KNOWN.add(secret);
        String stripped = secret.strip();
        added |= KNOWN.add(stripped);
        if (stripped.length() >= SHORTEST_INSIDE) {
            added |= KNOWN.add(Base64.getEncoder().encodeToString(stripped.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        }
        for (String line : secret.split("\r?\n")) {
            if (line.strip().length() >= SHORTEST_INSIDE) {
                added |= KNOWN.add(line.strip());
            }
        }
        if (added) {
            longestFirst = KNOWN.stream().sorted(Comparator.comparingInt(String::length).reversed()).toList();
        }
    }

    public static boolean any() {
        return !KNOWN.isEmpty();
    }

    /** The text with every known secret replaced by {@link #MASK}. */
    public static String mask(String text) {
        if (text == null || text.isEmpty() || KNOWN.isEmpty()) {
            return text;
        }
        if (KNOWN.contains(text) || KNOWN.contains(text.strip())) {
            return MASK;
        }
        String out = text;
        for (String secret : longestFirst) {
            if (secret.length() >= SHORTEST_INSIDE && out.contains(secret)) {
                out = out.replace(secret, MASK);
            }
        }
        return out;
    }

    /** A value with every text inside it masked (maps, lists, strings). */
    public static Object maskValue(Object value) {
        return switch (value) {
            case null -> null;
            case String s -> mask(s);
            case java.util.Map<?, ?> m -> {
                java.util.Map<Object, Object> out = new java.util.LinkedHashMap<>();
                m.forEach((k, v) -> out.put(k, maskValue(v)));
                yield out;
            }
            case List<?> l -> l.stream().map(Secrets::maskValue).toList();
            default -> value;
        };
    }

    /** Forgets every secret: a new command starts (the command line calls this first, before reading passwords). */
    public static void reset() {
        KNOWN.clear();
        longestFirst = List.of();
    }
}
