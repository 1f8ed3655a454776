package herd.engine.module.builtin;

import java.util.Map;

import herd.engine.module.ModuleCall;
import herd.engine.template.Templates;
import herd.engine.transport.ExecResult;
import herd.engine.transport.UnreachableException;

/**
 * The host's service manager, as Ansible's {@code service_mgr} fact names it (systemd, sysvinit,
 * upstart, openrc, service, ...): from the facts when they were gathered, else found with one
 * command that asks what Ansible's fact collector asks (PID 1's name, then systemd's canaries,
 * upstart, OpenRC, /sbin/init, /etc/init.d).
 */
final class ServiceManager {
    /** Prints the name; the same order of questions as Ansible's ServiceMgrFactCollector on Linux. */
    static final String DETECT = "p=$(cat /proc/1/comm 2>/dev/null) || p=$(ps -p 1 -o comm 2>/dev/null | tail -n 1); "
            + "if [ \"$p\" = COMMAND ] || printf '%s' \"$p\" | grep -Eq '^ *[0-9]+ '; then p=; fi; "
            + "[ -z \"$p\" ] && [ -L /sbin/init ] && p=$(readlink /sbin/init); p=${p##*/}; "
            + "case \"$p\" in init|*sh) p= ;; procd) p=openwrt_init ;; runit-init) p=runit ;; svscan) p=svc ;; "
            + "openrc-init) p=openrc ;; esac; "
            + "if [ -n \"$p\" ]; then echo \"$p\"; exit 0; fi; "
            + "s=$(PATH=$PATH:/sbin:/usr/sbin:/bin:/usr/bin command -v systemctl); "
            + "if [ -n \"$s\" ] && { [ -e /run/systemd/system/ ] || [ -e /dev/.run/systemd/ ] || [ -e /dev/.systemd/ ]; }; "
            + "then echo systemd; "
            + "elif command -v initctl >/dev/null 2>&1 && [ -e /etc/init/ ]; then echo upstart; "
            + "elif [ -e /sbin/openrc ]; then echo openrc; "
            + "elif [ -n \"$s\" ] && [ -L /sbin/init ] && [ \"$(basename \"$(readlink /sbin/init)\")\" = systemd ]; then echo systemd; "
            + "elif [ -e /etc/init.d/ ]; then echo sysvinit; else echo service; fi";

    private ServiceManager() {
    }

    static String of(ModuleCall call) throws UnreachableException {
        Object facts = Templates.resolved(call.vars().get("ansible_facts"));
        if (facts instanceof Map<?, ?> map && map.get("service_mgr") != null) {
            return String.valueOf(Templates.resolved(map.get("service_mgr")));
        }
        Object fact = Templates.resolved(call.vars().get("ansible_service_mgr"));
        if (fact != null) {
            return fact.toString();
        }
        ExecResult r = call.target().sh(DETECT);
        String name = r.stdout().strip();
        return r.rc() == 0 && !name.isEmpty() ? name : "service";
    }
}
