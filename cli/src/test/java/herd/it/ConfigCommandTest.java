package herd.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import herd.engine.config.AnsibleConfigLoader;

/** ansible.cfg and its ANSIBLE_* variables on the command line: herd config, and the defaults run, check and hosts take. */
class ConfigCommandTest {
    @TempDir
    Path dir;
    private Path project;
    private Path home;

    @BeforeEach
    void folders() throws IOException {
        project = Files.createDirectories(dir.resolve("project"));
        home = Files.createDirectories(dir.resolve("home"));
    }

    private CliRun herd(Map<String, String> env, String... args) {
        return CliRun.with(new AnsibleConfigLoader(env, project, home, dir.resolve("etc/ansible.cfg")), args);
    }

    private Path write(String name, String text) throws IOException {
        Path file = project.resolve(name);
        Files.createDirectories(file.getParent());
        return Files.writeString(file, text);
    }

    @Test
    void configPrintsWhatTheFileAndTheEnvironmentSet() throws IOException {
        Path cfg = write("ansible.cfg", """
                [defaults]
                inventory = hosts.yml
                forks = 7
                remote_user = deploy ; the login
                [privilege_escalation]
                become = yes
                """);
        CliRun r = herd(Map.of("ANSIBLE_TIMEOUT", "30"), "config");
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals("CONFIG_FILE() = " + cfg + "\n"
                + "DEFAULT_BECOME(" + cfg + ":6) = True\n"
                + "DEFAULT_FORKS(" + cfg + ":3) = 7\n"
                + "DEFAULT_HOST_LIST(" + cfg + ":2) = ['" + project.resolve("hosts.yml") + "']\n"
                + "DEFAULT_REMOTE_USER(" + cfg + ":4) = deploy\n"
                + "DEFAULT_TIMEOUT(env: ANSIBLE_TIMEOUT) = 30\n", r.out());
        assertEquals("", r.err());
    }

