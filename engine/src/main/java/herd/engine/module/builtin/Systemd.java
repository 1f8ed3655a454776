package herd.engine.module.builtin;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import herd.engine.load.Booleans;
import herd.engine.module.Arg;
import herd.engine.module.ModuleCall;
import herd.engine.module.ModuleSpec;
import herd.engine.module.Outcome;
import herd.engine.module.Trait;
import herd.engine.shell.ShellWords;
import herd.engine.transport.ExecResult;
import herd.engine.transport.UnreachableException;

/**
 * ansible.builtin.systemd (and systemd_service): a unit brought to a state through systemctl, with
 * Ansible 2.14's questions and answers: {@code systemctl show} for the unit's status (returned as
 * {@code status}), {@code is-enabled} for enabled and masked, then mask/unmask, enable/disable and
 * start/stop/restart/reload where the answer differs. A host without systemctl fails with Ansible's
 * words.
 */
public final class Systemd extends Builtin {
    private static final ModuleSpec SPEC = spec("systemd");
    private static final Set<String> ENABLED_STATES = Set.of("enabled", "enabled-runtime", "linked", "linked-runtime",
            "masked", "masked-runtime", "static", "indirect", "disabled", "generated", "transient");
    private static final String MISSING = "__herd_no_systemctl ";

    public Systemd() {
        super(SPEC, Trait.CHECK_MODE);
    }

    Systemd(ModuleSpec spec) {
        super(spec, Trait.CHECK_MODE);
    }

    /** The same module under its other name, ansible.builtin.systemd_service. */
    public static Systemd service() {
        return new Systemd(spec("systemd_service"));
    }

    private static ModuleSpec spec(String name) {
        return ModuleSpec.of(name, "ansible.builtin",
                Arg.str("name").aliases("service", "unit"),
                Arg.str("state").choices("reloaded", "restarted", "started", "stopped"),
                Arg.of("enabled", Arg.Type.BOOL), Arg.of("force", Arg.Type.BOOL), Arg.of("masked", Arg.Type.BOOL),
                Arg.of("daemon_reload", Arg.Type.BOOL).withDefault(false).aliases("daemon-reload"),
                Arg.of("daemon_reexec", Arg.Type.BOOL).withDefault(false).aliases("daemon-reexec"),
                Arg.str("scope").withDefault("system").choices("system", "user", "global"),
                Arg.of("no_block", Arg.Type.BOOL).withDefault(false));
    }

    @Override
    public Outcome run(ModuleCall call) throws UnreachableException {
        try {
            return new Unit(call).run();
        } catch (Failed e) {
            return Outcome.failed(e.getMessage());
        }
    }

    private static boolean flag(ModuleCall call, String name) {
        Object v = call.args().get(name);
        return v != null && (v instanceof Boolean b ? b : Booleans.truthy(v));
    }

    /** One run on one unit. */
    private static final class Unit {
        private final ModuleCall call;
        private final String unit;
        private String systemctl;
        private boolean initd;
        private boolean sysvEnabled;
        private final Map<String, Object> status = new LinkedHashMap<>();

        Unit(ModuleCall call) {
            this.call = call;
            this.unit = call.args().get("name") == null ? null : call.string("name", "");
        }

