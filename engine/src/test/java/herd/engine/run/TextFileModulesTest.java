package herd.engine.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import herd.engine.event.RunResult;
import herd.engine.event.Status;
import herd.engine.inventory.Inventory;
import herd.engine.transport.Endpoint;
import herd.engine.transport.TransportFactory;
import herd.engine.transport.local.LocalTransport;

/**
 * lineinfile, blockinfile and replace run for real on this machine (ansible_connection: local) on
 * files in a temporary folder: the file left behind, the messages, and a second run that is ok.
 */
class TextFileModulesTest {
    @TempDir
    Path dir;

    private TestRun test;
    private Inventory local;

    @BeforeEach
    void setUp() throws IOException {
        test = new TestRun(dir);
        local = test.inventory("""
                all:
                  hosts:
                    controller:
                      ansible_connection: local
                """);
    }

    private RunResult run(String tasks) throws IOException {
        TransportFactory factory = endpoint -> new LocalTransport();
        String playbook = "- hosts: all\n  gather_facts: false\n  tasks:\n" + tasks.indent(4);
        return test.run(playbook, local, Map.of(Endpoint.Kind.LOCAL, factory));
    }

    private List<Status> statuses(RunResult r) {
        return TestRun.statuses(r, "controller");
    }

    private List<String> messages(RunResult r) {
        return TestRun.messages(r, "controller");
    }

    private Path file(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }

    @Test
    void lineinfileAddsOnceThenIsOk() throws IOException {
        Path f = file("conf", "a=1\nb=2\n");
        String tasks = """
                - lineinfile:
                    path: %s
                    regexp: '^b='
                    line: b=3
                  register: r
                - debug:
                    msg: "{{ r.msg }}|{{ r.changed }}|{{ r.backup }}"
                """.formatted(f);
        RunResult first = run(tasks);
        assertEquals(List.of(Status.CHANGED, Status.OK), statuses(first));
        assertEquals("line replaced|true|", messages(first).get(1));
        assertEquals("a=1\nb=3\n", Files.readString(f));
        RunResult second = run(tasks);
        assertEquals(List.of(Status.OK, Status.OK), statuses(second));
        assertEquals("|false|", messages(second).get(1));
    }

    @Test
    void lineinfileCreatesWithModeAndSaysSo() throws IOException {
        Path f = dir.resolve("sub/new.conf");
        String tasks = """
                - lineinfile:
                    path: %s
                    line: hello
                    create: true
                    mode: '0600'
                  register: r
                - debug:
                    msg: "{{ r.msg }}"
                """.formatted(f);
        RunResult first = run(tasks);
        assertEquals(List.of(Status.CHANGED, Status.OK), statuses(first), messages(first).toString());
        assertEquals("line added and ownership, perms or SE linux context changed", messages(first).get(1));
        assertEquals("hello\n", Files.readString(f));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
        assertEquals(List.of(Status.OK, Status.OK), statuses(run(tasks)));
    }

    @Test
    void lineinfileFailsAsAnsibleOnAMissingFileAndAFolder() throws IOException {
        RunResult r = run("""
                - lineinfile: path=%s line=x
                  ignore_errors: true
                - lineinfile: path=%s line=x
                  ignore_errors: true
                """.formatted(dir.resolve("missing"), dir));
        assertEquals(List.of("Destination " + dir.resolve("missing") + " does not exist !", "Path " + dir + " is a directory !"),
                messages(r));
    }

    @Test
    void lineinfileRefusesWhatAnsibleRefuses() throws IOException {
        Path f = file("conf", "a\n");
        RunResult r = run("""
                - lineinfile: path=%1$s state=present
                  ignore_errors: true
                - lineinfile: path=%1$s state=absent
                  ignore_errors: true
                - lineinfile: path=%1$s line=x backrefs=yes
                  ignore_errors: true
                - lineinfile: path=%1$s line=x regexp='(a'
                  ignore_errors: true
                """.formatted(f));
        assertEquals(List.of("line is required with state=present",
                "one of line, search_string, or regexp is required with state=absent",
                "regexp is required with backrefs=true"), messages(r).subList(0, 3));
        assertTrue(messages(r).get(3).startsWith("not a regular expression: "), messages(r).get(3));
        assertEquals("a\n", Files.readString(f));
    }

    @Test
    void lineinfileAbsentCountsAndBacksUp() throws IOException {
        Path f = file("hosts", "x\ny\nx\n");
        RunResult r = run("""
                - lineinfile: path=%s line=x state=absent backup=yes
                  register: r
                - debug:
                    msg: "{{ r.msg }}|{{ r.found }}|{{ r.backup is match('.*/hosts\\\\.[0-9]+\\\\.') }}"
                """.formatted(f));
        assertEquals("2 line(s) removed|2|true", messages(r).get(1));
        assertEquals("y\n", Files.readString(f));
        try (var files = Files.list(dir)) {
            assertEquals(1, files.filter(p -> p.getFileName().toString().startsWith("hosts.")).count(), "one backup");
        }
    }