    @Test
    void configAllShowsTheDefaultsToo() {
        CliRun r = herd(Map.of(), "config", "--all");
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.out().startsWith("COLLECTIONS_PATHS(default) = ['" + home.resolve(".ansible/collections")
                + "', '/usr/share/ansible/collections']\nCONFIG_FILE() = None\n"), r::toString);
        for (String line : new String[] {"DEFAULT_BECOME(default) = False", "DEFAULT_BECOME_METHOD(default) = sudo",
                "DEFAULT_BECOME_USER(default) = root", "DEFAULT_FORKS(default) = 20", "DEFAULT_GATHERING(default) = implicit",
                "DEFAULT_HOST_LIST(default) = None", "DEFAULT_PRIVATE_KEY_FILE(default) = None",
                "DEFAULT_TIMEOUT(default) = 10", "HOST_KEY_CHECKING(default) = True",
                "DEFAULT_VAULT_IDENTITY_LIST(default) = []", "DEFAULT_VAULT_PASSWORD_FILE(default) = None",
                "SSH_ARGS(default) = -C -o ControlMaster=auto -o ControlPersist=60s"}) {
            assertTrue(r.out().contains(line + "\n"), () -> line + " in\n" + r);
        }
        assertEquals(17, r.out().lines().count(), r::toString);
    }

    @Test
    void aBadValueIsExitFourWithItsLine() throws IOException {
        Path cfg = write("ansible.cfg", "[defaults]\nforks = lots\n");
        CliRun r = herd(Map.of(), "config");
        assertEquals(4, r.exitCode(), r::toString);
        assertEquals("ERROR: " + cfg + ":2:9: [defaults] forks must be a whole number of at least 1, not 'lots'\n"
                + "    forks = lots\n"
                + "            ^ here\n", r.err());
        CliRun run = herd(Map.of(), "run", write("pb.yml", "- hosts: all\n  gather_facts: false\n  tasks: []\n").toString());
        assertEquals(4, run.exitCode(), run::toString);
        assertTrue(run.err().startsWith("ERROR: " + cfg + ":2:9: [defaults] forks must be"), run::toString);
    }

    @Test
    void aBadEnvironmentValueNamesTheVariable() {
        CliRun r = herd(Map.of("ANSIBLE_HOST_KEY_CHECKING", "sometimes"), "config");
        assertEquals(4, r.exitCode(), r::toString);
        assertEquals("ERROR: environment: ANSIBLE_HOST_KEY_CHECKING must be a boolean (yes/no, true/false, on/off, 1/0),"
                + " not 'sometimes'\n", r.err());
    }

    @Test
    void anotherBecomeMethodIsRefusedByRunAndCheck() throws IOException {
        Path cfg = write("ansible.cfg", "[privilege_escalation]\nbecome_method = doas\n");
        Path pb = write("pb.yml", "- hosts: all\n  gather_facts: false\n  tasks: []\n");
        CliRun r = herd(Map.of(), "check", pb.toString(), "-i", "localhost,");
        assertEquals(4, r.exitCode(), r::toString);
        assertTrue(r.err().startsWith("ERROR: " + cfg + ":2:17: [privilege_escalation] become_method must be sudo"
                + " or su (the methods herd has), not 'doas'"), r::toString);
        assertEquals(0, herd(Map.of(), "config").exitCode());
    }

    @Test
    void theCfgsInventoryIsUsedWithoutDashI() throws IOException {
        write("inventories/local.yml", "all:\n  hosts:\n    one:\n    two:\n  vars:\n    ansible_connection: local\n");
        write("ansible.cfg", "[defaults]\ninventory = inventories/local.yml\n");
        Path pb = write("pb.yml", "- hosts: all\n  gather_facts: false\n  tasks:\n    - command: echo hi\n");
        CliRun r = herd(Map.of(), "run", pb.toString(), "--no-lock", "--journal", dir.resolve("j").toString(), "--no-color");
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.out().contains("one : ok=1") && r.out().contains("two : ok=1"), r::toString);
        CliRun hosts = herd(Map.of(), "hosts");
        assertEquals(0, hosts.exitCode(), hosts::toString);
        assertTrue(hosts.out().contains("one") && hosts.out().contains("two"), hosts::toString);
        CliRun overridden = herd(Map.of("ANSIBLE_INVENTORY", "missing.yml"), "hosts");
        assertEquals(4, overridden.exitCode(), overridden::toString);
        assertTrue(overridden.err().contains(project.resolve("missing.yml") + ": inventory not found"), overridden::toString);
    }

    /** forks 1 runs the hosts one after another: a lock folder only one host at a time can hold shows it. */
    @Test
    void theCfgsForksLimitHowManyHostsWorkAtOnce() throws IOException {
        Path lock = dir.resolve("held");
        write("inv.yml", "all:\n  hosts:\n    one:\n    two:\n    three:\n  vars:\n    ansible_connection: local\n");
        Path pb = write("pb.yml", "- hosts: all\n  gather_facts: false\n  tasks:\n    - shell: mkdir " + lock
                + " && sleep 0.5 && rmdir " + lock + "\n");
        write("ansible.cfg", "[defaults]\ninventory = inv.yml\nforks = 1\n");
        String[] args = {"run", pb.toString(), "--no-lock", "--journal", dir.resolve("j").toString(), "--no-color"};
        CliRun one = herd(Map.of(), args);
        assertEquals(0, one.exitCode(), one::toString);
        CliRun all = herd(Map.of("ANSIBLE_FORKS", "3"), args);
        assertEquals(2, all.exitCode(), all::toString);
    }

    @Test
    void aWorldWritableFolderIsWarnedAbout() throws IOException {
        write("ansible.cfg", "[defaults]\nforks = 3\n");
        Files.setPosixFilePermissions(project, java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
        CliRun r = herd(Map.of(), "config");
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals("CONFIG_FILE() = None\n", r.out());
        assertTrue(r.err().startsWith("[WARNING]: herd is being run in a world writable folder (" + project + ")"), r::toString);
    }
}
