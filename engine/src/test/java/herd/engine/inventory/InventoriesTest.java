package herd.engine.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import herd.engine.load.InputException;

/** Several sources, folders, host lists, the choice between YAML and INI, and the vars folders' precedence. */
class InventoriesTest {
    @TempDir
    Path dir;

    private Path write(String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
        return file;
    }

    private static Map<String, Object> map(Object... keysAndValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return m;
    }

    private List<String> problems(List<Path> sources) {
        InputException e = assertThrows(InputException.class, () -> Inventories.load(sources));
        return e.problems().stream().map(p -> p.position().toString().replace(dir + "/", "") + ": " + p.message()).toList();
    }

    /** Each layer sets the variables from its letter on; the host sees the highest layer that set each. */
    @Test
    void variablesFollowAnsiblesPrecedenceLayerByLayer() throws IOException {
        Path inventory = write("inv/hosts.yml", """
                all:
                  vars: {a: inv_all, b: inv_all, c: inv_all, d: inv_all, e: inv_all, f: inv_all, g: inv_all, h: inv_all, i: inv_all}
                  children:
                    web:
                      vars: {b: inv_web, c: inv_web, d: inv_web, e: inv_web, f: inv_web, g: inv_web, h: inv_web, i: inv_web}
                      hosts:
                        web1: {g: inv_host, h: inv_host, i: inv_host}
                """);
        write("inv/group_vars/all.yml", "{c: gv_inv_all, d: gv_inv_all, e: gv_inv_all, f: gv_inv_all, g: gv_inv_all}");
        write("play/group_vars/all.yml", "{d: gv_play_all, e: gv_play_all, f: gv_play_all, g: gv_play_all}");
        write("inv/group_vars/web.yml", "{e: gv_inv_web, f: gv_inv_web, g: gv_inv_web}");
        write("play/group_vars/web.yml", "{f: gv_play_web, g: gv_play_web}");
        write("inv/host_vars/web1.yml", "{h: hv_inv, i: hv_inv}");
        write("play/host_vars/web1.yml", "{i: hv_play}");
        Inventory loaded = Inventories.load(List.of(inventory), Optional.of(dir.resolve("play")));
        assertEquals(map("a", "inv_all", "b", "inv_web", "c", "gv_inv_all", "d", "gv_play_all", "e", "gv_inv_web",
                "f", "gv_play_web", "g", "inv_host", "h", "hv_inv", "i", "hv_play"), loaded.host("web1").orElseThrow().vars());
    }

    @Test
    void groupVarsOfAllBeatTheInventoryVariablesOfOtherGroups() throws IOException {
        Path inventory = write("hosts.ini", "[web]\nweb1\n[web:vars]\nlevel=web_inventory\n");
        write("group_vars/all.yml", "level: group_vars_all\n");
        assertEquals(map("level", "group_vars_all"), Inventories.load(List.of(inventory)).host("web1").orElseThrow().vars());
    }

    @Test
    void aVarsFolderIsReadInSortedOrderAndTheFileWithoutExtensionComesFirst() throws IOException {
        Path inventory = write("hosts", "[web]\nweb1\n[db]\ndb1\n");
        write("group_vars/web/10-base.yml", "{a: base, b: base, list: [1, 2]}\n");
        write("group_vars/web/20-more.yaml", "{b: more}\n");
        write("group_vars/web/sub/30-deep.json", "{\"c\": 0.5}\n");
        write("group_vars/web/.hidden.yml", "{a: hidden}\n");
        write("group_vars/web/40-backup.yml~", "{a: backup}\n");
        write("group_vars/web/notes.txt", "a: notes\n");
        write("group_vars/web.yml", "{a: shadowed}\n");
        write("group_vars/db", "engine: postgres\n");
        write("group_vars/db.yml", "engine: shadowed\n");
        Inventory loaded = Inventories.load(List.of(inventory));
        assertEquals(map("a", "base", "b", "more", "list", List.of(1L, 2L), "c", 0.5), loaded.host("web1").orElseThrow().vars());
        assertEquals(map("engine", "postgres"), loaded.host("db1").orElseThrow().vars());
    }

    @Test
    void laterSourcesAddHostsAndOverrideVariables() throws IOException {
        Path first = write("a/hosts.ini", "[web]\nweb1:2201 level=first\nweb2\n[web:vars]\nfrom_first=1\n");
        Path second = write("b/site.yml", """
                web:
                  hosts:
                    web1:2299: {level: second}
                    web3:
                  vars: {from_second: 2}
                """);
        write("a/group_vars/g.yml", "x: a\n");
        Inventory loaded = Inventories.load(List.of(first, second));
        assertEquals(List.of("web1", "web2", "web3"), loaded.groups().get("web").hosts());
        assertEquals(map("from_first", 1L, "from_second", 2L, "ansible_port", 2201L, "level", "second"),
                loaded.host("web1").orElseThrow().vars(), "a host keeps the port of its first mention");
    }

