package herd.engine.transport.ssh;

import java.util.Optional;

/** One hop of a ProxyJump list: {@code [user@]host[:port]}, {@code ssh://[user@]host[:port]}, {@code [v6addr]:port}. */
record JumpSpec(Optional<String> user, String host, Optional<Integer> port) {

    static JumpSpec parse(String text) {
        String rest = text.startsWith("ssh://") ? text.substring("ssh://".length()) : text;
        Optional<String> user = Optional.empty();
        int at = rest.lastIndexOf('@');
        if (at >= 0) {
            user = Optional.of(rest.substring(0, at));
            rest = rest.substring(at + 1);
        }
        Optional<Integer> port = Optional.empty();
        String host = rest;
        if (rest.startsWith("[")) {
            int close = rest.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("bad jump host '" + text + "': no closing ]");
            }
            host = rest.substring(1, close);
            if (close + 1 < rest.length()) {
                if (rest.charAt(close + 1) != ':') {
                    throw new IllegalArgumentException("bad jump host '" + text + "'");
                }
                port = Optional.of(port(rest.substring(close + 2), text));
            }
        } else if (rest.indexOf(':') >= 0) {
            host = rest.substring(0, rest.indexOf(':'));
            port = Optional.of(port(rest.substring(rest.indexOf(':') + 1), text));
        }
        if (host.isEmpty() || user.map(String::isEmpty).orElse(false)) {
            throw new IllegalArgumentException("bad jump host '" + text + "' (write [user@]host[:port])");
        }
        return new JumpSpec(user, host, port);
    }

    private static int port(String text, String spec) {
        try {
            return SshConfigValues.port(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("bad jump host '" + spec + "': " + e.getMessage());
        }
    }
}
