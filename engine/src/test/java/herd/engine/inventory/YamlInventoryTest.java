package herd.engine.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import herd.engine.load.InputException;
import herd.engine.load.Position;
import herd.engine.load.Problem;

class YamlInventoryTest {
    @TempDir
    Path dir;

    private Path write(String text) throws IOException {
        Path file = dir.resolve("hosts.yml");
        Files.writeString(file, text);
        return file;
    }

    private Inventory load(String text) throws IOException {
        return YamlInventory.load(write(text));
    }

    private static Map<String, Object> map(Object... keysAndValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return m;
    }

    private static final String SITE = """
            all:
              vars:
                level: all
                ntp: pool.ntp.org
              hosts:
                lonely:
              children:
                web:
                  vars:
                    level: web
                    http_port: 80
                    role: web
                  hosts:
                    web1:
                      ansible_host: 10.0.0.1
                    web2:
                  children:
                    web_eu:
                      vars:
                        level: web_eu
                      hosts:
                        web3:
                          level: host
                        web4:
                db:
                  vars:
                    role: db
                  hosts:
                    db1:
                    web1:
            dc1:
              vars:
                dc: one
              hosts:
                db1:
                web2:
            """;

    @Test
    void hostsAreKeptInTheOrderTheyWereFirstWritten() throws IOException {
        Inventory inventory = load(SITE);
        assertEquals(List.of("lonely", "web1", "web2", "web3", "web4", "db1"), List.copyOf(inventory.hosts().keySet()));
    }

    @Test
    void groupVariablesMergeFromShallowToDeepThenTheHost() throws IOException {
        Inventory inventory = load(SITE);
        assertEquals(map("level", "host", "ntp", "pool.ntp.org", "http_port", 80L, "role", "web"),
                inventory.host("web3").orElseThrow().vars());
        assertEquals(map("level", "web_eu", "ntp", "pool.ntp.org", "http_port", 80L, "role", "web"),
                inventory.host("web4").orElseThrow().vars());
        assertEquals(map("level", "all", "ntp", "pool.ntp.org"), inventory.host("lonely").orElseThrow().vars());
        assertEquals(map("level", "all", "ntp", "pool.ntp.org", "role", "db", "dc", "one"),
                inventory.host("db1").orElseThrow().vars());
    }

    @Test
    void aHostInTwoGroupsOfTheSameDepthTakesTheLaterGroupByNameAndKeepsItsOwnVariables() throws IOException {
        Inventory inventory = load(SITE);
        // web1 is in db and web, both one below all: Ansible orders them by name, so web wins.
        assertEquals(map("level", "web", "ntp", "pool.ntp.org", "role", "web", "http_port", 80L,
                "ansible_host", "10.0.0.1"), inventory.host("web1").orElseThrow().vars());
    }

    @Test
    void aDeeperGroupOverridesAShallowerOneWrittenLater() throws IOException {
        Inventory inventory = load("""
                eu:
                  vars:
                    tier: eu
                  hosts:
                    web3:
                all:
                  vars:
                    tier: all
                  children:
                    web:
                      vars:
                        tier: web
                      children:
                        eu:
                """);
        assertEquals(map("tier", "eu"), inventory.host("web3").orElseThrow().vars());
        assertEquals(List.of("eu", "web"), inventory.host("web3").orElseThrow().groups());
    }

    @Test
    void aHostsOwnVariablesWinOverEveryGroupAndMergeAcrossItsEntries() throws IOException {
        Inventory inventory = load("""
                all:
                  children:
                    web:
                      vars:
                        port: 80
                      hosts:
                        web1:
                          port: 8080
                    db:
                      hosts:
                        web1:
                          user: deploy
                """);
        assertEquals(map("port", 8080L, "user", "deploy"), inventory.host("web1").orElseThrow().vars());
    }

    @Test
    void hostGroupsListEveryGroupAndAncestorSortedWithoutAll() throws IOException {
        Inventory inventory = load(SITE);
        assertEquals(List.of("ungrouped"), inventory.host("lonely").orElseThrow().groups());
        assertEquals(List.of("db", "web"), inventory.host("web1").orElseThrow().groups());
        assertEquals(List.of("dc1", "web"), inventory.host("web2").orElseThrow().groups());
        assertEquals(List.of("web", "web_eu"), inventory.host("web3").orElseThrow().groups());
        assertEquals(List.of("db", "dc1"), inventory.host("db1").orElseThrow().groups());
    }

    @Test
    void membersIncludeChildGroupsInInventoryOrder() throws IOException {
        Inventory inventory = load(SITE);
        assertEquals(List.of("web1", "web2", "web3", "web4"), inventory.members("web"));
        assertEquals(List.of("web3", "web4"), inventory.members("web_eu"));
        assertEquals(List.of("web1", "db1"), inventory.members("db"));
        assertEquals(List.of("web2", "db1"), inventory.members("dc1"));
        assertEquals(List.of("lonely"), inventory.members("ungrouped"));
        assertEquals(List.of("lonely", "web1", "web2", "web3", "web4", "db1"), inventory.members("all"));
        assertEquals(List.of(), inventory.members("nosuch"));
    }

