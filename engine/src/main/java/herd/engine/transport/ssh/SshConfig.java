package herd.engine.transport.ssh;

import herd.engine.transport.HostKeyPolicy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import herd.engine.load.Position;

/**
 * An SSH client configuration (~/.ssh/config, then /etc/ssh/ssh_config; or the one -F names), read
 * once per run and evaluated per host with OpenSSH's rules: blocks apply when their Host or Match
 * line matches, the first value of a keyword wins (IdentityFile adds up), Include reads files where
 * it stands, and options given on a command line (the inventory's) come before every file.
 */
final class SshConfig {
    /** What a Host or Match criterion looks at. */
    enum Kind { HOST, ALL, MATCH_HOST, ORIGINAL_HOST, USER }

    record Criterion(Kind kind, String patterns, boolean negated) {
    }

    /** A line of a configuration file, or a file Include brought in. */
    sealed interface Item permits Block, Setting, Included {
    }

    /** A Host or Match line: the settings after it apply when every criterion holds. */
    record Block(List<Criterion> criteria, Position position) implements Item {
        Block {
            criteria = List.copyOf(criteria);
        }
    }

    /** One keyword (lower case) with its words. */
    record Setting(String keyword, List<String> words, Position position) implements Item {
        Setting {
            words = List.copyOf(words);
        }

        String value() {
            return words.getFirst();
        }
    }

    record Included(List<Item> items) implements Item {
        Included {
            items = List.copyOf(items);
        }
    }

    private static final SshConfig EMPTY = new SshConfig(List.of());

    private final List<Item> items;

    private SshConfig(List<Item> items) {
        this.items = List.copyOf(items);
    }

    static SshConfig empty() {
        return EMPTY;
    }

    /**
     * Reads configuration files, each with the folder its relative Include paths start from.
     *
     * @throws herd.engine.load.InputException for every line ssh would refuse, or herd cannot honour
     */
    static SshConfig read(List<Path> files, List<Path> includeBases, Path home) {
        return new SshConfig(SshConfigParser.read(files, includeBases, home));
    }

    /** ssh's own choice: the user's file (Includes from ~/.ssh), then the system's (from /etc/ssh). */
    static SshConfig readDefault(Path home) {
        return read(List.of(home.resolve(".ssh/config"), Path.of("/etc/ssh/ssh_config")),
                List.of(home.resolve(".ssh"), Path.of("/etc/ssh")), home);
    }

    /**
     * The settings that apply to {@code host} (the name given to ssh: ansible_host or the inventory
     * name), {@code commandLine} settings first.
     *
     * @param localUser the user Match user compares with while no User is set
     */
    Resolved resolve(String host, List<Setting> commandLine, String localUser) {
        Resolved r = new Resolved(host, localUser);
        commandLine.forEach(r::apply);
        evaluate(items, r, true);
        return r;
    }

    /** Applies the items in order; a Block switches what follows on or off until the next Block or the end of the file. */
    private static void evaluate(List<Item> list, Resolved r, boolean outer) {
        boolean active = outer;
        for (Item item : list) {
            switch (item) {
                case Block b -> active = outer && b.criteria().stream().allMatch(c -> holds(c, r));
                case Setting s -> {
                    if (active) {
                        r.apply(s);
                    }
                }
                case Included inc -> evaluate(inc.items(), r, active);
            }
        }
    }

    private static boolean holds(Criterion c, Resolved r) {
        boolean match = switch (c.kind()) {
            case ALL -> true;
            case HOST -> SshPatterns.matchesAny(r.original(), c.patterns().split(" "), false);
            case MATCH_HOST -> SshPatterns.matchesList(r.hostName(), c.patterns());
            case ORIGINAL_HOST -> SshPatterns.matchesList(r.original(), c.patterns());
            case USER -> SshPatterns.matchesList(r.user().orElse(r.localUser()), c.patterns());
        };
        return match != c.negated();
    }

    /** What the configuration says for one host: raw values, before any %-token or ~ is expanded. */
    static final class Resolved {
        private final String original;
        private final String localUser;
        private final Map<String, Setting> first = new LinkedHashMap<>();
        private final List<Setting> identityFiles = new ArrayList<>();

        private Resolved(String original, String localUser) {
            this.original = original;
            this.localUser = localUser;
        }

        private void apply(Setting s) {
            if (s.keyword().equals("identityfile")) {
                // ssh keeps a key named twice once
                if (identityFiles.stream().noneMatch(k -> k.value().equals(s.value()))) {
                    identityFiles.add(s);
                }
            } else {
                first.putIfAbsent(s.keyword(), s);
            }
        }

        /** The name given to ssh, as given: Host patterns compare it case-sensitively, as ssh does. */
        String original() {
            return original;
        }

        String localUser() {
            return localUser;
        }

        /** HostName with %h (and %%) expanded, else the original name; in lower case, as ssh connects to it. */
        String hostName() {
            return get("hostname").map(s -> SshTokens.expandHostName(s.value(), original)).orElse(original)
                    .toLowerCase(Locale.ROOT);
        }

        Optional<String> user() {
            return get("user").map(Setting::value);
        }

        Optional<Integer> port() {
            return get("port").map(s -> SshConfigValues.port(s.value()));
        }

        /** IdentityFile values in order, unexpanded (as ssh -G prints them). */
        List<Setting> identityFiles() {
            return List.copyOf(identityFiles);
        }

        Optional<Boolean> identitiesOnly() {
            return get("identitiesonly").map(s -> SshConfigValues.yesNo(s.keyword(), s.value()));
        }

        /** ProxyJump as written ("none" included). */
        Optional<Setting> proxyJump() {
            return get("proxyjump");
        }

        Optional<Setting> proxyCommand() {
            return get("proxycommand").filter(s -> !s.value().equalsIgnoreCase("none"));
        }

        Optional<java.time.Duration> connectTimeout() {
            return get("connecttimeout").map(s -> SshConfigValues.seconds(s.keyword(), s.value()))
                    .filter(d -> !d.isZero());
        }

        Optional<java.time.Duration> serverAliveInterval() {
            return get("serveraliveinterval").map(s -> SshConfigValues.seconds(s.keyword(), s.value()));
        }

        Optional<Integer> serverAliveCountMax() {
            return get("serveralivecountmax").map(s -> SshConfigValues.count(s.keyword(), s.value()));
        }

        Optional<HostKeyPolicy> strictHostKeyChecking() {
            return get("stricthostkeychecking").map(s -> SshConfigValues.strict(s.value()));
        }

        /** UserKnownHostsFile's words, unexpanded; "none" means no file. */
        Optional<Setting> userKnownHostsFiles() {
            return get("userknownhostsfile");
        }

        private Optional<Setting> get(String keyword) {
            return Optional.ofNullable(first.get(keyword));
        }
    }
}
