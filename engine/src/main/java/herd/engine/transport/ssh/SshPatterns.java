package herd.engine.transport.ssh;

import java.util.Locale;

/** OpenSSH's host patterns: {@code *} and {@code ?} wildcards, {@code !} negation, compared in lower case. */
final class SshPatterns {
    private SshPatterns() {
    }

    /**
     * Host line semantics: a negated pattern that matches wins; else any positive match.
     *
     * @param ignoreCase false for Host lines (ssh compares the name as given), true for Match lists
     */
    static boolean matchesAny(String name, String[] patterns, boolean ignoreCase) {
        boolean matched = false;
        for (String pattern : patterns) {
            if (pattern.isEmpty()) {
                continue;
            }
            boolean negated = pattern.startsWith("!");
            String p = negated ? pattern.substring(1) : pattern;
            if (ignoreCase ? glob(name.toLowerCase(Locale.ROOT), p.toLowerCase(Locale.ROOT)) : glob(name, p)) {
                if (negated) {
                    return false;
                }
                matched = true;
            }
        }
        return matched;
    }

    /** Match criterion semantics: a comma-separated list, same rules. */
    static boolean matchesList(String name, String list) {
        return matchesAny(name, list.split(","), true);
    }

    static boolean glob(String text, String pattern) {
        return glob(text, 0, pattern, 0);
    }

    private static boolean glob(String t, int ti, String p, int pi) {
        while (pi < p.length()) {
            char c = p.charAt(pi);
            if (c == '*') {
                for (int k = ti; k <= t.length(); k++) {
                    if (glob(t, k, p, pi + 1)) {
                        return true;
                    }
                }
                return false;
            }
            if (ti >= t.length() || (c != '?' && c != t.charAt(ti))) {
                return false;
            }
            ti++;
            pi++;
        }
        return ti == t.length();
    }
}
