package herd.engine.transport.ssh;

import herd.engine.transport.HostKeyPolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import herd.engine.load.InputException;
import herd.engine.load.Position;
import herd.engine.load.Problem;
import herd.engine.transport.ConnectOptions;
import herd.engine.transport.ConnectOptions.Given;
import herd.engine.transport.Endpoint;
import herd.engine.transport.SshOption;
import herd.engine.transport.ssh.SshConfig.Setting;

/**
 * Turns an endpoint into {@link SshSettings} with Ansible's precedence: the inventory's variables
 * (and its ssh arguments) first, then ansible.cfg's ssh_args, then -u, --private-key, --known-hosts and -T when given, then the
 * SSH client configuration, then herd's defaults. Jump hosts are resolved the same way, each with
 * its own configuration, as ssh -J does.
 */
final class SshSettingsResolver {
    private static final int MAX_JUMP_DEPTH = 8;
    private static final List<String> DEFAULT_KEYS = List.of("id_ed25519", "id_ecdsa", "id_rsa");

    private final SshConfig config;
    private final ConnectOptions options;
    private final Path home;
    private final String localUser;

    SshSettingsResolver(SshConfig config, ConnectOptions options, Path home, String localUser) {
        this.config = config;
        this.options = options;
        this.home = home;
        this.localUser = localUser;
    }

    /**
     * The settings of one endpoint.
     *
     * @throws InputException for what the configuration says but herd cannot do (ProxyCommand, an unknown %-token)
     */
    SshSettings resolve(Endpoint endpoint) {
        List<Setting> first = new ArrayList<>();
        endpoint.givenPort().ifPresent(p -> first.add(option("port", p.toString(), "ansible_port")));
        endpoint.user().ifPresent(u -> first.add(option("user", u, "ansible_user")));
        endpoint.privateKey().or(options::defaultKey)
                .ifPresent(k -> first.add(option("identityfile", k.toString(), "ansible_ssh_private_key_file")));
        for (SshOption o : endpoint.sshOptions()) {
            first.add(option(o.keyword(), o.value(), o.origin()));
        }
        for (SshOption o : options.sshArgs()) {
            first.add(option(o.keyword(), o.value(), o.origin()));
        }
        return resolve(endpoint.hostName(), endpoint.address(), first, List.of(), 0);
    }

    /** A target (depth 0) takes -u; a jump host only its own configuration's user, as with ssh -J. */
    private SshSettings resolve(String alias, String host, List<Setting> first, List<SshSettings> before, int depth) {
        List<Setting> given = new ArrayList<>(first);
        if (options.given().contains(Given.USER) && depth == 0) {
            given.add(option("user", options.defaultUser(), "-u"));
        }
        if (options.given().contains(Given.CONNECT_TIMEOUT)) {
            given.add(option("connecttimeout", Long.toString(options.connectTimeout().toSeconds()), "-T"));
        }
        if (options.given().contains(Given.KNOWN_HOSTS)) {
            given.add(option("userknownhostsfile", options.knownHosts().toString(), "--known-hosts"));
        }
        SshConfig.Resolved r = config.resolve(host, given, localUser);
        String hostName = r.hostName();
        int port = r.port().orElse(22);
        String user = r.user().orElse(options.defaultUser());
        Map<Character, String> tokens = Map.of('d', home.toString(), 'u', localUser, 'h', hostName, 'r', user,
                'n', r.original(), 'p', Integer.toString(port));
        List<SshSettings> jumps = before.isEmpty() ? jumps(r, depth) : before;
        return new SshSettings(alias, hostName, port, user, identityFiles(r, tokens, first), r.identitiesOnly().orElse(false),
                jumps, r.connectTimeout().orElse(options.connectTimeout()),
                r.serverAliveInterval().orElse(options.keepAlive()),
                r.serverAliveCountMax().orElse(options.keepAliveCount()),
                r.strictHostKeyChecking().orElse(HostKeyPolicy.YES), knownHosts(r, tokens));
    }

    /** ProxyJump's hops, first hop first; each hop reached through the ones before it. */
    private List<SshSettings> jumps(SshConfig.Resolved r, int depth) {
        Optional<Setting> jump = r.proxyJump().filter(s -> !s.value().equalsIgnoreCase("none"));
        if (jump.isEmpty()) {
            r.proxyCommand().ifPresent(s -> fail(s, "ProxyCommand is not supported by herd; use ProxyJump"
                    + " [user@]host[:port] to go through a jump host"));
            return List.of();
        }
        if (depth >= MAX_JUMP_DEPTH) {
            fail(jump.get(), "ProxyJump goes through more than " + MAX_JUMP_DEPTH + " hosts: a loop?");
        }
        List<SshSettings> hops = new ArrayList<>();
        for (String spec : jump.get().value().split(",")) {
            JumpSpec hop;
            try {
                hop = JumpSpec.parse(spec.strip());
            } catch (IllegalArgumentException e) {
                throw fail(jump.get(), e.getMessage());
            }
            List<Setting> first = new ArrayList<>();
            hop.user().ifPresent(u -> first.add(new Setting("user", List.of(u), jump.get().position())));
            hop.port().ifPresent(p -> first.add(new Setting("port", List.of(p.toString()), jump.get().position())));
            // --private-key serves the jump hosts too: a run usually has one key for all its machines.
            options.defaultKey().ifPresent(k -> first.add(option("identityfile", k.toString(), "--private-key")));
            // The first hop follows its own ProxyJump, as ssh -J does; a later hop is reached through the earlier ones.
            hops.add(resolve(hop.host(), hop.host(), first, List.copyOf(hops), depth + 1));
        }
        return hops;
    }

    /**
     * The keys: those the inventory, the command line and the configuration name, in that order;
     * configuration keys that do not exist are skipped, as ssh skips them; none named: ~/.ssh/id_*.
     */
    private List<Path> identityFiles(SshConfig.Resolved r, Map<Character, String> tokens, List<Setting> explicit) {
        List<Path> keys = new ArrayList<>();
        for (Setting s : r.identityFiles()) {
            Path path = Path.of(expand(s, s.value(), tokens));
            if (explicit.contains(s) || Files.isReadable(path)) {
                keys.add(path);
            }
        }
        if (r.identityFiles().isEmpty()) {
            for (String name : DEFAULT_KEYS) {
                Path key = home.resolve(".ssh").resolve(name);
                if (Files.isReadable(key)) {
                    keys.add(key);
                }
            }
        }
        return keys;
    }

    private List<Path> knownHosts(SshConfig.Resolved r, Map<Character, String> tokens) {
        Optional<Setting> files = r.userKnownHostsFiles();
        if (files.isEmpty()) {
            return List.of(options.knownHosts());
        }
        if (files.get().value().equalsIgnoreCase("none")) {
            return List.of();
        }
        return files.get().words().stream().map(w -> Path.of(expand(files.get(), w, tokens))).toList();
    }

    private String expand(Setting s, String value, Map<Character, String> tokens) {
        try {
            return SshTokens.expand(SshTokens.home(value, home.toString()), tokens);
        } catch (IllegalArgumentException e) {
            throw fail(s, e.getMessage());
        }
    }

    private static Setting option(String keyword, String value, String origin) {
        return new Setting(keyword, List.of(value), Position.of(origin));
    }

    private static InputException fail(Setting s, String message) {
        throw new InputException(Problem.at(s.position(), message));
    }
}