    @Test
    void aLaterSourcesGroupVarsWinWhateverTheGroupOrder() throws IOException {
        Path first = write("a/hosts.ini", "[g_a]\nh\n[g_b]\nh\n");
        Path second = write("b/hosts.ini", "[g_a]\nh\n");
        write("a/group_vars/g_b.yml", "x: from_a_g_b\n");
        write("b/group_vars/g_a.yml", "x: from_b_g_a\n");
        assertEquals(map("x", "from_b_g_a"), Inventories.load(List.of(first, second)).host("h").orElseThrow().vars());
    }

    @Test
    void aFolderReadsEveryFileExceptIgnoredOnesAndItsSubFolders() throws IOException {
        write("inv/01-hosts", "[web]\nweb1\n");
        write("inv/02-site.yml", "db:\n  hosts:\n    db1:\n");
        write("inv/03-data.json", "{\"mon\": {\"hosts\": {\"mon1\": null}}}");
        write("inv/sub/more", "[web]\nweb9\n");
        write("inv/sub/group_vars/all.yml", "never: applied\n");
        write("inv/group_vars/all.yml", "folder: true\n");
        for (String ignored : List.of("hosts.ini", "x.cfg", "x.retry", "x.orig", "x~", "README.md", "x.txt", "x.bak",
                ".hidden", "x.swp", "x.pyc", "x.rst", "x.rpm")) {
            write("inv/" + ignored, "[ignored]\nignored\n");
        }
        Inventory loaded = Inventories.load(List.of(dir.resolve("inv")));
        assertEquals(List.of("web1", "db1", "mon1", "web9"), List.copyOf(loaded.hosts().keySet()));
        assertEquals(map("folder", true), loaded.host("web9").orElseThrow().vars());
    }

    @Test
    void aCommaSeparatedListNamesUngroupedHosts() {
        Inventory loaded = Inventories.load(List.of(Path.of("web1,web2:2222,")));
        assertEquals(List.of("web1", "web2"), loaded.groups().get("ungrouped").hosts());
        assertEquals(map("ansible_port", 2222L), loaded.host("web2").orElseThrow().vars());
    }

    @Test
    void aFileWithoutExtensionIsYamlWhenItIsAYamlMappingAndIniOtherwise() throws IOException {
        Path yaml = write("yaml/hosts", "web:\n  hosts:\n    web1:\n");
        Path ini = write("ini/hosts", "web1\nweb2 x=1\n");
        assertEquals(List.of("web1"), Inventories.load(List.of(yaml)).groups().get("web").hosts());
        assertEquals(List.of("web1", "web2"), Inventories.load(List.of(ini)).groups().get("ungrouped").hosts());
    }

    @Test
    void aYamlFileThatIsNotAnInventoryReportsItsYamlProblems() throws IOException {
        Path file = write("hosts.yml", "all:\n  hosts: [\n");
        List<String> problems = problems(List.of(file));
        assertEquals(1, problems.size(), problems::toString);
        assertTrue(problems.getFirst().startsWith("hosts.yml:3:1: YAML syntax error: "), problems::toString);
    }

    @Test
    void aYamlFileThatIsValidIniIsReadAsIniAsAnsibleDoes() throws IOException {
        Path file = write("hosts.yml", "[web]\nweb1\n");
        assertEquals(List.of("web1"), Inventories.load(List.of(file)).groups().get("web").hosts());
    }

    @Test
    void pluginConfigurationsScriptsMissingSourcesAndBadVarsFilesAreProblems() throws IOException {
        Path plugin = write("aws_ec2.yml", "plugin: amazon.aws.aws_ec2\nregions: [eu-west-1]\n");
        Path script = write("inventory.py", "#!/usr/bin/env python3\nprint('{}')\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path hosts = write("hosts.ini", "[web]\nweb1\n");
        write("group_vars/web.yml", "- a\n- list\n");
        write("host_vars/web1.yml", "$ANSIBLE_VAULT;1.1;AES256\n3031\n");
        assertEquals(List.of(
                "aws_ec2.yml:1:9: this is the configuration of an inventory plugin, which herd does not run",
                "inventory.py:1:1: herd does not run inventory scripts",
                "missing.ini: inventory not found"), problems(List.of(plugin, script, dir.resolve("missing.ini"))));
        assertEquals(List.of(
                "group_vars/web.yml:1:1: the variables in group_vars/web.yml must be a mapping, not a list",
                "host_vars/web1.yml:1:1: cannot decrypt the vault file: the vault text is damaged: it does not hold a"
                        + " salt, an HMAC and a ciphertext"), problems(List.of(hosts)));
    }

    @Test
    void noSourceIsAProblem() {
        assertEquals(List.of("-i: no inventory given"), problems(List.of()));
    }
}
