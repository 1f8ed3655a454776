package herd.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import herd.it.compare.AnsibleRun;
import herd.it.compare.HerdReport;
import herd.it.compare.Observed;
import herd.testbed.TestHost;
import herd.testbed.TestKeys;

/**
 * cron between the two tools on one host: a crontab and a cron file Ansible wrote are what herd
 * would write (herd's run of the same play changes nothing), and what herd writes next Ansible
 * takes as its own (Ansible's run of that play changes nothing).
 */
class CronInteropTest {
    private static final String FIRST = """
            - hosts: h1
              gather_facts: false
              tasks:
                - cron: {name: backup, minute: "5", hour: "2", job: /usr/local/bin/backup}
                - cron: {name: MAILTO, env: true, job: ops@example.org}
                - cron: {name: warm up, special_time: reboot, job: /usr/local/bin/warm-up, disabled: true}
                - cron: {name: rotate, cron_file: herd-interop, user: root, job: /usr/sbin/logrotate /etc/logrotate.conf}
                  become: true
            """;
    private static final String SECOND = """
            - hosts: h1
              gather_facts: false
              tasks:
                - cron: {name: backup, minute: "15", hour: "3", weekday: "1-5", job: /usr/local/bin/backup}
                - cron: {name: PATH, env: true, job: /usr/bin:/bin, insertafter: MAILTO}
                - cron: {name: warm up, state: absent}
                - cron: {name: rotate, cron_file: herd-interop, user: root, minute: "30", job: /usr/sbin/logrotate /etc/logrotate.conf}
                  become: true
            """;

    @TempDir
    Path dir;

    @Test
    void eachToolManagesWhatTheOtherWrote() throws Exception {
        AnsibleRun.requireInstalled();
        try (TestHost host = TestHost.start()) {
            Path knownHosts = TestHost.writeKnownHosts(dir.resolve("known_hosts"), host);
            Path inventory = Files.writeString(dir.resolve("inventory.yml"), """
                    all:
                      vars:
                        ansible_user: deploy
                        ansible_ssh_private_key_file: %s
                      hosts:
                        h1: {ansible_host: %s, ansible_port: %d}
                    """.formatted(TestKeys.privateKey(), host.address(), host.port()));
            AnsibleRun ansible = new AnsibleRun(dir.resolve("ansible"), knownHosts);

            Path first = Files.writeString(dir.resolve("first.yml"), FIRST);
            assertEquals(List.of("changed", "changed", "changed", "changed"),
                    statuses(ansible.run(first, inventory, List.of(), dir.resolve("a1")).observed()));
            String byAnsible = state(host);
            assertEquals(List.of("ok", "ok", "ok", "ok"), statuses(herd(first, inventory, knownHosts, "h1")));
            assertEquals(byAnsible, state(host));

            Path second = Files.writeString(dir.resolve("second.yml"), SECOND);
            assertEquals(List.of("changed", "changed", "changed", "changed"),
                    statuses(herd(second, inventory, knownHosts, "h2")));
            String byHerd = state(host);
            assertEquals(List.of("ok", "ok", "ok", "ok"),
                    statuses(ansible.run(second, inventory, List.of(), dir.resolve("a2")).observed()));
            assertEquals(byHerd, state(host));
            assertEquals("""
                    MAILTO="ops@example.org"
                    PATH="/usr/bin:/bin"
                    #Ansible: backup
                    15 3 * * 1-5 /usr/local/bin/backup
                    --
                    #Ansible: rotate
                    30 * * * * root /usr/sbin/logrotate /etc/logrotate.conf
                    """, byHerd);
        }
    }

    private static List<String> statuses(Observed observed) {
        return observed.steps().get("h1").stream().map(Observed.Step::status).toList();
    }

    /** The deploy user's crontab, then the cron file. */
    private static String state(TestHost host) {
        return host.sh("su deploy -c 'crontab -l'; echo --; cat /etc/cron.d/herd-interop");
    }

    private Observed herd(Path playbook, Path inventory, Path knownHosts, String name) throws IOException {
        Path json = dir.resolve(name + ".json");
        CliRun run = CliRun.of("run", playbook.toString(), "-i", inventory.toString(), "--known-hosts",
                knownHosts.toString(), "--json", json.toString(), "--no-color");
        assertEquals(0, run.exitCode(), run.toString());
        return HerdReport.parse(run.exitCode(), new ObjectMapper().readTree(json.toFile()));
    }
}
