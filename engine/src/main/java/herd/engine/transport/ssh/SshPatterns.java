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

    /**
     * OpenSSH's {@code *} and {@code ?} over the whole text. Walked with one resume point for the last
     * star, not by recursion: a pattern of many stars that does not match would take exponential time.
     */
    static boolean glob(String text, String pattern) {
        int t = 0;
        int p = 0;
        int star = -1;
        int resume = 0;
        while (t < text.length()) {
            if (p < pattern.length() && pattern.charAt(p) == '*') {
                star = p++;
                resume = t;
            } else if (p < pattern.length() && (pattern.charAt(p) == '?' || pattern.charAt(p) == text.charAt(t))) {
                p++;
                t++;
            } else if (star >= 0) {
                p = star + 1;
                t = ++resume;
            } else {
                return false;
            }
        }
        while (p < pattern.length() && pattern.charAt(p) == '*') {
            p++;
        }
        return p == pattern.length();
    }
}