    @Test
    void lineinfileValidateRefusesABadFile() throws IOException {
        Path f = file("sudoers", "a\n");
        RunResult r = run("""
                - lineinfile: path=%s line=bad validate='grep -q good %%s'
                """.formatted(f));
        assertEquals(Status.FAILED, statuses(r).get(0));
        assertEquals("failed to validate: rc:1 error:", messages(r).get(0));
        assertEquals("a\n", Files.readString(f), "the file is left alone");
    }

    @Test
    void lineinfileWritesThroughALink() throws IOException {
        Path f = file("real", "a\n");
        Path link = Files.createSymbolicLink(dir.resolve("link"), f);
        run("- lineinfile: path=%s line=b".formatted(link));
        assertTrue(Files.isSymbolicLink(link));
        assertEquals("a\nb\n", Files.readString(f));
    }

    @Test
    void blockinfileInsertsThenIsOkThenRemoves() throws IOException {
        Path f = file("cfg", "top\n");
        String tasks = """
                - blockinfile:
                    path: %s
                    block: |
                      one
                      two
                    marker: "## {mark} herd"
                  register: r
                - debug:
                    msg: "{{ r.msg }}"
                """.formatted(f);
        assertEquals("Block inserted", messages(run(tasks)).get(1));
        assertEquals("top\n## BEGIN herd\none\ntwo\n## END herd\n", Files.readString(f));
        RunResult again = run(tasks);
        assertEquals(List.of(Status.OK, Status.OK), statuses(again));
        RunResult removed = run("""
                - blockinfile: path=%s marker="## {mark} herd" state=absent
                  register: r
                - debug:
                    msg: "{{ r.msg }}"
                """.formatted(f));
        assertEquals("Block removed", messages(removed).get(1));
        assertEquals("top\n", Files.readString(f));
    }

    @Test
    void blockinfileCreatesAFile() throws IOException {
        Path f = dir.resolve("made");
        RunResult r = run("""
                - blockinfile: path=%s block=X create=true
                  register: r
                - debug:
                    msg: "{{ r.msg }}"
                """.formatted(f));
        assertEquals("File created", messages(r).get(1));
        assertEquals("# BEGIN ANSIBLE MANAGED BLOCK\nX\n# END ANSIBLE MANAGED BLOCK\n", Files.readString(f));
    }

    @Test
    void replaceCountsAndIsOkTheSecondTime() throws IOException {
        Path f = file("app.ini", "port=80\nhost=a\nport=81\n");
        String tasks = """
                - replace:
                    path: %s
                    regexp: '^port=(?P<n>\\d+)$'
                    replace: 'port=\\g<n>0'
                    after: 'host='
                  register: r
                - debug:
                    msg: "{{ r.msg }}|{{ r.rc }}"
                """.formatted(f);
        RunResult first = run(tasks);
        assertEquals("1 replacements made|0", messages(first).get(1));
        assertEquals("port=80\nhost=a\nport=810\n", Files.readString(f));
        RunResult second = run(tasks.replace("(?P<n>\\d+)$", "(?P<n>\\d)$"));
        assertEquals(List.of(Status.OK, Status.OK), statuses(second));
        assertEquals("|0", messages(second).get(1));
    }

    @Test
    void replaceKeepsBytesThatAreNotUtf8() throws IOException {
        Path f = Files.write(dir.resolve("latin1"), new byte[] {'c', 'a', 'f', (byte) 0xe9, ' ', 'p', '=', '1', '\n'});
        run("- replace: path=%s regexp='p=\\d' replace=p=2".formatted(f));
        assertEquals(List.of((byte) 'c', (byte) 'a', (byte) 'f', (byte) 0xe9, (byte) ' ', (byte) 'p', (byte) '=', (byte) '2',
                (byte) '\n'), toList(Files.readAllBytes(f)));
        run("- replace: path=%s regexp='f.\\s' replace='F '".formatted(f));
        assertEquals("caF p=2\n", Files.readString(f), "the stray byte is one character, as in Python");
    }

    private static List<Byte> toList(byte[] bytes) {
        List<Byte> list = new java.util.ArrayList<>();
        for (byte b : bytes) {
            list.add(b);
        }
        return list;
    }

    @Test
    void replaceOnAMissingFileFails() throws IOException {
        RunResult r = run("- replace: path=%s regexp=a".formatted(dir.resolve("none")));
        assertEquals(List.of("Path " + dir.resolve("none") + " does not exist !"), messages(r));
    }
}
