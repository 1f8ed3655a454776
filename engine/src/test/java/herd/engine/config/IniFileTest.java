package herd.engine.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import herd.engine.load.InputException;
import herd.engine.load.Problem;

/** ansible.cfg read as Python's configparser reads it for Ansible (inline ';' comments, no interpolation). */
class IniFileTest {
    private static final Path FILE = Path.of("/cfg/ansible.cfg");

    private static IniFile parse(String text) {
        return IniFile.parse(FILE, text.lines().toList());
    }

    private static Optional<String> value(IniFile ini, String section, String key) {
        return ini.get(section, key).map(IniFile.Entry::value);
    }

    @Test
    void keysAreCaseInsensitiveAndBothDelimitersWork() {
        IniFile ini = parse("""
                [defaults]
                Remote_User = deploy
                forks: 7
                timeout=30
                """);
        assertEquals(Optional.of("deploy"), value(ini, "defaults", "remote_user"));
        assertEquals(Optional.of("7"), value(ini, "defaults", "FORKS"));
        assertEquals(Optional.of("30"), value(ini, "defaults", "timeout"));
    }

    @Test
    void sectionNamesAreCaseSensitive() {
        IniFile ini = parse("[Defaults]\nforks = 7\n");
        assertEquals(Optional.empty(), value(ini, "defaults", "forks"));
    }

    @Test
    void commentsWholeLineAndInline() {
        IniFile ini = parse("""
                # a comment
                ; another
                [defaults]
                  # indented comment
                remote_user = deploy ; who logs in
                inventory = hosts;not-a-comment
                ssh_args = -o Port=2222 # not a comment either
                """);
        assertEquals(Optional.of("deploy"), value(ini, "defaults", "remote_user"));
        assertEquals(Optional.of("hosts;not-a-comment"), value(ini, "defaults", "inventory"));
        assertEquals(Optional.of("-o Port=2222 # not a comment either"), value(ini, "defaults", "ssh_args"));
    }

    @Test
    void continuationLinesJoinWithNewlines() {
        IniFile ini = parse("""
                [defaults]
                inventory = a,
                    b,

                    c
                # between
                forks = 5
                """);
        assertEquals(Optional.of("a,\nb,\n\nc"), value(ini, "defaults", "inventory"));
        assertEquals(Optional.of("5"), value(ini, "defaults", "forks"));
    }

    @Test
    void defaultSectionIsSeenByEverySection() {
        IniFile ini = parse("[DEFAULT]\nforks = 3\n[defaults]\ntimeout = 4\n");
        assertEquals(Optional.of("3"), value(ini, "defaults", "forks"));
        assertEquals(Optional.of("3"), value(ini, "privilege_escalation", "forks"));
    }

    @Test
    void valuesKnowTheirLineAndColumn() {
        IniFile ini = parse("[defaults]\n\n  forks =   7\n");
        var at = ini.get("defaults", "forks").orElseThrow().position();
        assertEquals(3, at.line());
        assertEquals(13, at.column());
    }

    @Test
    void malformedLinesAreErrorsWithTheirLine() {
        InputException e = assertThrows(InputException.class, () -> parse("""
                forks = 1
                [defaults]
                just words
                forks = 2
                forks = 3
                [defaults]
                """));
        List<String> rendered = e.problems().stream().map(Problem::render).map(r -> r.lines().findFirst().orElse(""))
                .toList();
        assertEquals(List.of("/cfg/ansible.cfg:1:1: a setting before any [section]",
                "/cfg/ansible.cfg:3:1: not a setting, a [section] or a comment",
                "/cfg/ansible.cfg:5:1: 'forks' is set twice in [defaults]",
                "/cfg/ansible.cfg:6:1: section [defaults] appears twice"), rendered);
    }

    @Test
    void emptyValueIsAValue() {
        IniFile ini = parse("[defaults]\nremote_user =\n");
        assertTrue(ini.get("defaults", "remote_user").isPresent());
        assertEquals(Optional.of(""), value(ini, "defaults", "remote_user"));
    }
}
