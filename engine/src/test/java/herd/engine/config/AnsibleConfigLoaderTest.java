package herd.engine.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import herd.engine.load.InputException;
import herd.engine.load.Problem;
import herd.engine.transport.SshOption;

/** Finding ansible.cfg as Ansible 2.14 does, and reading herd's settings from it and the environment. */
class AnsibleConfigLoaderTest {
    @TempDir
    Path dir;
    private Path cwd;
    private Path home;
    private Path system;

    @BeforeEach
    void folders() throws IOException {
        cwd = Files.createDirectories(dir.resolve("project"));
        home = Files.createDirectories(dir.resolve("home"));
        system = dir.resolve("etc/ansible/ansible.cfg");
    }

    private AnsibleConfigLoader loader(Map<String, String> env) {
        return new AnsibleConfigLoader(env, cwd, home, system);
    }

    private static Path write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        return Files.writeString(file, text);
    }

    @Test
    void noFileMeansDefaults() {
        AnsibleConfig config = loader(Map.of()).load();
        assertEquals(Optional.empty(), config.file());
        assertEquals(new Configured<>(20, new Origin.Default()), config.forks());
        assertEquals(10, config.timeout().value());
        assertTrue(config.hostKeyChecking().value());
        assertFalse(config.become().value());
        assertEquals("root", config.becomeUser().value());
        assertEquals("sudo", config.becomeMethod().value());
        assertEquals(Gathering.IMPLICIT, config.gathering().value());
        assertEquals(List.of(home.resolve(".ansible/roles"), Path.of("/usr/share/ansible/roles"),
                Path.of("/etc/ansible/roles")), config.rolesPath().value());
        assertEquals(Optional.empty(), config.inventory());
        assertEquals(Optional.empty(), config.remoteUser());
        assertEquals(List.of(), config.sshOptions());
    }

    @Test
    void firstFoundWinsInAnsiblesOrder() throws IOException {
        write(system, "[defaults]\nforks = 1\n");
        assertEquals(Optional.of(system), loader(Map.of()).find().file());
        write(home.resolve(".ansible.cfg"), "[defaults]\nforks = 2\n");
        assertEquals(Optional.of(home.resolve(".ansible.cfg")), loader(Map.of()).find().file());
        write(cwd.resolve("ansible.cfg"), "[defaults]\nforks = 3\n");
        assertEquals(3, loader(Map.of()).load().forks().value());
        Path named = write(dir.resolve("elsewhere/my.cfg"), "[defaults]\nforks = 4\n");
        assertEquals(4, loader(Map.of("ANSIBLE_CONFIG", named.toString())).load().forks().value());
    }

    @Test
    void ansibleConfigMayNameAFolderOrARelativePath() throws IOException {
        Path file = write(dir.resolve("conf/ansible.cfg"), "[defaults]\nforks = 4\n");
        assertEquals(Optional.of(file), loader(Map.of("ANSIBLE_CONFIG", dir.resolve("conf").toString())).find().file());
        assertEquals(Optional.of(file), loader(Map.of("ANSIBLE_CONFIG", "../conf")).find().file());
    }

    @Test
    void ansibleConfigNamingNothingFallsThrough() throws IOException {
        write(home.resolve(".ansible.cfg"), "[defaults]\nforks = 2\n");
        assertEquals(Optional.of(home.resolve(".ansible.cfg")),
                loader(Map.of("ANSIBLE_CONFIG", dir.resolve("missing.cfg").toString())).find().file());
    }

    @Test
    void worldWritableCurrentFolderIsIgnoredWithAWarning() throws IOException {
        write(cwd.resolve("ansible.cfg"), "[defaults]\nforks = 3\n");
        write(home.resolve(".ansible.cfg"), "[defaults]\nforks = 2\n");
        Files.setPosixFilePermissions(cwd, PosixFilePermissions.fromString("rwxrwxrwx"));
        AnsibleConfig config = loader(Map.of()).load();
        assertEquals(2, config.forks().value());
        assertEquals(1, config.warnings().size());
        assertTrue(config.warnings().getFirst().startsWith("herd is being run in a world writable folder (" + cwd
                + "), so its ansible.cfg is ignored"), config.warnings()::toString);
    }

    @Test
    void noWarningWhenAnsibleConfigIsUsed() throws IOException {
        write(cwd.resolve("ansible.cfg"), "[defaults]\nforks = 3\n");
        Path named = write(dir.resolve("my.cfg"), "[defaults]\nforks = 4\n");
        Files.setPosixFilePermissions(cwd, PosixFilePermissions.fromString("rwxrwxrwx"));
        AnsibleConfig config = loader(Map.of("ANSIBLE_CONFIG", named.toString())).load();
        assertEquals(4, config.forks().value());
        assertEquals(List.of(), config.warnings());
    }

    @Test
    void everySettingFromTheFileWithItsLine() throws IOException {
        Path cfg = write(cwd.resolve("ansible.cfg"), """
                [defaults]
                inventory = hosts.yml, /abs/other ,
                remote_user = 'deploy'
                private_key_file = ~/keys/id
                forks = 7
                host_key_checking = Off
                roles_path = roles:$HERD_TEST_ROOT/r
                timeout = 30
                gathering = smart
                vault_password_file = vault/pass
                library = lib
                collections_paths = old
                collections_path = new

                [privilege_escalation]
                become = YES
                become_user = admin
                become_method = sudo

                [ssh_connection]
                ssh_args = -o ProxyJump=bastion -C
                """);
        AnsibleConfig c = loader(Map.of("HERD_TEST_ROOT", "/srv")).load();
        assertEquals(Optional.of(cfg), c.file());
        assertEquals(new Configured<>(List.of(cwd.resolve("hosts.yml"), Path.of("/abs/other")),
                new Origin.File(new herd.engine.load.Position(cfg, 2, 13))), c.inventory().orElseThrow());
        assertEquals("deploy", c.remoteUser().orElseThrow().value());
        assertEquals(home.resolve("keys/id"), c.privateKeyFile().orElseThrow().value());
        assertEquals(7, c.forks().value());
        assertEquals(cfg + ":5", c.forks().origin().toString());
        assertFalse(c.hostKeyChecking().value());
        assertEquals(List.of(cwd.resolve("roles"), Path.of("/srv/r")), c.rolesPath().value());
        assertEquals(30, c.timeout().value());
        assertEquals(Gathering.SMART, c.gathering().value());
        assertEquals(cwd.resolve("vault/pass"), c.vaultPasswordFile().orElseThrow().value());
        assertEquals(List.of(cwd.resolve("lib")), c.library().value());
        assertEquals(List.of(cwd.resolve("new")), c.collectionsPath().value());
        assertTrue(c.become().value());
        assertEquals("admin", c.becomeUser().value());
        assertEquals(List.of(new SshOption("proxyjump", "bastion", "ssh_args")), c.sshOptions());
    }

    @Test
    void environmentWinsOverTheFile() throws IOException {
        write(cwd.resolve("ansible.cfg"), "[defaults]\nforks = 7\ninventory = a.yml\n[privilege_escalation]\nbecome = no\n");
        Files.createDirectories(dir.resolve("run"));
        AnsibleConfig c = new AnsibleConfigLoader(Map.of("ANSIBLE_FORKS", "9", "ANSIBLE_BECOME", "true",
                "ANSIBLE_INVENTORY", "x.yml,y.yml", "ANSIBLE_COLLECTIONS_PATHS", "/old",
                "ANSIBLE_COLLECTIONS_PATH", "/new"), cwd, home, system).load();
        assertEquals(new Configured<>(9, new Origin.Env("ANSIBLE_FORKS")), c.forks());
        assertEquals("env: ANSIBLE_FORKS", c.forks().origin().toString());
        assertTrue(c.become().value());
        assertEquals(List.of(cwd.resolve("x.yml"), cwd.resolve("y.yml")), c.inventory().orElseThrow().value());
        assertEquals(List.of(Path.of("/new")), c.collectionsPath().value());
    }

    @Test
    void relativePathsFromTheFileAreRelativeToItsFolder() throws IOException {
        Path cfg = write(dir.resolve("conf/ansible.cfg"), "[defaults]\ninventory = inventories/prod\n");
        AnsibleConfig c = loader(Map.of("ANSIBLE_CONFIG", cfg.toString())).load();
        assertEquals(List.of(dir.resolve("conf/inventories/prod")), c.inventory().orElseThrow().value());
    }

    @Test
    void unknownSectionsAndKeysAreIgnored() throws IOException {
        write(cwd.resolve("ansible.cfg"), "[defaults]\nstdout_callback = yaml\nforks = 2\n[galaxy]\nserver = x\n");
        assertEquals(2, loader(Map.of()).load().forks().value());
    }

    private List<String> errors(String cfgText, Map<String, String> env) throws IOException {
        write(cwd.resolve("ansible.cfg"), cfgText);
        InputException e = assertThrows(InputException.class, () -> loader(env).load());
        return e.problems().stream().map(Problem::render).map(r -> r.lines().findFirst().orElse("")).toList();
    }

    @Test
    void everyTypeErrorIsReportedAtItsLine() throws IOException {
        Path cfg = cwd.resolve("ansible.cfg");
        List<String> errors = errors("""
                [defaults]
                forks = many
                host_key_checking = maybe
                timeout = 0
                gathering = sometimes
                [privilege_escalation]
                become = perhaps
                [ssh_connection]
                ssh_args = -o ProxyCommand="nc %h %p"
                """, Map.of());
        assertEquals(List.of(
                cfg + ":2:9: [defaults] forks must be a whole number of at least 1, not 'many'",
                cfg + ":3:21: [defaults] host_key_checking must be a boolean (yes/no, true/false, on/off, 1/0), not 'maybe'",
                cfg + ":4:11: [defaults] timeout must be a whole number of at least 1, not '0'",
                cfg + ":5:13: [defaults] gathering must be implicit, explicit or smart, not 'sometimes'",
                cfg + ":7:10: [privilege_escalation] become must be a boolean (yes/no, true/false, on/off, 1/0), not 'perhaps'",
                cfg + ":9:12: [ssh_connection] ssh_args cannot be used: -o ProxyCommand is not supported by herd; use"
                        + " -o ProxyJump=[user@]host[:port] (or -J) to go through a jump host"), errors);
    }

    @Test
    void badEnvironmentValuesNameTheirVariable() throws IOException {
        assertEquals(List.of("environment: ANSIBLE_FORKS must be a whole number of at least 1, not '-2'",
                        "environment: ANSIBLE_TIMEOUT must be a whole number of at least 1, not '10s'"),
                errors("[defaults]\n", Map.of("ANSIBLE_FORKS", "-2", "ANSIBLE_TIMEOUT", "10s")));
    }

    @Test
    void booleansAndNumbersAsPythonReadsThem() throws IOException {
        write(cwd.resolve("ansible.cfg"), "[defaults]\nforks = +1_000\nhost_key_checking = 0\n");
        AnsibleConfig c = loader(Map.of()).load();
        assertEquals(1000, c.forks().value());
        assertFalse(c.hostKeyChecking().value());
    }
}
