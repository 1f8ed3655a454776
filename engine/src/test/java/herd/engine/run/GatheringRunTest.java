package herd.engine.run;

import static herd.engine.run.FakeTransports.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import herd.engine.config.Gathering;
import herd.engine.event.RunResult;
import herd.engine.event.Status;
import herd.engine.event.StepResult;
import herd.engine.transport.ExecResult;

/**
 * Plays gather facts as Ansible's do: a "Gathering Facts" step before the first task unless
 * gather_facts is false (implicit), only when it is true (explicit), once per host (smart); the
 * facts are ansible_facts.x and ansible_x, for the host's tasks and through hostvars.
 */
class GatheringRunTest {
    @TempDir
    Path dir;

    /** What the facts program printed on a bookworm container, with each host's own name. */
    private static String raw(String host) throws IOException {
        try (InputStream in = GatheringRunTest.class.getResourceAsStream("/herd/engine/facts/bookworm-raw.json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("\"node\": \"vm\"", "\"node\": \"" + host + "-node\"");
        }
    }

    private static FakeTransports hosts() {
        return new FakeTransports((host, cmd) -> {
            if (cmd.contains("(herd.engine.facts)")) {
                try {
                    return ok(raw(host) + "\n");
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
            return ok("");
        });
    }

    private static List<String> tasks(RunResult result, String host) {
        return TestRun.steps(result, host).stream().map(StepResult::task).toList();
    }

    @Test
    void aPlayGathersFactsBeforeItsFirstTaskByDefault() throws IOException {
        TestRun test = new TestRun(dir);
        FakeTransports fake = hosts();
        RunResult result = test.run("""
                - hosts: all
                  tasks:
                    - debug:
                        msg: "{{ ansible_os_family }} {{ ansible_facts.distribution_release }} {{ ansible_hostname }} {{ hostvars['h2'].ansible_facts.hostname }} {{ ansible_default_ipv4.address }} {{ ansible_eth0.mtu }}"
                      when: ansible_os_family == 'Debian'
                """, test.hosts(2), fake);
        assertEquals(List.of("Gathering Facts", "debug"), tasks(result, "h1"));
        assertEquals(List.of(Status.OK, Status.OK), TestRun.statuses(result, "h1"));
        assertEquals("Debian bookworm h1-node h2-node 192.0.2.2 1400", TestRun.messages(result, "h1").get(1));
        assertEquals(1, fake.count("h1", "(herd.engine.facts)"));
    }

    @Test
    void gatherFactsFalseGathersNothing() throws IOException {
        TestRun test = new TestRun(dir);
        FakeTransports fake = hosts();
        RunResult result = test.run("""
                - hosts: all
                  gather_facts: false
                  tasks:
                    - debug:
                        msg: "{{ ansible_facts | default('none') }}"
                """, test.hosts(1), fake);
        assertEquals(List.of("debug"), tasks(result, "h1"));
        assertEquals(0, fake.count("h1", "(herd.engine.facts)"));
    }

    @Test
    void explicitGatheringGathersOnlyWhenThePlayAsks() throws IOException {
        TestRun test = new TestRun(dir).gathering(Gathering.EXPLICIT);
        RunResult result = test.run("""
                - hosts: all
                  tasks:
                    - debug: msg=first
                - hosts: all
                  gather_facts: true
                  tasks:
                    - debug: msg=second
                """, test.hosts(1), hosts());
        assertEquals(List.of("debug", "Gathering Facts", "debug"), tasks(result, "h1"));
    }

    @Test
    void smartGatheringGathersOncePerHost() throws IOException {
        TestRun test = new TestRun(dir).gathering(Gathering.SMART);
        FakeTransports fake = hosts();
        RunResult result = test.run("""
                - hosts: all
                  tasks:
                    - debug: msg=first
                - hosts: all
                  tasks:
                    - debug:
                        msg: "{{ ansible_distribution }}"
                """, test.hosts(1), fake);
        assertEquals(List.of("Gathering Facts", "debug", "debug"), tasks(result, "h1"));
        assertEquals("Debian", TestRun.messages(result, "h1").get(2));
        assertEquals(1, fake.count("h1", "(herd.engine.facts)"));
    }

    @Test
    void implicitGatheringRunsAgainInEveryPlay() throws IOException {
        TestRun test = new TestRun(dir);
        FakeTransports fake = hosts();
        test.run("""
                - hosts: all
                  tasks: []
                - hosts: all
                  tasks: []
                """, test.hosts(1), fake);
        assertEquals(2, fake.count("h1", "(herd.engine.facts)"));
    }

    @Test
    void gatheringIsTaggedAlways() throws IOException {
        TestRun test = new TestRun(dir).tags(new TagFilter(Set.of("deploy"), Set.of()));
        RunResult result = test.run("""
                - hosts: all
                  tasks:
                    - debug: msg=untagged
                    - debug: msg=tagged
                      tags: deploy
                """, test.hosts(1), hosts());
        assertEquals(List.of("Gathering Facts", "debug"), tasks(result, "h1"));
        assertEquals("tagged", TestRun.messages(result, "h1").get(1));
    }

    @Test
    void aHostThatCannotBeReachedWhileGatheringIsUnreachable() throws IOException {
        TestRun test = new TestRun(dir);
        RunResult result = test.run("""
                - hosts: all
                  tasks:
                    - debug: msg=after
                """, test.hosts(2), new FakeTransports((host, cmd) -> host.equals("h2") ? null
                        : cmd.contains("(herd.engine.facts)") ? gathered(host) : ok("")));
        assertEquals(List.of(Status.UNREACHABLE), TestRun.statuses(result, "h2"));
        assertEquals(List.of(Status.OK, Status.OK), TestRun.statuses(result, "h1"));
    }

    private static ExecResult gathered(String host) {
        try {
            return ok(raw(host));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void setupWithAFilterRegistersOnlyTheMatchingFacts() throws IOException {
        TestRun test = new TestRun(dir);
        RunResult result = test.run("""
                - hosts: all
                  gather_facts: false
                  tasks:
                    - setup:
                        filter: [ansible_distribution, ansible_os_family]
                      register: found
                    - debug:
                        msg: "{{ found.ansible_facts.keys() | sort | join(',') }} {{ ansible_facts.os_family }}"
                """, test.hosts(1), hosts());
        assertEquals("ansible_distribution,ansible_os_family,discovered_interpreter_python Debian",
                TestRun.messages(result, "h1").get(1));
    }

    @Test
    void aBadSubsetFailsWithAnsiblesMessage() throws IOException {
        TestRun test = new TestRun(dir);
        RunResult result = test.run("""
                - hosts: all
                  gather_subset: [nonsense]
                  tasks: []
                """, test.hosts(1), hosts());
        StepResult step = TestRun.steps(result, "h1").getFirst();
        assertEquals(Status.FAILED, step.status());
        assertTrue(step.message().orElse("").startsWith("Bad subset 'nonsense' given to Ansible."), step.message().toString());
    }

    @Test
    void playVariablesWinOverFacts() throws IOException {
        TestRun test = new TestRun(dir);
        RunResult result = test.run("""
                - hosts: all
                  vars:
                    ansible_distribution: Mine
                  tasks:
                    - debug:
                        msg: "{{ ansible_distribution }} {{ ansible_facts.distribution }}"
                """, test.hosts(1), hosts());
        assertEquals("Mine Debian", TestRun.messages(result, "h1").get(1));
    }
}
