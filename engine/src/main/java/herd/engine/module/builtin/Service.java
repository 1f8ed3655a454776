package herd.engine.module.builtin;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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
 * ansible.builtin.service: as Ansible's action plugin, the host's service manager decides
 * ({@link ServiceManager}): systemd hosts go to {@link Systemd}, every other Linux host to the
 * generic service module's way: the init script through {@code service NAME ACTION}, enabled
 * judged by the {@code /etc/rc?.d/S??NAME} links and changed through {@code update-rc.d}, whether it
 * runs judged by the status command's exit code and words, or by {@code ps} with {@code pattern}.
 */
public final class Service extends Builtin {
    private static final String[] STATES = {"started", "stopped", "reloaded", "restarted"};
    private static final ModuleSpec SPEC = ModuleSpec.of("service", "ansible.builtin",
            Arg.str("name").mandatory(), Arg.str("state").choices(STATES), Arg.of("sleep", Arg.Type.INT),
            Arg.str("pattern"), Arg.of("enabled", Arg.Type.BOOL), Arg.str("runlevel").withDefault("default"),
            Arg.str("arguments").aliases("args").withDefault(""), Arg.str("use").withDefault("auto"));
    private static final List<String> NOT_FOR_SYSTEMD = List.of("pattern", "runlevel", "sleep", "arguments");
    private static final String LANG = "LANG=C LC_ALL=C LC_MESSAGES=C ";
    private static final String PATHS = "PATH=$PATH:/sbin:/usr/sbin:/bin:/usr/bin ";

    public Service() {
        super(SPEC, Trait.CHECK_MODE);
    }

    @Override
    public Outcome run(ModuleCall call) throws UnreachableException {
        if (call.args().get("state") == null && call.args().get("enabled") == null) {
            return Outcome.failed("one of the following is required: state, enabled");
        }
        String use = call.string("use", "auto").toLowerCase(java.util.Locale.ROOT);
        String manager = use.equals("auto") ? ServiceManager.of(call) : use;
        if (manager.equals("systemd")) {
            Map<String, Object> args = new LinkedHashMap<>(call.args());
            NOT_FOR_SYSTEMD.forEach(args::remove);
            args.remove("use");
            return new Systemd().run(new ModuleCall(args, call.vars(), call.templates(), call.target(),
                    call.checkMode(), call.diff()));
        }
        return new Sysv(call).run();
    }

    /** One run of the generic Linux path, as Ansible's LinuxService with SysV init scripts. */
    private static final class Sysv {
        private final ModuleCall call;
        private final String name;
        private final Optional<String> state;
        private final Optional<Boolean> enable;
        private final String arguments;
        private final Map<String, String> bins = new HashMap<>();
        private boolean initscript;
        private boolean startLinks;
        private boolean killLinks;
        private boolean changed;
        private Boolean running;

        Sysv(ModuleCall call) {
            this.call = call;
            this.name = call.string("name", "");
            this.state = Optional.ofNullable(call.args().get("state")).map(Object::toString);
            this.enable = Optional.ofNullable(call.args().get("enabled"))
                    .map(v -> v instanceof Boolean b ? b : Booleans.truthy(v));
            this.arguments = call.string("arguments", "");
        }

        Outcome run() throws UnreachableException {
            tools();
            if (!initscript || bins.get("update-rc.d") == null && bins.get("chkconfig") == null
                    && bins.get("insserv") == null) {
                return Outcome.failed("Could not find the requested service " + name + ": host");
            }
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("name", name);
            if (enable.isPresent()) {
                Optional<String> failed = enable();
                if (failed.isPresent()) {
                    return Outcome.failed(failed.get());
                }
                result.put("enabled", enable.get());
            }
            if (state.isEmpty()) {
                result.put("changed", changed);
                return Outcome.fromResult(result);
            }
            if (call.args().get("pattern") != null) {
                ps(call.string("pattern", ""));
            } else {
                status();
            }
            if (running == null) {
                return Outcome.failed("failed determining service state, possible typo of service name?");
            }
            String wanted = state.get();
            boolean svcChange = !running && (wanted.equals("reloaded") || wanted.equals("started"))
                    || running && (wanted.equals("reloaded") || wanted.equals("stopped"))
                    || wanted.equals("restarted");
            if (call.checkMode() && svcChange) {
                return Outcome.fromResult(Map.of("changed", true, "msg", "service state changed"));
            }
            if (svcChange) {
                String action = switch (wanted) {
                    case "started" -> "start";
                    case "stopped" -> "stop";
                    case "reloaded" -> running ? "reload" : "start";
                    default -> "restart";
                };
                ExecResult r = control(action);
                if (r.rc() != 0) {
                    String err = new String(r.stderrBytes(), StandardCharsets.UTF_8);
                    return Outcome.failed(err.isEmpty() ? new String(r.stdoutBytes(), StandardCharsets.UTF_8) : err);
                }
            }
            result.put("changed", changed || svcChange);
            result.put("state", wanted.equals("stopped") ? "stopped" : "started");
            return Outcome.fromResult(result);
        }

