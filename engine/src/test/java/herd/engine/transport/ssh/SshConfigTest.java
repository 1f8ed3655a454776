package herd.engine.transport.ssh;

import herd.engine.transport.HostKeyPolicy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import herd.engine.load.InputException;
import herd.engine.load.Problem;
import herd.engine.transport.ConnectOptions;
import herd.engine.transport.ConnectOptions.Given;
import herd.engine.transport.Endpoint;
import herd.engine.transport.SshOption;

/** herd's reading of ssh_config: precedence with the inventory and the command line, jump hosts, tokens, errors. */
class SshConfigTest {
    @TempDir
    Path home;

    private Path config(String text) throws IOException {
        Files.createDirectories(home.resolve(".ssh"));
        Path file = home.resolve(".ssh/config");
        Files.writeString(file, text);
        return file;
    }

    private SshSettings settings(String config, Endpoint endpoint, ConnectOptions options) throws IOException {
        SshConfig c = SshConfig.read(List.of(config(config)), List.of(home.resolve(".ssh")), home);
        return new SshSettingsResolver(c, options, home, "me").resolve(endpoint);
    }

    private static ConnectOptions options(Set<Given> given, Optional<Path> key) {
        return new ConnectOptions(Path.of("/cli/known_hosts"), Duration.ofSeconds(10), Duration.ofSeconds(15), 3,
                given.contains(Given.USER) ? "cli-user" : "me", key, Optional.empty(), given);
    }

    private static Endpoint endpoint(String address, Optional<Integer> port, Optional<String> user, Optional<Path> key,
                                     SshOption... args) {
        return new Endpoint("inv-name", Endpoint.Kind.SSH, address, port, user, key, List.of(args));
    }

    private static final String CONFIG = """
            Host app1
              HostName 10.0.0.1
              User config-user
              Port 2201
              IdentityFile %d/.ssh/k_%h_%r_%u_%n_%p_%%
              ConnectTimeout 3
              ServerAliveInterval 5
              ServerAliveCountMax 2
              StrictHostKeyChecking accept-new
              UserKnownHostsFile ~/kh_%h %d/other
            """;

    @Test
    void theConfigurationFillsWhatTheInventoryLeavesOpen() throws IOException {
        Files.createDirectories(home.resolve(".ssh"));
        Path key = home.resolve(".ssh/k_10.0.0.1_config-user_me_app1_2201_%");
        Files.writeString(key, "");
        SshSettings s = settings(CONFIG, endpoint("app1", Optional.empty(), Optional.empty(), Optional.empty()),
                options(Set.of(), Optional.empty()));
        assertEquals(new SshSettings("inv-name", "10.0.0.1", 2201, "config-user", List.of(key), false, List.of(),
                Duration.ofSeconds(3), Duration.ofSeconds(5), 2, HostKeyPolicy.ACCEPT_NEW,
                List.of(home.resolve("kh_10.0.0.1"), home.resolve("other"))), s);
    }

    @Test
    void inventoryVariablesWinThenTheCommandLineThenTheConfiguration() throws IOException {
        SshSettings s = settings(CONFIG, endpoint("app1", Optional.of(22), Optional.of("inv-user"),
                        Optional.of(Path.of("/inv/key"))),
                options(EnumSet.allOf(Given.class), Optional.of(Path.of("/cli/key"))));
        assertEquals("inv-user", s.user());
        assertEquals(22, s.port());
        // the inventory's key first; the configuration's is missing on disk, so skipped as ssh skips it
        assertEquals(List.of(Path.of("/inv/key")), s.identityFiles());
        assertEquals(Duration.ofSeconds(10), s.connectTimeout());
        assertEquals(List.of(Path.of("/cli/known_hosts")), s.knownHostsFiles());

        SshSettings cli = settings(CONFIG, endpoint("app1", Optional.empty(), Optional.empty(), Optional.empty()),
                options(Set.of(Given.USER), Optional.of(Path.of("/cli/key"))));
        assertEquals("cli-user", cli.user());
        assertEquals(2201, cli.port());
        assertEquals(List.of(Path.of("/cli/key")), cli.identityFiles());
        assertEquals(Duration.ofSeconds(3), cli.connectTimeout());
    }

    @Test
    void sshArgumentsComeAfterTheInventoryVariablesAndBeforeTheConfiguration() throws IOException {
        SshSettings s = settings(CONFIG, endpoint("app1", Optional.of(2000), Optional.empty(), Optional.empty(),
                        new SshOption("port", "3000", "ansible_ssh_common_args"),
                        new SshOption("user", "arg-user", "ansible_ssh_common_args"),
                        new SshOption("stricthostkeychecking", "no", "ansible_ssh_extra_args")),
                options(Set.of(), Optional.empty()));
        assertEquals(2000, s.port());
        assertEquals("arg-user", s.user());
        assertEquals(HostKeyPolicy.NO, s.hostKeyPolicy());
    }

    @Test
    void eachJumpHostIsResolvedWithItsOwnSettingsAndReachedThroughTheOnesBefore() throws IOException {
        SshSettings s = settings("""
                Host bastion
                  HostName 192.0.2.1
                  User jumper
                  Port 2022
                  StrictHostKeyChecking no
                Host second
                  User second-user
                Host *.internal
                  ProxyJump bastion,admin@second:2200
                  User deploy
                """, endpoint("db.internal", Optional.empty(), Optional.empty(), Optional.empty()),
                options(Set.of(Given.USER), Optional.empty()));
        assertEquals("cli-user", s.user());
        SshSettings bastion = s.jumps().get(0);
        SshSettings second = s.jumps().get(1);
        assertEquals(List.of("bastion", "192.0.2.1", "2022", "jumper", "NO", "[]"), List.of(bastion.alias(),
                bastion.hostName(), "" + bastion.port(), bastion.user(), bastion.hostKeyPolicy().name(), "" + bastion.jumps()));
        assertEquals(List.of("second", "second", "2200", "admin", "YES"), List.of(second.alias(), second.hostName(),
                "" + second.port(), second.user(), second.hostKeyPolicy().name()));
        assertEquals(List.of(bastion), second.jumps());
    }

