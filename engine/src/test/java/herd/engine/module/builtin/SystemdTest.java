package herd.engine.module.builtin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import herd.engine.event.Status;
import herd.engine.module.Outcome;
import herd.engine.transport.ExecResult;

/**
 * systemd on a scripted systemctl: the questions Ansible 2.14's module asks (show, is-enabled,
 * is-enabled -l), the changes it makes only where an answer differs, check mode, and the host
 * without systemctl.
 */
class SystemdTest {
    private static final String SYSTEMCTL = "/usr/bin/systemctl";

    /** One unit as systemctl reports it; start, stop, enable, disable, mask and unmask change it. */
    private static final class Systemctl {
        String active = "inactive";
        String enabled = "disabled";
        String load = "loaded";
        boolean present = true;

        ExecResult answer(String script) {
            if (script.contains("command -v systemctl")) {
                return present ? ScriptedTarget.ok("/usr/bin/systemctl") : ScriptedTarget.ok(
                        "__herd_no_systemctl /usr/local/bin:/usr/bin:/bin:/sbin:/usr/sbin:/usr/local/sbin");
            }
            String words = script.substring(script.indexOf(SYSTEMCTL) + SYSTEMCTL.length()).strip();
            String verb = words.split(" ")[0];
            switch (verb) {
                case "show" -> {
                    return ScriptedTarget.ok("Id=nginx.service\nLoadState=" + load + "\nActiveState=" + active
                            + "\nExecStart={ path=/usr/sbin/nginx ; argv[]=/usr/sbin/nginx -g daemon on;\n ignore_errors=no }"
                            + "\nUnitFileState=" + enabled);
                }
                case "is-enabled" -> {
                    return ScriptedTarget.exit(enabled.startsWith("enabled") ? 0 : 1, enabled);
                }
                case "start", "restart" -> active = "active";
                case "stop" -> active = "inactive";
                case "enable" -> enabled = "enabled";
                case "disable" -> enabled = "disabled";
                case "mask" -> enabled = "masked";
                case "unmask" -> enabled = "disabled";
                default -> {
                }
            }
            return ScriptedTarget.ok("");
        }

        List<String> verbs(ScriptedTarget target) {
            return target.scripts.stream().filter(s -> s.contains(SYSTEMCTL))
                    .map(s -> s.substring(s.indexOf(SYSTEMCTL) + SYSTEMCTL.length()).strip()).toList();
        }
    }

    @Test
    void startsAndEnablesAStoppedUnitThenLeavesItAlone() throws Exception {
        Systemctl systemctl = new Systemctl();
        ScriptedTarget target = new ScriptedTarget(systemctl::answer);
        Map<String, Object> args = Map.of("name", "nginx", "state", "started", "enabled", true);
        Outcome first = new Systemd().run(target.call(args));
        assertEquals(Status.CHANGED, first.status());
        assertEquals(List.of("show nginx", "is-enabled nginx -l", "enable nginx", "start nginx"),
                systemctl.verbs(target));
        assertEquals("nginx", first.result().get("name"));
        assertEquals("started", first.result().get("state"));
        assertEquals(true, first.result().get("enabled"));
        @SuppressWarnings("unchecked")
        Map<String, Object> status = (Map<String, Object>) first.result().get("status");
        assertEquals("inactive", status.get("ActiveState"));
        assertEquals("{ path=/usr/sbin/nginx ; argv[]=/usr/sbin/nginx -g daemon on;\n ignore_errors=no }",
                status.get("ExecStart"));

        ScriptedTarget again = new ScriptedTarget(systemctl::answer);
        Outcome second = new Systemd().run(again.call(args));
        assertEquals(Status.OK, second.status());
        assertEquals(List.of("show nginx", "is-enabled nginx -l"), systemctl.verbs(again));
    }

    @Test
    void checkModeAsksButChangesNothing() throws Exception {
        Systemctl systemctl = new Systemctl();
        ScriptedTarget target = new ScriptedTarget(systemctl::answer);
        Outcome outcome = new Systemd().run(target.call(Map.of("name", "nginx", "state", "started", "enabled", true,
                "daemon_reload", true), Map.of(), true, false));
        assertEquals(Status.CHANGED, outcome.status());
        assertEquals(List.of("show nginx", "is-enabled nginx -l"), systemctl.verbs(target));
        assertEquals("inactive", systemctl.active);
        assertEquals(true, outcome.result().get("enabled"), "as Ansible: what it would be");
    }