        /** Which tools the host has and what the init script's links say, in one command. */
        private void tools() throws UnreachableException {
            String q = ShellWords.quote(name);
            ExecResult r = call.target().sh("for b in service update-rc.d chkconfig insserv; do p=$(" + PATHS
                    + "command -v \"$b\") && echo \"bin $b $p\"; done; [ -f /etc/init.d/" + q + " ] && echo initscript; "
                    + "for l in /etc/rc?.d/S??" + q + "; do [ -e \"$l\" ] && echo slink && break; done; "
                    + "for l in /etc/rc?.d/K??" + q + "; do [ -e \"$l\" ] && echo klink && break; done; true");
            for (String line : r.stdout().split("\n")) {
                String[] w = line.strip().split(" ", 3);
                switch (w[0]) {
                    case "bin" -> bins.put(w[1], w[2]);
                    case "initscript" -> initscript = true;
                    case "slink" -> startLinks = true;
                    case "klink" -> killLinks = true;
                    default -> {
                    }
                }
            }
        }

        /** Enables or disables the init script; empty, or the failure's message. */
        private Optional<String> enable() throws UnreachableException {
            String tool = bins.get("update-rc.d");
            if (tool == null) {
                return Optional.of("cannot detect command to enable service " + name
                        + ", typo or init system potentially unknown (herd enables init scripts with update-rc.d only)");
            }
            if (enable.get() == startLinks) {
                changed = false;
                return Optional.empty();
            }
            changed = true;
            if (call.checkMode()) {
                return Optional.empty();
            }
            String base = ShellWords.quote(tool) + " " + ShellWords.quote(name);
            String action = enable.get() ? "enable" : "disable";
            if (enable.get() && !killLinks) {
                ExecResult r = call.target().sh(LANG + base + " defaults");
                if (r.rc() != 0) {
                    return Optional.of(r.stderr().isEmpty() ? r.stdout() : r.stderr());
                }
            }
            ExecResult r = call.target().sh(LANG + base + " " + action);
            if (r.rc() != 0) {
                return Optional.of(r.stderr().isEmpty() ? r.stdout() : r.stderr());
            }
            return Optional.empty();
        }

        private void ps(String pattern) throws UnreachableException {
            ExecResult r = call.target().sh(LANG + "ps auxww");
            if (r.rc() == 0) {
                running = r.stdout().lines().anyMatch(l -> l.contains(pattern) && !l.contains("pattern="));
            }
        }

        /** Ansible's reading of a SysV status: LSB exit codes first, then one line of words, then rc 0. */
        private void status() throws UnreachableException {
            ExecResult r = control("status");
            String out = new String(r.stdoutBytes(), StandardCharsets.UTF_8);
            if (List.of(1, 2, 3, 4, 69).contains(r.rc())) {
                running = false;
            } else if (out.chars().filter(c -> c == '\n').count() <= 1) {
                String clean = out.toLowerCase(java.util.Locale.ROOT).replace(name.toLowerCase(java.util.Locale.ROOT), "");
                if (clean.contains("stop")) {
                    running = false;
                } else if (clean.contains("run")) {
                    running = !clean.contains("not ");
                } else if (clean.contains("start") && !clean.contains("not ")) {
                    running = true;
                } else if (clean.contains("could not access pid file") || clean.contains("is dead and pid file exists")
                        || clean.contains("dead but subsys locked") || clean.contains("dead but pid file exists")) {
                    running = false;
                }
            }
            if (running == null && r.rc() == 0) {
                running = true;
            }
            if (running == null && name.equals("iptables") && out.contains("ACCEPT")) {
                running = true;
            }
        }

        /**
         * {@code service NAME ACTION ARGUMENTS}, or the init script itself without the service tool;
         * restart is stop then start (not every script has restart), {@code sleep} seconds apart.
         */
        private ExecResult control(String action) throws UnreachableException {
            if (!action.equals("restart")) {
                return daemonized(action);
            }
            ExecResult stop = daemonized("stop");
            int sleep = call.args().get("sleep") == null ? 0 : Integer.parseInt(call.string("sleep", "0").trim());
            if (sleep > 0) {
                call.target().sleep(Duration.ofSeconds(sleep));
            }
            ExecResult start = daemonized("start");
            if (stop.rc() != 0 && start.rc() == 0) {
                return start;
            }
            return new ExecResult(stop.rc() + start.rc(), stop.stdout() + start.stdout(), stop.stderr() + start.stderr(),
                    false);
        }

        /**
         * Runs the action detached from the connection, as Ansible daemonizes it: a daemon the script
         * starts keeps no pipe of herd's open; its words come back through temporary files.
         */
        private ExecResult daemonized(String action) throws UnreachableException {
            List<String> words = new ArrayList<>();
            String service = bins.get("service");
            if (service != null) {
                words.add(service);
                words.add(name);
            } else {
                words.add("/etc/init.d/" + name);
            }
            words.add(action);
            words.addAll(ShellWords.split(arguments));
            String command = String.join(" ", words.stream().map(ShellWords::quote).toList());
            return call.target().sh("o=$(mktemp) && e=$(mktemp) || exit 1; " + LANG + command
                    + " </dev/null >\"$o\" 2>\"$e\"; rc=$?; cat \"$o\"; cat \"$e\" >&2; rm -f \"$o\" \"$e\"; exit $rc");
        }
    }
}
