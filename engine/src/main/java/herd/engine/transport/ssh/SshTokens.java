package herd.engine.transport.ssh;

import java.util.Map;

/** ssh_config's %-tokens and ~, for the keywords herd uses. */
final class SshTokens {
    private SshTokens() {
    }

    /** HostName knows only %h (the name given) and %%. */
    static String expandHostName(String value, String original) {
        return expand(value, Map.of('h', original));
    }

    /**
     * Expands a leading ~ and the tokens in {@code values}.
     *
     * @throws IllegalArgumentException naming a token herd does not know
     */
    static String expand(String value, Map<Character, String> values) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c != '%') {
                out.append(c);
                continue;
            }
            if (i + 1 >= value.length()) {
                throw new IllegalArgumentException("'" + value + "' ends with a lone %");
            }
            char token = value.charAt(++i);
            if (token == '%') {
                out.append('%');
            } else if (values.containsKey(token)) {
                out.append(values.get(token));
            } else {
                throw new IllegalArgumentException("the token %" + token + " in '" + value
                        + "' is not supported by herd (it knows %%, %d, %h, %n, %p, %r, %u)");
            }
        }
        return out.toString();
    }

    /** ~ or ~/ at the start: the home folder. */
    static String home(String value, String home) {
        return value.equals("~") || value.startsWith("~/") ? home + value.substring(1) : value;
    }
}