    @Test
    void proxyJumpFromTheInventoryWinsAndNoneTurnsItOff() throws IOException {
        String config = "Host app1\n  ProxyJump from-config\n";
        SshSettings s = settings(config, endpoint("app1", Optional.empty(), Optional.empty(), Optional.empty(),
                new SshOption("proxyjump", "ops@[2001:db8::1]:2222", "ansible_ssh_common_args")), options(Set.of(), Optional.empty()));
        assertEquals(List.of("2001:db8::1", "ops", "2222"), List.of(s.jumps().getFirst().hostName(),
                s.jumps().getFirst().user(), "" + s.jumps().getFirst().port()));
        SshSettings none = settings(config, endpoint("app1", Optional.empty(), Optional.empty(), Optional.empty(),
                new SshOption("proxyjump", "none", "ansible_ssh_extra_args")), options(Set.of(), Optional.empty()));
        assertEquals(List.of(), none.jumps());
    }

    @Test
    void relativeIncludesAreReadFromTheSshFolder() throws IOException {
        Files.createDirectories(home.resolve(".ssh/conf.d"));
        Files.writeString(home.resolve(".ssh/conf.d/a.conf"), "Host x\n  User from-a\n");
        Files.writeString(home.resolve(".ssh/conf.d/b.conf"), "User from-b\nPort 2\n");
        SshSettings s = settings("Include conf.d/*.conf\n", endpoint("x", Optional.empty(), Optional.empty(),
                Optional.empty()), options(Set.of(), Optional.empty()));
        assertEquals(List.of("from-a", "2"), List.of(s.user(), "" + s.port()));
    }

    private List<String> problems(String text) throws IOException {
        Path file = config(text);
        InputException e = assertThrows(InputException.class,
                () -> SshConfig.read(List.of(file), List.of(home.resolve(".ssh")), home));
        return e.problems().stream().map(p -> p.position() + ": " + p.message()).toList();
    }

    @Test
    void linesSshWouldRefuseOrHerdCannotHonourAreReportedWithTheirPlace() throws IOException {
        Path file = home.resolve(".ssh/config");
        assertEquals(List.of(
                file + ":2:3: Match exec is not supported by herd (it reads Match all, host, originalhost and user);"
                        + " put these settings under a Host block",
                file + ":4:3: bad port number 'ssh' (1 to 65535)",
                file + ":5:3: StrictHostKeyChecking must be yes, accept-new, no, off or ask, not 'maybe'",
                file + ":6:3: ConnectTimeout must be a time such as 10 or 1m30s, not 'soon'".replace("ConnectTimeout",
                        "connecttimeout"),
                file + ":7:3: unterminated quote"),
                problems("""
                        Host a
                          Match exec "true"
                        Host b
                          Port ssh
                          StrictHostKeyChecking maybe
                          ConnectTimeout soon
                          User "open
                        """));
    }

    @Test
    void proxyCommandAndUnknownTokensMakeTheHostUnreachableWithWhy() throws IOException {
        Path file = config("Host pc\n  ProxyCommand ssh -W %h:%p b\nHost tok\n  IdentityFile ~/.ssh/%C\n");
        SshTransports factory = new SshTransports(new ConnectOptions(Path.of("/kh"), Duration.ofSeconds(1),
                Duration.ofSeconds(1), 1, "me", Optional.empty(), Optional.of(file), Set.of()), home, "me");
        Problem pc = assertThrows(InputException.class, () -> factory.settingsFor(
                endpoint("pc", Optional.empty(), Optional.empty(), Optional.empty()))).problems().getFirst();
        assertEquals(file + ":2:3: ProxyCommand is not supported by herd; use ProxyJump [user@]host[:port] to go"
                + " through a jump host", pc.position() + ": " + pc.message());
        Problem tok = assertThrows(InputException.class, () -> factory.settingsFor(
                endpoint("tok", Optional.empty(), Optional.empty(), Optional.empty()))).problems().getFirst();
        assertEquals(file + ":4:3: the token %C in '" + home + "/.ssh/%C' is not supported by herd (it knows %%, %d,"
                + " %h, %n, %p, %r, %u)", tok.position() + ": " + tok.message());
        herd.engine.transport.UnreachableException down = assertThrows(herd.engine.transport.UnreachableException.class,
                () -> factory.open(endpoint("pc", Optional.empty(), Optional.empty(), Optional.empty())).connect());
        assertEquals("host inv-name: " + file + ":2:3: ProxyCommand is not supported by herd; use ProxyJump"
                + " [user@]host[:port] to go through a jump host\n      ProxyCommand ssh -W %h:%p b\n      ^ here",
                down.getMessage());
    }

    @Test
    void anIncludeThatIsNoPatternIsAProblemAtItsLine() throws IOException {
        Path file = home.resolve(".ssh/config");
        List<String> problems = problems("Include conf.d/[\n");
        assertEquals(1, problems.size(), problems.toString());
        org.junit.jupiter.api.Assertions.assertTrue(problems.getFirst().startsWith(
                file + ":1:1: Include conf.d/[ is not a file name or pattern: "), problems.getFirst());
    }
}
