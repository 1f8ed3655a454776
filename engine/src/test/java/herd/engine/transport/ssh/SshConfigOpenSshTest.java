package herd.engine.transport.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import herd.engine.transport.ConnectOptions;
import herd.engine.transport.Endpoint;

/**
 * herd's reading of every configuration in src/test/resources/ssh-config/ compared with what the real
 * OpenSSH client resolves ({@code ssh -G -F FILE HOST}) for the hosts each file lists in its
 * {@code # hosts:} line. Compared: hostname, user, port, identityfile (as written: ssh -G does not
 * expand it), proxyjump, connecttimeout, serveraliveinterval, serveralivecountmax,
 * stricthostkeychecking and userknownhostsfile (expanded, as ssh -G prints it). Where the file sets
 * nothing, ssh -G prints its own defaults (the ~/.ssh/id_* key list, known_hosts and known_hosts2),
 * which herd replaces by its own; those cases are compared with ssh's documented defaults instead.
 */
class SshConfigOpenSshTest {
    private static final Path CORPUS = Path.of("src/test/resources/ssh-config");
    private static final Path HOME = Path.of(System.getProperty("user.home"));
    private static final String LOCAL_USER = System.getProperty("user.name");

    @TempDir
    static Path dir;

    @BeforeAll
    static void copyCorpus() throws IOException {
        try (Stream<Path> files = Files.walk(CORPUS)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Path target = dir.resolve(CORPUS.relativize(file).toString());
                Files.createDirectories(target.getParent());
                Files.writeString(target, Files.readString(file).replace("@DIR@", dir.toString()));
            }
        }
    }

    @TestFactory
    List<DynamicTest> herdResolvesAsSshDoes() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        List<Path> configs;
        try (Stream<Path> files = Files.list(CORPUS)) {
            configs = files.filter(f -> f.toString().endsWith(".conf")).sorted().toList();
        }
        assertTrue(configs.size() >= 5, "the corpus is missing: " + CORPUS.toAbsolutePath());
        for (Path source : configs) {
            for (String host : hosts(source)) {
                tests.add(DynamicTest.dynamicTest(source.getFileName() + " " + host, () -> {
                    Path config = dir.resolve(source.getFileName().toString());
                    assertEquals(ssh(config, host), herd(config, host), "ssh -G -F " + config + " " + host);
                }));
            }
        }
        return tests;
    }

    private static List<String> hosts(Path config) throws IOException {
        return Files.readAllLines(config).stream().filter(l -> l.startsWith("# hosts:"))
                .flatMap(l -> Arrays.stream(l.substring("# hosts:".length()).trim().split("\\s+"))).toList();
    }

    /** What herd resolves, as the lines ssh -G prints. */
    private static Map<String, String> herd(Path config, String host) {
        SshConfig ssh = SshConfig.read(List.of(config), List.of(HOME.resolve(".ssh")), HOME);
        SshConfig.Resolved r = ssh.resolve(host, List.of(), LOCAL_USER);
        ConnectOptions none = ConnectOptions.defaults();
        SshSettings settings = new SshSettingsResolver(ssh, none, HOME, LOCAL_USER)
                .resolve(new Endpoint(host, Endpoint.Kind.SSH, host, Optional.empty(), Optional.empty(),
                        Optional.empty(), List.of()));
        Map<String, String> out = new LinkedHashMap<>();
        out.put("hostname", r.hostName());
        out.put("user", r.user().orElse(LOCAL_USER));
        out.put("port", Integer.toString(r.port().orElse(22)));
        out.put("identityfile", r.identityFiles().isEmpty() ? "(ssh's defaults)"
                : String.join("\n", r.identityFiles().stream().map(SshConfig.Setting::value).toList()));
        out.put("proxyjump", r.proxyJump().map(SshConfig.Setting::value).filter(v -> !v.equalsIgnoreCase("none"))
                .orElse("(none)"));
        out.put("connecttimeout", r.connectTimeout().map(d -> Long.toString(d.toSeconds())).orElse("none"));
        out.put("serveraliveinterval", r.serverAliveInterval().map(d -> Long.toString(d.toSeconds())).orElse("0"));
        out.put("serveralivecountmax", r.serverAliveCountMax().map(String::valueOf).orElse("3"));
        out.put("stricthostkeychecking", r.strictHostKeyChecking().map(Enum::name).orElse("YES"));
        out.put("userknownhostsfile", r.userKnownHostsFiles().isEmpty() ? "(ssh's defaults)"
                : settings.knownHostsFiles().isEmpty() ? "none"
                : String.join(" ", settings.knownHostsFiles().stream().map(Path::toString).toList()));
        return out;
    }

    /** What ssh -G prints, for the same keys; its defaults where herd has its own. */
    private static Map<String, String> ssh(Path config, String host) throws IOException, InterruptedException {
        Map<String, List<String>> lines = new LinkedHashMap<>();
        for (String line : run("ssh", "-G", "-F", config.toString(), host).split("\n")) {
            int space = line.indexOf(' ');
            if (space > 0) {
                lines.computeIfAbsent(line.substring(0, space), k -> new ArrayList<>()).add(line.substring(space + 1));
            }
        }
        Map<String, String> out = new LinkedHashMap<>();
        out.put("hostname", one(lines, "hostname"));
        out.put("user", one(lines, "user"));
        out.put("port", one(lines, "port"));
        List<String> keys = lines.getOrDefault("identityfile", List.of());
        List<String> defaults = List.of("~/.ssh/id_rsa", "~/.ssh/id_ecdsa", "~/.ssh/id_ecdsa_sk", "~/.ssh/id_ed25519",
                "~/.ssh/id_ed25519_sk", "~/.ssh/id_xmss", "~/.ssh/id_dsa");
        out.put("identityfile", keys.equals(defaults) ? "(ssh's defaults)" : String.join("\n", keys));
        out.put("proxyjump", lines.containsKey("proxyjump") ? one(lines, "proxyjump") : "(none)");
        out.put("connecttimeout", one(lines, "connecttimeout"));
        out.put("serveraliveinterval", one(lines, "serveraliveinterval"));
        out.put("serveralivecountmax", one(lines, "serveralivecountmax"));
        out.put("stricthostkeychecking", switch (one(lines, "stricthostkeychecking")) {
            case "true", "ask" -> "YES";
            case "false" -> "NO";
            case "accept-new" -> "ACCEPT_NEW";
            default -> "unexpected " + one(lines, "stricthostkeychecking");
        });
        String known = one(lines, "userknownhostsfile");
        out.put("userknownhostsfile", known.equals(HOME + "/.ssh/known_hosts " + HOME + "/.ssh/known_hosts2")
                ? "(ssh's defaults)" : known);
        return out;
    }

    private static String one(Map<String, List<String>> lines, String key) {
        List<String> values = lines.get(key);
        assertTrue(values != null && values.size() == 1, "ssh -G printed " + values + " for " + key);
        return values.getFirst();
    }

    private static String run(String... command) throws IOException, InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            return fail("the OpenSSH client (ssh) is needed to check herd's reading of ssh_config: run bin/install-deps ("
                    + e.getMessage() + ")");
        }
        String out;
        try (InputStream in = p.getInputStream()) {
            out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "ssh -G did not finish");
        assertEquals(0, p.exitValue(), "ssh -G failed: " + String.join(" ", command));
        return out;
    }
}
