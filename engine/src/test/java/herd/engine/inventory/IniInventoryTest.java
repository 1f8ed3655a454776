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

class IniInventoryTest {
    @TempDir
    Path dir;

    private Path write(String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, text);
        return file;
    }

    private Inventory load(String text) throws IOException {
        return Inventories.load(List.of(write("hosts.ini", text)));
    }

    private List<String> problems(String text) throws IOException {
        Path file = write("hosts.ini", text);
        InputException e = assertThrows(InputException.class, () -> Inventories.load(List.of(file)));
        return e.problems().stream().map(p -> p.position().toString().replace(dir + "/", "") + ": " + p.message()).toList();
    }

    private static Map<String, Object> map(Object... keysAndValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return m;
    }

    private static final String SITE = """
            # hosts before any section are ungrouped
            bastion ansible_user=admin
            ; semicolon comments too
            jump:2222

            [web]
            web[1:2] http_port=8080   # shlex drops the comment
            web3:8443 motto="two words" ratio=0.5 on=True off=no

            [db]
            db1

            [app:children]
            web
            db

            [app:vars]
            tier = app
            ports = [80, 443]
            note = plain text # not a comment in a value
            """;

    @Test
    void hostsBeforeAnySectionAreUngroupedAndSectionsMakeGroups() throws IOException {
        Inventory inventory = load(SITE);
        assertEquals(List.of("bastion", "jump", "web1", "web2", "web3", "db1"), List.copyOf(inventory.hosts().keySet()));
        assertEquals(List.of("bastion", "jump"), inventory.groups().get("ungrouped").hosts());
        assertEquals(List.of("web1", "web2", "web3"), inventory.groups().get("web").hosts());
        assertEquals(List.of("web", "db"), inventory.groups().get("app").children());
        assertEquals(List.of("ungrouped", "app"), inventory.groups().get("all").children());
        assertEquals(List.of("app", "web"), inventory.host("web1").orElseThrow().groups());
    }

    @Test
    void inlineVariablesArePythonLiteralsAndGroupVariablesApply() throws IOException {
        Inventory inventory = load(SITE);
        assertEquals(map("ansible_user", "admin"), inventory.host("bastion").orElseThrow().vars());
        assertEquals(map("ansible_port", 2222L), inventory.host("jump").orElseThrow().vars());
        assertEquals(map("tier", "app", "ports", List.of(80L, 443L), "note", "plain text # not a comment in a value",
                "ansible_port", 8443L, "motto", "two words", "ratio", 0.5, "on", true, "off", "no"),
                inventory.host("web3").orElseThrow().vars());
        assertEquals(map("tier", "app", "ports", List.of(80L, 443L), "note", "plain text # not a comment in a value",
                "http_port", 8080L), inventory.host("web1").orElseThrow().vars());
    }

    @Test
    void aChildGroupMayBeDeclaredAfterItsParentAndVarsBeforeTheirGroup() throws IOException {
        Inventory inventory = load("""
                [later:vars]
                x=1

                [top:children]
                middle

                [middle:children]
                later

                [later]
                h1
                """);
        assertEquals(List.of("middle"), inventory.groups().get("top").children());
        assertEquals(List.of("later"), inventory.groups().get("middle").children());
        assertEquals(map("x", 1L), inventory.host("h1").orElseThrow().vars());
        assertEquals(List.of("later", "middle", "top"), inventory.host("h1").orElseThrow().groups());
    }

    @Test
    void aHostLeavesUngroupedWhenAGroupHasIt() throws IOException {
        Inventory inventory = load("""
                both
                alone

                [g]
                both

                [ungrouped]
                named
                """);
        assertEquals(List.of("alone", "named"), inventory.groups().get("ungrouped").hosts());
        assertEquals(List.of("g"), inventory.host("both").orElseThrow().groups());
    }

    @Test
    void allVarsAndGroupNamesWithDashesAreKeptAsWritten() throws IOException {
        Inventory inventory = load("""
                [web-servers]
                w1

                [all:vars]
                ntp=pool.ntp.org
                """);
        assertEquals(List.of("w1"), inventory.groups().get("web-servers").hosts());
        assertEquals(map("ntp", "pool.ntp.org"), inventory.host("w1").orElseThrow().vars());
    }

    @Test
    void aPortAppliesOnlyWhereTheHostIsFirstNamed() throws IOException {
        Inventory inventory = load("""
                [a]
                h1:22
                [b]
                h1:33
                """);
        assertEquals(map("ansible_port", 22L), inventory.host("h1").orElseThrow().vars());
    }

    @Test
    void ipv6AndBracketedAddressesWithPorts() throws IOException {
        Inventory inventory = load("""
                [net]
                fe80::1
                [2001:db8::1]:2200
                10.0.0.5:2201
                """);
        assertEquals(List.of("fe80::1", "2001:db8::1", "10.0.0.5"), List.copyOf(inventory.hosts().keySet()));
        assertEquals(map("ansible_port", 2200L), inventory.host("2001:db8::1").orElseThrow().vars());
    }

    @Test
    void aHigherGroupPriorityWinsAtTheSameDepth() throws IOException {
        Inventory inventory = load("""
                [a]
                h
                [z]
                h
                [a:vars]
                ansible_group_priority=10
                color=a
                [z:vars]
                color=z
                """);
        assertEquals(map("color", "a"), inventory.host("h").orElseThrow().vars());
        assertEquals(map("color", "a", "ansible_group_priority", 10L), inventory.groups().get("a").vars());
    }

    @Test
    void anUnknownSectionTypeIsAProblemAtItsColumn() throws IOException {
        assertEquals(List.of("hosts.ini:2:6: unknown section type 'hostz' in [web:hostz]"), problems("""
                h0
                [web:hostz]
                h1
                """));
    }

    @Test
    void everyProblemOfTheFileIsReportedWithLineAndColumn() throws IOException {
        assertEquals(List.of(
                "hosts.ini:2:5: bad host range in 'web[1:]': the range [1:] has no end",
                "hosts.ini:3:1: bad host range in 'db[01:5]': the range [01:5] must have begin and end of the same width, as in [01:10]",
                "hosts.ini:4:9: expected key=value after the host, got 'admin'",
                "hosts.ini:5:3: host 'jump:' ends with ':', which is kept for a port",
                "hosts.ini:6:9: cannot read the host line: no closing quotation",
                "hosts.ini:8:1: invalid section header '[bad group]'",
                "hosts.ini:11:1: expected key=value in [g:vars], got 'novalue'",
                "hosts.ini:13:1: expected a group name in [g:children], got 'two words'",
                "hosts.ini:14:1: [g:children] names group 'ghost', which is not declared",
                "hosts.ini:15:2: [orphan:vars] is for a group that is not declared"), problems("""
                [g]
                    web[1:]
                db[01:5]
                bastion admin
                  jump:
                quote x='un terminated
                fine-host
                [bad group]
                h1
                [g:vars]
                novalue
                [g:children]
                two words
                ghost
                [orphan:vars]
                x=1
                """));
    }

    @Test
    void aProblemQuotesTheLineWithACaret() throws IOException {
        Path file = write("hosts.ini", "[g]\nbastion   admin\n");
        Problem problem = assertThrows(InputException.class, () -> Inventories.load(List.of(file))).problems().getFirst();
        assertEquals(new Position(file, 2, 11), problem.position());
        assertEquals(Optional.of("    bastion   admin\n              ^ here"), problem.quote());
    }

    @Test
    void aGroupLoopIsAProblem() throws IOException {
        assertEquals(List.of("hosts.ini:5:1: group 'a' is its own ancestor: making it a child of 'b' makes a loop"),
                problems("""
                        [a:children]
                        b
                        [b]
                        [b:children]
                        a
                        """));
    }

    @Test
    void aGroupPriorityMustBeAWholeNumber() throws IOException {
        assertEquals(List.of("hosts.ini:3:1: ansible_group_priority of group 'g' must be a whole number, not 'high'"),
                problems("""
                        [g]
                        [g:vars]
                        ansible_group_priority=high
                        """));
    }

    @Test
    void aSemicolonAfterAHostIsNotACommentAndTheLineGivesOneProblem() throws IOException {
        Path file = write("hosts.ini", "bastion user=admin ; the jump host\n");
        InputException e = assertThrows(InputException.class, () -> Inventories.load(List.of(file)));
        assertEquals(1, e.problems().size());
        Problem problem = e.problems().getFirst();
        assertEquals(new Position(file, 1, 20), problem.position());
        assertEquals("expected key=value after the host, got ';'", problem.message());
        assertEquals(Optional.of("only a whole line can be a ';' comment; after a host write '# comment'"), problem.hint());
    }

    @Test
    void threeDashesAreAYamlFileNotAHost() throws IOException {
        assertEquals(List.of("hosts.ini:1:1: '---' is not a host name"), problems("---\nall:\n  hosts:\n    web1: {}\n")
                .subList(0, 1));
    }
}
