package herd.engine.transport;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads the ssh command-line words Ansible users put in {@code ansible_ssh_common_args} and
 * {@code ansible_ssh_extra_args}: {@code -J}, {@code -p}, {@code -l}, {@code -i} and {@code -o} with
 * the keywords herd uses. Other options are skipped (herd runs no ssh binary they could apply to);
 * ProxyCommand is refused, since herd cannot run it and connecting directly instead would be wrong.
 */
public final class SshArgs {
    /** The -o keywords herd applies; others are ignored. */
    private static final Set<String> KEPT = Set.of("hostname", "user", "port", "identityfile", "identitiesonly",
            "proxyjump", "connecttimeout", "serveraliveinterval", "serveralivecountmax",
            "stricthostkeychecking", "userknownhostsfile");
    /** ssh's options that take an argument (from ssh(1)). */
    private static final String WITH_ARGUMENT = "BbcDEeFIiJLlmOoPpQRSWw";

    private SshArgs() {
    }

    /**
     * The options in {@code words}, in order.
     *
     * @param origin the variable's name, kept with each option
     * @throws IllegalArgumentException for an option without its argument, a bad port or ProxyCommand
     */
    public static List<SshOption> parse(List<String> words, String origin) {
        List<SshOption> options = new ArrayList<>();
        for (int i = 0; i < words.size(); i++) {
            String word = words.get(i);
            if (word.length() < 2 || word.charAt(0) != '-' || WITH_ARGUMENT.indexOf(word.charAt(1)) < 0) {
                continue;
            }
            char letter = word.charAt(1);
            String value;
            if (word.length() > 2) {
                value = word.substring(2);
            } else if (i + 1 < words.size()) {
                value = words.get(++i);
            } else {
                throw new IllegalArgumentException("-" + letter + " needs an argument");
            }
            switch (letter) {
                case 'J' -> options.add(new SshOption("proxyjump", value, origin));
                case 'p' -> options.add(new SshOption("port", port(value), origin));
                case 'l' -> options.add(new SshOption("user", value, origin));
                case 'i' -> options.add(new SshOption("identityfile", value, origin));
                case 'o' -> option(value, origin, options);
                default -> {
                    // an option herd has no use for (-F, -L, -D, ...): see the README
                }
            }
        }
        return options;
    }

    private static void option(String text, String origin, List<SshOption> options) {
        int split = 0;
        while (split < text.length() && text.charAt(split) != '=' && !Character.isWhitespace(text.charAt(split))) {
            split++;
        }
        String keyword = text.substring(0, split).toLowerCase(Locale.ROOT);
        String value = text.substring(Math.min(split + 1, text.length())).strip();
        if (keyword.equals("proxycommand") && !value.equalsIgnoreCase("none")) {
            throw new IllegalArgumentException("-o ProxyCommand is not supported by herd; use -o ProxyJump=[user@]host[:port]"
                    + " (or -J) to go through a jump host");
        }
        if (!KEPT.contains(keyword)) {
            return;
        }
        if (value.isEmpty()) {
            throw new IllegalArgumentException("-o " + keyword + " needs a value");
        }
        options.add(new SshOption(keyword, keyword.equals("port") ? port(value) : value, origin));
    }

    private static String port(String value) {
        try {
            int port = Integer.parseInt(value);
            if (port >= 1 && port <= 65535) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("bad port number '" + value + "'");
    }
}