    @Test
    void aTopLevelGroupIsAChildOfAll() throws IOException {
        Inventory inventory = load(SITE);
        assertEquals(List.of("ungrouped", "web", "db", "dc1"), inventory.groups().get("all").children());
        assertEquals(List.of("web_eu"), inventory.groups().get("web").children());
        assertEquals(List.of("web1", "web2"), inventory.groups().get("web").hosts());
        assertEquals(map("dc", "one"), inventory.groups().get("dc1").vars());
    }

    @Test
    void aGroupRemembersWhereItWasDefined() throws IOException {
        Path file = write(SITE);
        Inventory inventory = YamlInventory.load(file);
        assertEquals(new Position(file, 31, 1), inventory.groups().get("dc1").position());
        assertEquals(new Position(file, 18, 9), inventory.groups().get("web_eu").position());
    }

    @Test
    void anEmptyInventoryHasOnlyAllAndUngrouped() throws IOException {
        Inventory inventory = load("");
        assertEquals(Map.of(), inventory.hosts());
        assertEquals(List.of("all", "ungrouped"), List.copyOf(inventory.groups().keySet()));
    }

    @Test
    void aMisspeltGroupKeyIsReportedWithASuggestion() throws IOException {
        Path file = write("""
                all:
                  children:
                    web:
                      host:
                        web1:
                """);
        InputException e = assertThrows(InputException.class, () -> YamlInventory.load(file));
        assertEquals(1, e.problems().size());
        Problem problem = e.problems().getFirst();
        assertEquals(new Position(file, 4, 7), problem.position());
        assertEquals("unknown key 'host' in a group ('web')", problem.message());
        assertEquals(Optional.of("did you mean 'hosts'?"), problem.hint());
        assertEquals(file + ":4:7: unknown key 'host' in a group ('web')\n"
                + "  did you mean 'hosts'?\n"
                + "          host:\n"
                + "          ^ here", problem.render());
    }

    @Test
    void aKeyFarFromAnyGroupKeyListsTheValidOnes() throws IOException {
        Path file = write("""
                web:
                  ansible_host: 10.0.0.1
                """);
        Problem problem = assertThrows(InputException.class, () -> YamlInventory.load(file)).problems().getFirst();
        assertEquals("unknown key 'ansible_host' in a group ('web')", problem.message());
        assertEquals(Optional.of("valid keys: children, hosts, vars"), problem.hint());
        assertEquals(new Position(file, 2, 3), problem.position());
    }

    @Test
    void everyProblemOfTheFileIsReported() throws IOException {
        Path file = write("""
                all:
                  children:
                    web:
                      hosts:
                        web1: 5
                      vars: [a, b]
                    db:
                      childs:
                """);
        InputException e = assertThrows(InputException.class, () -> YamlInventory.load(file));
        assertEquals(List.of(
                        file + ":5:15: the variables of host 'web1' must be a mapping, not a number",
                        file + ":6:13: 'vars' must be a mapping, not a list",
                        file + ":8:7: unknown key 'childs' in a group ('db')"),
                e.problems().stream().map(p -> p.position() + ": " + p.message()).toList());
    }

    @Test
    void anInventoryThatIsNotAMappingIsAProblem() throws IOException {
        Path file = write("""
                - web1
                - web2
                """);
        Problem problem = assertThrows(InputException.class, () -> YamlInventory.load(file)).problems().getFirst();
        assertEquals("an inventory must be a mapping of groups, not a list", problem.message());
        assertEquals(Optional.of("start with 'all:' and put hosts under 'all: hosts:'"), problem.hint());
        assertEquals(new Position(file, 1, 1), problem.position());
    }

    @Test
    void aGroupCannotBeItsOwnChild() throws IOException {
        Path file = write("""
                all:
                  children:
                    web:
                      children:
                        web:
                """);
        Problem problem = assertThrows(InputException.class, () -> YamlInventory.load(file)).problems().getFirst();
        assertEquals("group 'web' cannot be its own child", problem.message());
        assertEquals(new Position(file, 5, 9), problem.position());
    }

    @Test
    void aGroupCycleIsAProblem() throws IOException {
        Path file = write("""
                all:
                  children:
                    a:
                      children:
                        b:
                    b:
                      children:
                        a:
                      hosts:
                        web1:
                """);
        InputException e = assertThrows(InputException.class, () -> YamlInventory.load(file));
        assertEquals("group 'a' is its own ancestor: making it a child of 'b' makes a loop", e.problems().getFirst().message());
        assertEquals(new Position(file, 8, 9), e.problems().getFirst().position());
    }
}
