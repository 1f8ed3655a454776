package herd.engine.module.builtin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import herd.engine.event.Status;
import herd.engine.module.Outcome;
import herd.engine.transport.ExecResult;

/**
 * service on a scripted SysV host (an init script, service and update-rc.d, no systemd): status
 * judged as Ansible's generic service module judges it, update-rc.d's calls, check mode, and a
 * systemd host handed to the systemd module.
 */
class ServiceTest {

    /** A host with /etc/init.d/demo; "service demo status" exits with {@code statusRc}. */
    private static final class SysvHost {
        boolean running;
        boolean links;
        int statusRc = -1;
        String statusWords;

        ExecResult answer(String script) {
            if (script.startsWith("p=$(cat /proc/1/comm")) {
                return ScriptedTarget.ok("sshd");
            }
            if (script.startsWith("for b in service update-rc.d")) {
                return ScriptedTarget.ok("bin service /usr/sbin/service\nbin update-rc.d /usr/sbin/update-rc.d\ninitscript"
                        + (links ? "\nslink\nklink" : ""));
            }
            if (script.contains("/usr/sbin/service demo status")) {
                int rc = statusRc >= 0 ? statusRc : running ? 0 : 3;
                return ScriptedTarget.exit(rc, statusWords != null ? statusWords
                        : running ? "demo is running" : "demo is not running");
            }
            if (script.contains("/usr/sbin/service demo start")) {
                running = true;
            } else if (script.contains("/usr/sbin/service demo stop")) {
                running = false;
            } else if (script.contains("update-rc.d demo enable")) {
                links = true;
            } else if (script.contains("update-rc.d demo disable")) {
                links = false;
            }
            return ScriptedTarget.ok("");
        }
    }

    @Test
    void startsAndEnablesThroughServiceAndUpdateRcD() throws Exception {
        SysvHost host = new SysvHost();
        ScriptedTarget target = new ScriptedTarget(host::answer);
        Outcome outcome = new Service().run(target.call(Map.of("name", "demo", "state", "started", "enabled", true)));
        assertEquals(Status.CHANGED, outcome.status());
        assertEquals(Map.of("name", "demo", "enabled", true, "changed", true, "state", "started", "failed", false),
                outcome.result());
        assertEquals(1, target.with("/usr/sbin/update-rc.d demo defaults").size(), "no K links yet: defaults first");
        assertEquals(1, target.with("/usr/sbin/update-rc.d demo enable").size());
        String start = target.with("/usr/sbin/service demo start").getFirst();
        assertTrue(start.contains("</dev/null >\"$o\" 2>\"$e\""), "detached from the connection: " + start);

        ScriptedTarget again = new ScriptedTarget(host::answer);
        Outcome second = new Service().run(again.call(Map.of("name", "demo", "state", "started", "enabled", true)));
        assertEquals(Status.OK, second.status());
        assertEquals(List.of(), again.with(" start"));
        assertEquals(List.of(), again.with("update-rc.d demo"));
    }

    @Test
    void statusIsJudgedByExitCodeThenWords() throws Exception {
        SysvHost host = new SysvHost();
        host.statusRc = 0;
        host.statusWords = "demo stopped";
        ScriptedTarget target = new ScriptedTarget(host::answer);
        Outcome outcome = new Service().run(target.call(Map.of("name", "demo", "state", "started")));
        assertEquals(Status.CHANGED, outcome.status(), "'stop' in one line of words: not running, despite rc 0");

        host.statusRc = 5;
        host.statusWords = "line one\nline two\nline three";
        ScriptedTarget unknown = new ScriptedTarget(host::answer);
        Outcome failed = new Service().run(unknown.call(Map.of("name", "demo", "state", "started")));
        assertEquals(Optional.of("failed determining service state, possible typo of service name?"), failed.message());
    }

