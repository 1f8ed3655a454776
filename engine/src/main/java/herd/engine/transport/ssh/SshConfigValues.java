package herd.engine.transport.ssh;

import herd.engine.transport.HostKeyPolicy;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import herd.engine.load.Position;

/**
 * The keywords herd takes from an SSH client configuration, and how their values are checked: as
 * OpenSSH checks them, so a file ssh accepts is accepted here. Other keywords are dropped (see the
 * README: herd does not use them, so ignoring them changes nothing herd does).
 */
final class SshConfigValues {
    /** Keywords whose value is kept; every other keyword is ignored. */
    static final Set<String> KNOWN = Set.of("hostname", "user", "port", "identityfile", "identitiesonly",
            "proxyjump", "proxycommand", "connecttimeout", "serveraliveinterval", "serveralivecountmax",
            "stricthostkeychecking", "userknownhostsfile");

    private static final Pattern TIME_PART = Pattern.compile("(\\d+)([sSmMhHdDwW]?)");

    private SshConfigValues() {
    }

    /** A checked setting, or null for a keyword herd does not use. */
    static SshConfig.Setting setting(String keyword, List<String> words, Position at) {
        if (!KNOWN.contains(keyword)) {
            return null;
        }
        if (words.isEmpty()) {
            throw new IllegalArgumentException(keyword + " needs a value");
        }
        String first = words.getFirst();
        switch (keyword) {
            case "port" -> port(first);
            case "identitiesonly" -> yesNo(keyword, first);
            case "connecttimeout", "serveraliveinterval" -> seconds(keyword, first);
            case "serveralivecountmax" -> count(keyword, first);
            case "stricthostkeychecking" -> strict(first);
            default -> {
                // free text: host names, users, paths, jump lists
            }
        }
        return new SshConfig.Setting(keyword, words, at);
    }

    static int port(String text) {
        try {
            int port = Integer.parseInt(text);
            if (port >= 1 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("bad port number '" + text + "' (1 to 65535)");
    }

    static boolean yesNo(String keyword, String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "yes", "true" -> true;
            case "no", "false" -> false;
            default -> throw new IllegalArgumentException(keyword + " must be yes or no, not '" + text + "'");
        };
    }

    /** A time as ssh writes it: seconds, or parts such as 1m30s (s, m, h, d, w). */
    static Duration seconds(String keyword, String text) {
        if (text.equalsIgnoreCase("none") && keyword.equals("connecttimeout")) {
            return Duration.ZERO;
        }
        Matcher m = TIME_PART.matcher(text);
        long total = 0;
        int at = 0;
        while (at < text.length() && m.find(at) && m.start() == at) {
            long n = Long.parseLong(m.group(1));
            total += n * switch (m.group(2).toLowerCase(Locale.ROOT)) {
                case "", "s" -> 1;
                case "m" -> 60;
                case "h" -> 3600;
                case "d" -> 86400;
                default -> 604800;
            };
            at = m.end();
        }
        if (at != text.length() || text.isEmpty()) {
            throw new IllegalArgumentException(keyword + " must be a time such as 10 or 1m30s, not '" + text + "'");
        }
        return Duration.ofSeconds(total);
    }

    static int count(String keyword, String text) {
        try {
            int n = Integer.parseInt(text);
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(keyword + " must be a number, not '" + text + "'");
    }

    /** StrictHostKeyChecking; ask is yes, since herd never prompts. */
    static HostKeyPolicy strict(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "yes", "true", "ask" -> HostKeyPolicy.YES;
            case "accept-new" -> HostKeyPolicy.ACCEPT_NEW;
            case "no", "false", "off" -> HostKeyPolicy.NO;
            default -> throw new IllegalArgumentException("StrictHostKeyChecking must be yes, accept-new, no, off"
                    + " or ask, not '" + text + "'");
        };
    }
}