        Outcome run() throws UnreachableException {
            boolean any = call.args().get("state") != null || call.args().get("enabled") != null
                    || call.args().get("masked") != null || flag(call, "daemon_reload") || flag(call, "daemon_reexec");
            if (!any) {
                return Outcome.failed("one of the following is required: state, enabled, masked, daemon_reload, daemon_reexec");
            }
            for (String needs : List.of("state", "enabled", "masked")) {
                if (call.args().get(needs) != null && unit == null) {
                    return Outcome.failed("missing parameter(s) required by '" + needs + "': name");
                }
            }
            if (unit != null) {
                for (String glob : List.of("*", "?", "[")) {
                    if (unit.contains(glob)) {
                        return Outcome.failed("This module does not currently support using glob patterns, found '"
                                + glob + "' in service name: " + unit);
                    }
                }
            }
            String found = find();
            if (found != null) {
                return Outcome.failed(found);
            }
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("name", unit);
            result.put("changed", false);
            result.put("status", status);
            if (flag(call, "daemon_reload") && !call.checkMode()) {
                ExecResult r = systemctl("daemon-reload");
                if (r.rc() != 0) {
                    return Outcome.failed("failure " + r.rc() + " during daemon-reload: " + r.stderr());
                }
            }
            if (flag(call, "daemon_reexec") && !call.checkMode()) {
                ExecResult r = systemctl("daemon-reexec");
                if (r.rc() != 0) {
                    return Outcome.failed("failure " + r.rc() + " during daemon-reexec: " + r.stderr());
                }
            }
            if (unit == null) {
                return Outcome.fromResult(result);
            }
            boolean isSystemd = show();
            boolean exists = isSystemd || initd;
            String missing = "Could not find the requested service " + unit + ": host";
            if (call.args().get("masked") != null) {
                boolean masked = systemctl("is-enabled " + q(unit)).stdout().strip().equals("masked");
                boolean want = flag(call, "masked");
                if (masked != want) {
                    result.put("changed", true);
                    if (!call.checkMode() && systemctl((want ? "mask " : "unmask ") + q(unit)).rc() != 0 && !exists) {
                        return Outcome.failed(missing);
                    }
                }
            }
            if (call.args().get("enabled") != null) {
                boolean want = flag(call, "enabled");
                if (!exists) {
                    return Outcome.failed(missing);
                }
                ExecResult r = systemctl("is-enabled " + q(unit) + " -l");
                boolean enabled = false;
                List<String> lines = r.stdout().lines().toList();
                if (r.rc() == 0) {
                    enabled = !lines.equals(List.of("indirect")) && !lines.equals(List.of("alias"));
                } else if (r.rc() == 1) {
                    enabled = call.string("scope", "system").equals("system") && initd
                            && !r.stdout().strip().endsWith("disabled") && sysvEnabled;
                }
                result.put("enabled", enabled);
                if (enabled != want) {
                    result.put("changed", true);
                    String action = want ? "enable" : "disable";
                    if (!call.checkMode()) {
                        ExecResult done = systemctl(action + " " + q(unit));
                        if (done.rc() != 0) {
                            return Outcome.failed("Unable to " + action + " service " + unit + ": "
                                    + withNewline(done.stdout()) + withNewline(done.stderr()));
                        }
                    }
                    result.put("enabled", !enabled);
                }
            }
            if (call.args().get("state") != null) {
                if (!exists) {
                    return Outcome.failed(missing);
                }
                String state = call.string("state", "");
                result.put("state", state);
                if (!status.containsKey("ActiveState")) {
                    return Outcome.fromResult(Map.of("failed", true, "msg", "Service is in unknown state",
                            "status", status));
                }
                String active = String.valueOf(status.get("ActiveState"));
                boolean running = active.equals("active") || active.equals("activating");
                String action = null;
                switch (state) {
                    case "started" -> action = running ? null : "start";
                    case "stopped" -> action = running || active.equals("deactivating") ? "stop" : null;
                    default -> {
                        action = running ? state.substring(0, state.length() - 2) : "start";
                        result.put("state", "started");
                    }
                }
                if (action != null) {
                    result.put("changed", true);
                    if (!call.checkMode()) {
                        ExecResult done = systemctl(action + " " + q(unit));
                        if (done.rc() != 0) {
                            return Outcome.failed("Unable to " + action + " service " + unit + ": "
                                    + withNewline(done.stderr()));
                        }
                    }
                }
            }
            return Outcome.fromResult(result);
        }