    @Test
    void restartedAndReloadedStartAStoppedUnit() throws Exception {
        Systemctl systemctl = new Systemctl();
        ScriptedTarget target = new ScriptedTarget(systemctl::answer);
        Outcome outcome = new Systemd().run(target.call(Map.of("name", "nginx", "state", "reloaded")));
        assertEquals(List.of("show nginx", "start nginx"), systemctl.verbs(target));
        assertEquals("started", outcome.result().get("state"));
        ScriptedTarget running = new ScriptedTarget(systemctl::answer);
        new Systemd().run(running.call(Map.of("name", "nginx", "state", "reloaded")));
        assertEquals(List.of("show nginx", "reload nginx"), systemctl.verbs(running));
    }

    @Test
    void masksWithScopeNoBlockAndForce() throws Exception {
        Systemctl systemctl = new Systemctl();
        ScriptedTarget target = new ScriptedTarget(systemctl::answer);
        Outcome outcome = new Systemd().run(target.call(Map.of("name", "nginx", "masked", true, "scope", "user",
                "no_block", true, "force", true)));
        assertEquals(Status.CHANGED, outcome.status());
        assertEquals(List.of("--user --no-block --force show nginx", "--user --no-block --force is-enabled nginx",
                "--user --no-block --force mask nginx"), systemctl.verbs(target));
        assertTrue(target.scripts.get(1).startsWith("XDG_RUNTIME_DIR=${XDG_RUNTIME_DIR:-/run/user/$(id -u)} "));
    }

    @Test
    void daemonReloadAloneNeedsNoName() throws Exception {
        Systemctl systemctl = new Systemctl();
        ScriptedTarget target = new ScriptedTarget(systemctl::answer);
        Outcome outcome = new Systemd().run(target.call(Map.of("daemon_reload", true)));
        assertEquals(Status.OK, outcome.status());
        assertEquals(List.of("daemon-reload"), systemctl.verbs(target));
        assertEquals(null, outcome.result().get("name"));
    }

    @Test
    void aUnitSystemdDoesNotKnowIsNotThere() throws Exception {
        Systemctl systemctl = new Systemctl();
        systemctl.load = "not-found";
        systemctl.enabled = "";
        ScriptedTarget target = new ScriptedTarget(s -> s.contains("list-unit-files")
                ? ScriptedTarget.exit(1, "") : systemctl.answer(s));
        Outcome outcome = new Systemd().run(target.call(Map.of("name", "nginx", "state", "started")));
        assertEquals(Status.FAILED, outcome.status());
        assertEquals(Optional.of("Could not find the requested service nginx: host"), outcome.message());
    }

    @Test
    void aHostWithoutSystemctlFailsWithAnsiblesWords() throws Exception {
        Systemctl systemctl = new Systemctl();
        systemctl.present = false;
        ScriptedTarget target = new ScriptedTarget(systemctl::answer);
        Outcome outcome = new Systemd().run(target.call(Map.of("name", "nginx", "state", "started")));
        assertEquals(Optional.of("Failed to find required executable \"systemctl\" in paths: "
                + "/usr/local/bin:/usr/bin:/bin:/sbin:/usr/sbin:/usr/local/sbin"), outcome.message());
        assertEquals(1, target.scripts.size());
    }

    @Test
    void refusesGlobsAndNeedsSomethingToDo() throws Exception {
        ScriptedTarget target = new ScriptedTarget(s -> ScriptedTarget.ok(""));
        assertEquals(Optional.of("This module does not currently support using glob patterns, found '*' in service name: web*"),
                new Systemd().run(target.call(Map.of("name", "web*", "state", "started"))).message());
        assertEquals(Optional.of("one of the following is required: state, enabled, masked, daemon_reload, daemon_reexec"),
                new Systemd().run(target.call(Map.of("name", "nginx"))).message());
        assertFalse(target.scripts.stream().anyMatch(s -> s.contains("systemctl")));
    }
}