    @Test
    void restartIsStopThenStartWithTheSleep() throws Exception {
        SysvHost host = new SysvHost();
        host.running = true;
        ScriptedTarget target = new ScriptedTarget(host::answer);
        Outcome outcome = new Service().run(target.call(Map.of("name", "demo", "state", "restarted", "sleep", 2,
                "arguments", "--verbose")));
        assertEquals(Status.CHANGED, outcome.status());
        assertEquals(1, target.with("/usr/sbin/service demo stop --verbose").size());
        assertEquals(1, target.with("/usr/sbin/service demo start --verbose").size());
        assertEquals(List.of(java.time.Duration.ofSeconds(2)), target.slept);
    }

    @Test
    void checkModeSaysWhatWouldChange() throws Exception {
        SysvHost host = new SysvHost();
        ScriptedTarget target = new ScriptedTarget(host::answer);
        Outcome outcome = new Service().run(target.call(Map.of("name", "demo", "state", "started", "enabled", true),
                Map.of(), true, false));
        assertEquals(Status.CHANGED, outcome.status());
        assertEquals(Optional.of("service state changed"), outcome.message());
        assertEquals(List.of(), target.with("update-rc.d demo"));
        assertEquals(List.of(), target.with("demo start"));
    }

    @Test
    void aPatternIsLookedForInPs() throws Exception {
        SysvHost host = new SysvHost();
        ScriptedTarget target = new ScriptedTarget(s -> s.contains("ps auxww")
                ? ScriptedTarget.ok("root 1 sshd\nroot 7 /usr/bin/demo-daemon --foreground") : host.answer(s));
        Outcome outcome = new Service().run(target.call(Map.of("name", "demo", "state", "stopped",
                "pattern", "demo-daemon")));
        assertEquals(Status.CHANGED, outcome.status());
        assertEquals(List.of(), target.with("demo status"));
        assertEquals(1, target.with("/usr/sbin/service demo stop").size());
    }

    @Test
    void aServiceTheHostDoesNotHave() throws Exception {
        ScriptedTarget target = new ScriptedTarget(s -> s.startsWith("p=$(cat") ? ScriptedTarget.ok("sshd")
                : ScriptedTarget.ok("bin service /usr/sbin/service\nbin update-rc.d /usr/sbin/update-rc.d"));
        Outcome outcome = new Service().run(target.call(Map.of("name", "nothing", "state", "started")));
        assertEquals(Optional.of("Could not find the requested service nothing: host"), outcome.message());
    }

    @Test
    void aSystemdHostGoesToSystemdWithoutTheSysvArguments() throws Exception {
        ScriptedTarget target = new ScriptedTarget(s -> s.contains("command -v systemctl")
                ? ScriptedTarget.ok("/bin/systemctl")
                : s.contains(" show ") ? ScriptedTarget.ok("LoadState=loaded\nActiveState=active") : ScriptedTarget.ok(""));
        Outcome outcome = new Service().run(target.call(Map.of("name", "nginx", "state", "restarted", "sleep", 3),
                Map.of("ansible_facts", Map.of("service_mgr", "systemd")), false, false));
        assertEquals(Status.CHANGED, outcome.status());
        assertEquals(1, target.with("/bin/systemctl restart nginx").size());
        assertEquals(List.of(), target.slept, "sleep is not systemd's");
        assertEquals(List.of(), target.with("/proc/1/comm"), "the fact decides, no detection");
    }

    @Test
    void theManagerIsDetectedWithOneCommandWhenFactsAreMissing() throws Exception {
        ScriptedTarget target = new ScriptedTarget(s -> s.startsWith("p=$(cat /proc/1/comm") ? ScriptedTarget.ok("systemd")
                : s.contains("command -v systemctl") ? ScriptedTarget.ok("/bin/systemctl")
                : s.contains(" show ") ? ScriptedTarget.ok("LoadState=loaded\nActiveState=inactive") : ScriptedTarget.ok(""));
        Outcome outcome = new Service().run(target.call(Map.of("name", "nginx", "state", "started")));
        assertEquals(Status.CHANGED, outcome.status());
        assertEquals(1, target.with("/proc/1/comm").size());
        assertEquals(1, target.with("/bin/systemctl start nginx").size());
    }
}
