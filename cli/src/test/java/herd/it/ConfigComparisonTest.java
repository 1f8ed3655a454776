package herd.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import herd.engine.config.AnsibleConfigLoader;
import herd.engine.config.Setting;

/**
 * herd config against the real {@code ansible-config dump --only-changed} (Debian's ansible-core 2.14)
 * for the same files and variables: the same file is found, and every setting herd reads has the same
 * value and origin (herd's origin adds the line).
 */
class ConfigComparisonTest {
    private static final Pattern LINE = Pattern.compile("^([A-Z_]+)\\((.*?)\\) = (.*)$");
    private static final String EVERY_SETTING = """
            [defaults]
            inventory = inventories/prod.yml, /srv/other.ini
            Remote_User: deploy ; who logs in
            private_key_file = ~/.ssh/deploy_ed25519
            # forks = 99
            forks = 7
            host_key_checking = off
            roles_path = roles:$HERD_CMP_ROOT/roles:~/roles
            timeout = 30
            gathering = smart
            vault_password_file = secrets/vault-pass
            library = library
            collections_paths = old
            collections_path = collections
            stdout_callback = yaml

            [privilege_escalation]
            become = YES
            become_user = 'plone'
            become_method = sudo

            [galaxy]
            server = https://example.org
            """;

    @TempDir
    Path dir;
    private Path project;
    private Path home;

    @BeforeEach
    void folders() throws IOException {
        project = Files.createDirectories(dir.resolve("project"));
        home = Files.createDirectories(dir.resolve("home"));
    }

    @Test
    void aFileNamedByAnsibleConfigWithEnvironmentOverrides() throws Exception {
        Path cfg = Files.createDirectories(dir.resolve("conf")).resolve("ansible.cfg");
        Files.writeString(cfg, EVERY_SETTING);
        compare(Map.of("ANSIBLE_CONFIG", dir.resolve("conf").toString(), "HERD_CMP_ROOT", "/opt/cmp",
                "ANSIBLE_FORKS", "9", "ANSIBLE_BECOME_USER", "zope", "ANSIBLE_INVENTORY", "a.yml,b.yml",
                "ANSIBLE_ROLES_PATH", "r1:/abs/r2", "ANSIBLE_HOST_KEY_CHECKING", "True"), 15);
    }

    @Test
    void aFileInTheCurrentFolder() throws Exception {
        Files.writeString(project.resolve("ansible.cfg"), EVERY_SETTING);
        compare(Map.of("HERD_CMP_ROOT", "/opt/cmp"), 15);
    }

    @Test
    void theHomeFileWhenTheCurrentFolderIsWorldWritable() throws Exception {
        Files.writeString(project.resolve("ansible.cfg"), EVERY_SETTING);
        Files.writeString(home.resolve(".ansible.cfg"), "[defaults]\nforks = 3\n");
        Files.setPosixFilePermissions(project, PosixFilePermissions.fromString("rwxrwxrwx"));
        compare(Map.of(), 2);
    }

    /** Compares herd's and Ansible's lines for herd's settings; {@code expected} lines, CONFIG_FILE included. */
    private void compare(Map<String, String> env, int expected) throws Exception {
        AnsibleConfigLoader loader = new AnsibleConfigLoader(env, project, home, dir.resolve("no/ansible.cfg"));
        CliRun herd = CliRun.with(loader, "config");
        assertEquals(0, herd.exitCode(), herd::toString);
        Map<String, String> ours = parse(herd.out(), true);
        Map<String, String> theirs = parse(ansibleConfig(env), false);
        theirs.keySet().retainAll(herdNames());
        assertEquals(theirs, ours, () -> "herd config:\n" + herd.out());
        assertEquals(expected, ours.size(), ours::toString);
    }

    private static List<String> herdNames() {
        List<String> names = new ArrayList<>(List.of("CONFIG_FILE"));
        Stream.of(Setting.values()).map(Setting::ansibleName).forEach(names::add);
        return names;
    }

    /** name → "(origin) = value"; herd's file origins lose their line number. */
    private static Map<String, String> parse(String out, boolean herd) {
        Map<String, String> lines = new TreeMap<>();
        for (String line : out.lines().toList()) {
            Matcher m = LINE.matcher(line);
            if (m.matches()) {
                String origin = herd ? m.group(2).replaceFirst(":\\d+$", "") : m.group(2);
                lines.put(m.group(1), "(" + origin + ") = " + m.group(3));
            }
        }
        return lines;
    }

    private String ansibleConfig(Map<String, String> vars) throws IOException, InterruptedException {
        Path binary = Stream.of(System.getenv("PATH").split(File.pathSeparator))
                .map(d -> Path.of(d, "ansible-config")).filter(Files::isExecutable).findFirst()
                .orElseGet(() -> fail("ansible-config is not installed: run bin/install-deps (Debian's ansible-core)"));
        ProcessBuilder builder = new ProcessBuilder(binary.toString(), "dump", "--only-changed").directory(project.toFile());
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(k -> k.startsWith("ANSIBLE_"));
        env.put("HOME", home.toString());
        env.put("ANSIBLE_NOCOLOR", "1");
        env.putAll(new HashMap<>(vars));
        Path err = dir.resolve("ansible.err");
        Process process = builder.redirectError(err.toFile()).start();
        process.getOutputStream().close();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        // A guard against a hung process, not a timing assertion.
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail("ansible-config did not finish");
        }
        assertEquals(0, process.exitValue(), () -> "ansible-config failed: " + readQuietly(err));
        assertTrue(out.contains("CONFIG_FILE()"), out);
        return out;
    }

    private static String readQuietly(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "";
        }
    }
}