        /** Finds systemctl (and the unit's init script); Ansible's message when there is none. */
        private String find() throws UnreachableException {
            String name = unit == null ? "" : unit;
            String script = name.startsWith("/") ? name : "/etc/init.d/" + name;
            ExecResult r = call.target().sh("p=$PATH; for d in /sbin /usr/sbin /usr/local/sbin; do case \":$p:\" in "
                    + "*\":$d:\"*) ;; *) [ -e \"$d\" ] && p=$p:$d ;; esac; done; "
                    + "s=$(PATH=$p command -v systemctl) || { echo \"" + MISSING + "$p\"; exit 0; }; echo \"$s\"; "
                    + (unit == null ? "" : "[ -e " + q(script) + " ] && echo initd; "
                    + "for l in /etc/rc?.d/S??" + q(name) + " /etc/init.d/rc?.d/S??" + q(name)
                    + "; do [ -e \"$l\" ] && echo sysv-enabled && break; done; ") + "true");
            List<String> lines = r.stdout().lines().toList();
            if (lines.isEmpty()) {
                return "systemctl could not be looked for on the host: " + r.stderr();
            }
            if (lines.getFirst().startsWith(MISSING)) {
                return "Failed to find required executable \"systemctl\" in paths: "
                        + lines.getFirst().substring(MISSING.length());
            }
            initd = lines.contains("initd");
            sysvEnabled = lines.contains("sysv-enabled");
            StringBuilder base = new StringBuilder(ShellWords.quote(lines.getFirst()));
            String scope = call.string("scope", "system");
            if (!scope.equals("system")) {
                base.append(" --").append(scope);
            }
            if (flag(call, "no_block")) {
                base.append(" --no-block");
            }
            if (flag(call, "force")) {
                base.append(" --force");
            }
            systemctl = "XDG_RUNTIME_DIR=${XDG_RUNTIME_DIR:-/run/user/$(id -u)} " + base;
            return null;
        }

        /** systemctl show, parsed into the status; whether systemd knows the unit. */
        private boolean show() throws UnreachableException {
            ExecResult r = systemctl("show " + q(unit));
            String out = r.stdout();
            if (r.rc() == 0 && !ignored(out) && !ignored(r.stderr())) {
                if (!out.isEmpty()) {
                    status.putAll(parse(out.split("\n", -1)));
                    Object load = status.get("LoadState");
                    boolean known = load != null && !load.equals("not-found");
                    if (known && !"masked".equals(load) && status.containsKey("LoadError")) {
                        throw new Failed("Error loading unit file '" + unit + "': " + status.get("LoadError"));
                    }
                    return known;
                }
                return false;
            }
            if (r.rc() == 1 && r.stderr().contains("Failed to parse bus message")) {
                status.putAll(parse(out.split("\n", -1)));
                String base = unit.contains("@") ? unit.substring(0, unit.indexOf('@') + 1) : unit;
                boolean known = systemctl("list-unit-files " + q(base + "*")).stdout().contains(base);
                status.put("ActiveState", systemctl("is-active " + q(unit)).stdout().strip());
                return known;
            }
            if (ENABLED_STATES.contains(systemctl("is-enabled " + q(unit)).stdout().strip())) {
                return true;
            }
            return systemctl("list-unit-files " + q(unit)).rc() == 0;
        }

        private ExecResult systemctl(String words) throws UnreachableException {
            return call.target().sh(systemctl + " " + words);
        }
    }

    /** A failure found deep in a run, carried out to it. */
    private static final class Failed extends RuntimeException {
        Failed(String message) {
            super(message, null, false, false);
        }
    }

    private static boolean ignored(String out) {
        return !out.contains("=") && (out.contains("ignoring request") || out.contains("ignoring command"));
    }

    /** systemctl show's KEY=VALUE lines; only Exec* values in braces span lines, as Ansible reads them. */
    static Map<String, Object> parse(String[] lines) {
        Map<String, Object> parsed = new LinkedHashMap<>();
        List<String> multi = new ArrayList<>();
        String key = null;
        for (String line : lines) {
            if (key == null) {
                int eq = line.indexOf('=');
                if (eq < 0) {
                    continue;
                }
                String k = line.substring(0, eq);
                String v = line.substring(eq + 1);
                if (k.startsWith("Exec") && v.stripLeading().startsWith("{") && !v.stripTrailing().endsWith("}")) {
                    multi.add(v);
                    key = k;
                    continue;
                }
                parsed.put(k, v.strip());
            } else {
                multi.add(line);
                if (line.stripTrailing().endsWith("}")) {
                    parsed.put(key, String.join("\n", multi).strip());
                    multi.clear();
                    key = null;
                }
            }
        }
        return parsed;
    }

    private static String q(String word) {
        return ShellWords.quote(word);
    }

    /** herd's output has its trailing newline taken off; Ansible's messages keep the command's. */
    private static String withNewline(String text) {
        return text.isEmpty() ? "" : text + "\n";
    }
}
