package herd.engine.inventory;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Ansible's host patterns: names of hosts or groups, {@code all}, {@code *} wildcards,
 * {@code ~regex}, joined by {@code :} or {@code ,}; {@code &} intersects and {@code !} excludes.
 * As in Ansible, unions are taken first, then intersections, then exclusions.
 */
public record HostPattern(List<String> union, List<String> intersections, List<String> exclusions) {

    public static HostPattern parse(String text) {
        List<String> union = new ArrayList<>();
        List<String> and = new ArrayList<>();
        List<String> not = new ArrayList<>();
        for (String raw : split(text.trim())) {
            String term = raw.trim();
            if (term.isEmpty()) {
                continue;
            }
            if (term.startsWith("!")) {
                not.add(term.substring(1));
            } else if (term.startsWith("&")) {
                and.add(term.substring(1));
            } else {
                union.add(term);
            }
        }
        if (union.isEmpty() && (!and.isEmpty() || !not.isEmpty())) {
            union.add("all");
        }
        return new HostPattern(List.copyOf(union), List.copyOf(and), List.copyOf(not));
    }

    /** Splits on ',' everywhere and on ':' except inside a regex or an IPv6-looking term. */
    private static List<String> split(String text) {
        List<String> parts = new ArrayList<>();
        for (String piece : text.split(",")) {
            String p = piece.trim();
            if (p.startsWith("~") || p.chars().filter(c -> c == ':').count() > 1 && !p.contains("!") && !p.contains("&")
                    && p.matches("[0-9a-fA-F:\\[\\]]+")) {
                parts.add(p);
            } else {
                parts.addAll(List.of(p.split(":")));
            }
        }
        return parts;
    }

    public List<Host> select(Inventory inventory) {
        Set<String> chosen = new LinkedHashSet<>();
        for (String term : union) {
            chosen.addAll(match(inventory, term));
        }
        for (String term : intersections) {
            chosen.retainAll(match(inventory, term));
        }
        for (String term : exclusions) {
            chosen.removeAll(match(inventory, term));
        }
        List<Host> out = new ArrayList<>();
        for (Host host : inventory.hosts().values()) {
            if (chosen.contains(host.name())) {
                out.add(host);
            }
        }
        return out;
    }

    private static Set<String> match(Inventory inventory, String term) {
        Set<String> out = new LinkedHashSet<>();
        if (term.equals("all") || term.equals("*")) {
            out.addAll(inventory.hosts().keySet());
            return out;
        }
        if (inventory.groups().containsKey(term)) {
            out.addAll(inventory.members(term));
            return out;
        }
        if (inventory.hosts().containsKey(term)) {
            out.add(term);
            return out;
        }
        java.util.function.Predicate<String> matches;
        if (term.startsWith("~")) {
            Pattern regex = toRegex(term);
            if (regex == null) {
                return out;
            }
            matches = name -> regex.matcher(name).matches();
        } else if (term.contains("*") || term.contains("?")) {
            matches = name -> glob(term, name);
        } else {
            return out;
        }
        for (String group : inventory.groups().keySet()) {
            if (matches.test(group)) {
                out.addAll(inventory.members(group));
            }
        }
        for (String host : inventory.hosts().keySet()) {
            if (matches.test(host)) {
                out.add(host);
            }
        }
        return out;
    }

    /**
     * fnmatch's {@code *} and {@code ?} over the whole name, without a regex: a regex of many
     * {@code .*} backtracks for ever on a name it does not match; this walk is linear in the pattern
     * times the name.
     */
    static boolean glob(String pattern, String name) {
        int p = 0;
        int n = 0;
        int star = -1;
        int resume = 0;
        while (n < name.length()) {
            if (p < pattern.length() && pattern.charAt(p) == '*') {
                star = p++;
                resume = n;
            } else if (p < pattern.length() && (pattern.charAt(p) == '?' || pattern.charAt(p) == name.charAt(n))) {
                p++;
                n++;
            } else if (star >= 0) {
                p = star + 1;
                n = ++resume;
            } else {
                return false;
            }
        }
        while (p < pattern.length() && pattern.charAt(p) == '*') {
            p++;
        }
        return p == pattern.length();
    }

    private static Pattern toRegex(String term) {
        try {
            return Pattern.compile("(?:" + term.substring(1) + ").*");
        } catch (PatternSyntaxException e) {
            return null;
        }
    }
}
