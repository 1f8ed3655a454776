package herd.engine.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import herd.engine.event.RunResult;
import herd.engine.event.Status;
import herd.engine.inventory.Inventory;
import herd.engine.transport.ExecRequest;
import herd.engine.transport.ExecResult;

/**
 * copy and stat in a playbook on a scripted host: the commands they send (one for stat), the
 * content travelling on standard input with become, never in a command line, and what a later
 * task reads of their results.
 */
class FileModulesRunTest {
    @TempDir
    Path dir;

    private TestRun test;
    private Inventory inventory;

    @BeforeEach
    void setUp() throws IOException {
        test = new TestRun(dir);
        inventory = test.hosts(1);
    }

    /**
     * A host where /etc is a folder of root's, every other path is missing (the probe prints only
     * the umask), and every other command succeeds.
     */
    private static ExecResult emptyHost(String host, String command) {
        if (command.contains("p=/etc;") || command.contains("p='/etc';")) {
            return FakeTransports.ok("umask 0022\nlstat 41ed|0|0|4096|2|1|1|0.0|0.0|0.0|root|root|8|4096|0|0\naccess rwx");
        }
        return command.contains("umask") ? FakeTransports.ok("umask 0022") : FakeTransports.ok("");
    }

    @Test
    void statOfAMissingPathIsOneCommandAndRegistersExistsFalse() throws IOException {
        FakeTransports fake = new FakeTransports(FileModulesRunTest::emptyHost);
        RunResult result = test.run("""
                - hosts: h1
                  tasks:
                    - stat:
                        path: /etc/missing
                      register: st
                    - debug:
                        msg: "exists={{ st.stat.exists }}"
                """, inventory, fake);
        assertEquals(List.of(Status.OK, Status.OK), TestRun.statuses(result, "h1"));
        assertEquals("exists=false", TestRun.messages(result, "h1").get(1));
        assertEquals(1, fake.sent("h1").size(), fake.sent("h1").toString());
    }

    @Test
    void copyWithBecomeSendsTheContentOnStandardInput() throws IOException {
        FakeTransports fake = new FakeTransports(FileModulesRunTest::emptyHost);
        RunResult result = test.run("""
                - hosts: h1
                  become: true
                  tasks:
                    - copy:
                        content: "s3cret-value\\n"
                        dest: /etc/app.conf
                        mode: "0600"
                """, inventory, fake);
        assertEquals(List.of(Status.CHANGED), TestRun.statuses(result, "h1"), TestRun.messages(result, "h1").toString());
        List<ExecRequest> requests = fake.requests.get("h1");
        assertTrue(requests.stream().noneMatch(r -> r.command().contains("s3cret")), "the content is in no command");
        ExecRequest put = requests.stream().filter(r -> r.stdin().isPresent()
                && new String(r.stdin().get(), StandardCharsets.UTF_8).contains("s3cret-value")).findFirst().orElseThrow();
        assertTrue(put.command().contains("sudo"), put.command());
        assertTrue(put.command().contains("/etc/.app.conf.herd-"), "staged beside the file: " + put.command());
        assertTrue(fake.sent("h1").stream().anyMatch(c -> c.contains("chmod 0600") && c.contains("mv -f")),
                fake.sent("h1").toString());
    }

    @Test
    void anUnknownStateIsRefusedWhenThePlaybookIsLoaded() {
        FakeTransports fake = new FakeTransports(FileModulesRunTest::emptyHost);
        herd.engine.load.InputException e = org.junit.jupiter.api.Assertions.assertThrows(
                herd.engine.load.InputException.class, () -> test.run("""
                        - hosts: h1
                          tasks:
                            - file:
                                path: /tmp/x
                                state: present
                        """, inventory, fake));
        assertTrue(e.getMessage().contains("must be one of absent, directory, file, hard, link, touch, not 'present'"),
                e.getMessage());
        assertEquals(Optional.empty(), Optional.ofNullable(fake.requests.get("h1")).filter(l -> !l.isEmpty()));
    }
}
