package herd.engine.run;

import static herd.engine.run.FakeTransports.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import herd.engine.event.RunResult;
import herd.engine.event.Status;

/** service_facts on a host without systemd: sysv's service --status-all, as Ansible reads it. */
class ServiceFactsModuleTest {
    @TempDir
    Path dir;

    private static final String SYSV = "@@herd-service-facts sysv 0 1\n [ - ]  cron\n [ + ]  haproxy\n"
            + " [ ? ]  hwclock.sh\n [ - ]  ssh\n";

    @Test
    void sysvServicesBecomeAnsibleFactsServices() throws IOException {
        TestRun test = new TestRun(dir);
        RunResult result = test.run("""
                - hosts: all
                  gather_facts: false
                  tasks:
                    - service_facts:
                    - debug:
                        msg: "{{ ansible_facts.services.keys() | sort | join(',') }} {{ ansible_facts.services.haproxy.state }} {{ ansible_facts.services['cron'].state }} {{ ansible_facts.services.ssh.source }}"
                """, test.hosts(1), new FakeTransports((host, cmd) -> cmd.contains("--status-all") ? ok(SYSV) : ok("")));
        assertEquals(List.of(Status.OK, Status.OK), TestRun.statuses(result, "h1"));
        assertEquals("cron,haproxy,ssh running stopped sysv", TestRun.messages(result, "h1").get(1));
    }

    @Test
    void noServiceFoundIsSkippedWithAnsiblesMessage() throws IOException {
        TestRun test = new TestRun(dir);
        RunResult result = test.run("""
                - hosts: all
                  gather_facts: false
                  tasks:
                    - service_facts:
                """, test.hosts(1), new FakeTransports((host, cmd) -> ok("")));
        assertEquals(List.of(Status.SKIPPED), TestRun.statuses(result, "h1"));
        assertEquals("Failed to find any services. This can be due to privileges or some other configuration issue.",
                TestRun.messages(result, "h1").getFirst());
    }

    @Test
    void upstartJobsAreReadToo() {
        var services = herd.engine.module.builtin.ServiceFacts.parse(
                "@@herd-service-facts upstart 0 1\nssh start/running, process 812\ntty1 stop/waiting\n", new java.util.ArrayList<>());
        assertEquals("{ssh={name=ssh, state=running, goal=start, source=upstart}, tty1={name=tty1, state=waiting, goal=stop, source=upstart}}",
                services.toString());
    }
}
