package herd.engine.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import herd.engine.event.RunResult;
import herd.engine.event.Status;
import herd.engine.inventory.Inventory;
import herd.engine.transport.ExecResult;

/**
 * slurp and fetch on scripted hosts: the file's bytes come back base64-encoded, or land on the
 * controller in Ansible's layout; an unchanged file is not copied again.
 */
class SlurpFetchModuleTest {
    /** sha1 of "hello\n". */
    private static final String SHA1 = "f572d396fae9206628714fb2ce00f72e94f2258f";

    @TempDir
    Path dir;

    private TestRun test;
    private Inventory inventory;

    @BeforeEach
    void setUp() throws IOException {
        test = new TestRun(dir);
        inventory = test.hosts(2);
    }

    /** A host whose /etc/motd holds "hello\n": the probe answers with its stat and checksum. */
    private static FakeTransports hosts() {
        FakeTransports fake = new FakeTransports((host, command) -> {
            if (command.matches("(?s).*p='?/etc/motd'?; .*") && command.contains("umask")) {
                return FakeTransports.ok("umask 0022\nlstat 81a4|0|0|6|1|42|2049|1.0|1.0|1.0|root|root|8|4096|0|0\naccess r\nchecksum " + SHA1);
            }
            if (command.matches("(?s).*p='?/etc'?; .*") && command.contains("umask")) {
                return FakeTransports.ok("umask 0022\nlstat 41ed|0|0|4096|1|2|2049|1.0|1.0|1.0|root|root|8|4096|0|0\naccess rx");
            }
            if (command.contains("printf") && command.contains(" ~") && !command.contains("umask")) {
                return FakeTransports.ok(command.contains("~plone_daemon") ? "/home/plone_daemon" : "/home/deploy");
            }
            if (command.contains("umask")) {
                return FakeTransports.ok("umask 0022\n");
            }
            return new ExecResult(0, "", "", false);
        });
        fake.preset("h1", "/etc/motd", "hello\n");
        fake.preset("h2", "/etc/motd", "hello\n");
        fake.preset("h1", "/home/deploy/.profile", "profile\n");
        fake.preset("h1", "/home/plone_daemon/.profile", "theirs\n");
        return fake;
    }

    @Test
    void slurpGivesBase64() throws IOException {
        RunResult r = test.run("""
                - hosts: h1
                  gather_facts: false
                  tasks:
                    - slurp: src=/etc/motd
                      register: s
                    - debug:
                        msg: "{{ s.content }}|{{ s.content | b64decode }}|{{ s.source }}|{{ s.encoding }}"
                    - slurp: path=/etc/none
                      ignore_errors: true
                """, inventory, hosts());
        assertEquals(List.of(Status.OK, Status.OK, Status.FAILED), TestRun.statuses(r, "h1"));
        assertEquals(List.of("", "aGVsbG8K|hello\n|/etc/motd|base64", "file not found: /etc/none"), TestRun.messages(r, "h1"));
    }

    @Test
    void aTildeIsTheHomeOnTheHost() throws IOException {
        RunResult r = test.run("""
                - hosts: h1
                  gather_facts: false
                  tasks:
                    - slurp: src=~/.profile
                      register: mine
                    - slurp: src=~plone_daemon/.profile
                      register: theirs
                    - debug:
                        msg: "{{ mine.source }} {{ mine.content | b64decode }}|{{ theirs.source }} {{ theirs.content | b64decode }}"
                """, inventory, hosts());
        assertEquals("/home/deploy/.profile profile\n|/home/plone_daemon/.profile theirs\n", TestRun.messages(r, "h1").get(2));
    }

    @Test
    void fetchLandsPerHostThenIsUnchanged() throws IOException {
        String playbook = """
                - hosts: all
                  gather_facts: false
                  tasks:
                    - fetch: src=/etc/motd dest=fetched
                      register: f
                    - debug:
                        msg: "{{ f.checksum }}|{{ f.md5sum }}|{{ f.dest | basename }}|{{ f.changed }}"
                """;
        FakeTransports fake = hosts();
        RunResult first = test.run(playbook, inventory, fake);
        assertEquals(List.of(Status.CHANGED, Status.OK), TestRun.statuses(first, "h1"));
        assertEquals(SHA1 + "|b1946ac92492d2347c6235b4d2611184|motd|true", TestRun.messages(first, "h1").get(1));
        assertEquals("hello\n", Files.readString(dir.resolve("fetched/h1/etc/motd"), StandardCharsets.UTF_8));
        assertEquals("hello\n", Files.readString(dir.resolve("fetched/h2/etc/motd"), StandardCharsets.UTF_8));
        RunResult second = test.run(playbook, inventory, fake);
        assertEquals(List.of(Status.OK, Status.OK), TestRun.statuses(second, "h1"));
        assertEquals(0, fake.count("h1", "cat "), "the file is read only through the transport, never by cat");
    }

    @Test
    void inCheckModeSlurpReadsAndFetchIsSkippedWithAnsiblesWords() throws IOException {
        RunResult r = test.modes(true, false).run("""
                - hosts: h1
                  gather_facts: false
                  tasks:
                    - slurp: src=/etc/motd
                    - fetch: src=/etc/motd dest=checked
                """, inventory, hosts());
        assertEquals(List.of(Status.OK, Status.SKIPPED), TestRun.statuses(r, "h1"));
        assertEquals("check mode not (yet) supported for this module", TestRun.messages(r, "h1").get(1));
        assertFalse(Files.exists(dir.resolve("checked")));
    }

    @Test
    void fetchFlatAndItsFailures() throws IOException {
        Files.createDirectories(dir.resolve("out"));
        RunResult r = test.run("""
                - hosts: h1
                  gather_facts: false
                  tasks:
                    - fetch: src=/etc/motd dest=out/ flat=yes
                    - fetch: src=/etc/motd dest=out flat=yes
                      ignore_errors: true
                    - fetch: src=/etc/none dest=out/ flat=yes
                      ignore_errors: true
                    - fetch: src=/etc/none dest=out/ flat=yes fail_on_missing=no
                    - fetch: src=/etc dest=out/ flat=yes
                      ignore_errors: true
                """, inventory, hosts());
        assertEquals(List.of(Status.CHANGED, Status.FAILED, Status.FAILED, Status.OK, Status.FAILED), TestRun.statuses(r, "h1"));
        List<String> m = TestRun.messages(r, "h1");
        assertEquals("dest is an existing directory, use a trailing slash if you want to fetch src into that directory", m.get(1));
        assertEquals("the remote file does not exist, not transferring, ignored", m.get(2));
        assertEquals("the remote file does not exist, not transferring, ignored", m.get(3));
        assertEquals("remote file is a directory, fetch cannot work on directories", m.get(4));
        assertEquals("hello\n", Files.readString(dir.resolve("out/motd")));
        assertFalse(Files.exists(dir.resolve("out/none")));
    }
}
