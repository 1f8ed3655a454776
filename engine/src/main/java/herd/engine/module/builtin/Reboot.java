package herd.engine.module.builtin;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import herd.engine.module.Arg;
import herd.engine.module.ModuleCall;
import herd.engine.module.ModuleSpec;
import herd.engine.module.Outcome;
import herd.engine.module.Trait;
import herd.engine.shell.ShellWords;
import herd.engine.template.Templates;
import herd.engine.transport.ExecResult;
import herd.engine.transport.UnreachableException;

/**
 * ansible.builtin.reboot, with Ansible's algorithm: the boot time before ({@code boot_time_command},
 * by default the kernel's boot_id), the reboot command (found in {@code search_paths} unless it is
 * absolute; a connection dropped by it is expected), {@code post_reboot_delay}, then, with growing
 * pauses until {@code reboot_timeout}, the boot time until it differs, then {@code test_command} until
 * it succeeds. Returns {@code rebooted} and {@code elapsed}.
 */
public final class Reboot extends Builtin {
    private static final List<String> SEARCH_PATHS = List.of("/sbin", "/bin", "/usr/sbin", "/usr/bin", "/usr/local/sbin");
    private static final ModuleSpec SPEC = ModuleSpec.of("reboot", "ansible.builtin",
            Arg.str("boot_time_command"), Arg.of("connect_timeout", Arg.Type.INT), Arg.str("msg"),
            Arg.of("post_reboot_delay", Arg.Type.INT).aliases("post_reboot_delay_sec"),
            Arg.of("pre_reboot_delay", Arg.Type.INT).aliases("pre_reboot_delay_sec"),
            Arg.str("reboot_command"), Arg.of("reboot_timeout", Arg.Type.INT).aliases("reboot_timeout_sec"),
            Arg.of("search_paths", Arg.Type.LIST), Arg.str("test_command"));

    public Reboot() {
        super(SPEC, Trait.CHECK_MODE);
    }

    @Override
    public Outcome run(ModuleCall call) throws UnreachableException {
        if ("local".equals(String.valueOf(Templates.resolved(call.vars().get("ansible_connection"))))) {
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("changed", false);
            result.put("elapsed", 0);
            result.put("rebooted", false);
            result.put("failed", true);
            result.put("msg", "Running reboot with local connection would reboot the control node.");
            return Outcome.fromResult(result);
        }
        if (call.checkMode()) {
            return Outcome.fromResult(Map.of("changed", true, "elapsed", 0, "rebooted", true));
        }
        String bootTime = call.string("boot_time_command", "cat /proc/sys/kernel/random/boot_id");
        String before;
        try {
            before = bootTime(call, bootTime);
        } catch (Failure e) {
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("changed", false);
            result.put("failed", true);
            result.put("reboot", false);
            result.put("msg", e.getMessage());
            return Outcome.fromResult(result);
        }
        String command;
        try {
            command = rebootCommand(call);
        } catch (Failure e) {
            return Outcome.failed(e.getMessage());
        }
        long start = System.nanoTime();
        try {
            ExecResult r = call.target().sh(command);
            if (r.rc() != 0) {
                Map<String, Object> result = new LinkedHashMap<>();
                result.put("failed", true);
                result.put("rebooted", false);
                result.put("msg", "Reboot command failed. Error was: '" + r.stdout().strip() + ", " + r.stderr().strip() + "'");
                result.put("elapsed", seconds(start));
                return Outcome.fromResult(result);
            }
        } catch (UnreachableException e) {
            // the host went down under the command, as it should
        }
        int post = Math.max(0, WaitForConnection.number(call, "post_reboot_delay", 0));
        if (post > 0) {
            call.target().sleep(Duration.ofSeconds(post));
        }
        int timeout = WaitForConnection.number(call, "reboot_timeout", 600);
        String test = call.string("test_command", "whoami");
        Map<String, Object> result = new LinkedHashMap<>();
        String timedOut = until(call, timeout, "last boot time check", () -> {
            String now = bootTime(call, bootTime);
            if (now.isEmpty() || now.equals(before)) {
                throw new Failure("boot time has not changed");
            }
        });
        if (timedOut == null) {
            timedOut = until(call, timeout, "post-reboot test command", () -> {
                ExecResult r = call.target().sh(test);
                if (r.rc() != 0) {
                    throw new Failure("Test command failed: " + r.stderr() + " " + r.stdout());
                }
            });
        }
        result.put("rebooted", true);
        if (timedOut != null) {
            result.put("failed", true);
            result.put("msg", timedOut);
        } else {
            result.put("changed", true);
        }
        result.put("elapsed", seconds(start));
        return Outcome.fromResult(result);
    }

    private static long seconds(long start) {
        return Duration.ofNanos(System.nanoTime() - start).toSeconds();
    }

    /** One check: throws {@link Failure} or {@link UnreachableException} until it holds. */
    private interface Check {
        void run() throws UnreachableException;
    }

    /**
     * Runs the check until it holds; with a growing pause between tries (2^n s plus up to one, at
     * most 12), as Ansible's. Null when it held, else Ansible's timeout message.
     */
    private static String until(ModuleCall call, int timeout, String what, Check check) {
        long end = System.nanoTime() + Duration.ofSeconds(timeout).toNanos();
        int fails = 0;
        while (System.nanoTime() < end) {
            try {
                check.run();
                return null;
            } catch (Failure | UnreachableException e) {
                double random = ThreadLocalRandom.current().nextInt(0, 1001) / 1000.0;
                double pause = Math.pow(2, fails) + random;
                if (pause > 12) {
                    pause = 12 + random;
                }
                fails++;
                if (!call.target().sleep(Duration.ofMillis((long) (pause * 1000)))) {
                    break;
                }
            }
        }
        return "Timed out waiting for " + what + " (timeout=" + timeout + ")";
    }

    private static String bootTime(ModuleCall call, String command) throws UnreachableException {
        ExecResult r = call.target().sh(command);
        if (r.rc() != 0) {
            throw new Failure("reboot: failed to get host boot time info, rc: " + r.rc() + ", stdout: " + r.stdout()
                    + ", stderr: " + r.stderr());
        }
        return r.stdout().strip();
    }

    /** The command and its arguments: reboot_command's, else Linux's shutdown -r with the delay and message. */
    private static String rebootCommand(ModuleCall call) throws UnreachableException {
        String given = call.args().get("reboot_command") == null ? null : call.string("reboot_command", "");
        String bin;
        String args;
        if (given != null) {
            int space = given.indexOf(' ');
            bin = space < 0 ? given : given.substring(0, space);
            args = space < 0 ? "" : given.substring(space + 1);
        } else {
            int delay = Math.max(0, WaitForConnection.number(call, "pre_reboot_delay", 0));
            bin = "shutdown";
            args = "-r " + delay / 60 + " \"" + call.string("msg", "Reboot initiated by Ansible") + "\"";
        }
        if (!bin.startsWith("/")) {
            List<String> paths = searchPaths(call);
            StringBuilder find = new StringBuilder("for d in");
            paths.forEach(p -> find.append(' ').append(ShellWords.quote(p)));
            find.append("; do if [ -e \"$d\"/").append(ShellWords.quote(bin)).append(" ]; then echo \"$d\"/")
                    .append(ShellWords.quote(bin)).append("; break; fi; done");
            String found = call.target().sh(find.toString()).stdout().strip();
            if (found.isEmpty()) {
                throw new Failure("Unable to find command \"" + bin + "\" in search paths: "
                        + "[" + String.join(", ", paths.stream().map(p -> "'" + p + "'").toList()) + "]");
            }
            bin = found;
        }
        return bin + " " + args;
    }

    private static List<String> searchPaths(ModuleCall call) {
        Object given = call.args().get("search_paths");
        if (given == null) {
            return SEARCH_PATHS;
        }
        List<String> paths = new ArrayList<>();
        if (given instanceof List<?> list) {
            list.forEach(p -> paths.add(String.valueOf(p)));
        } else {
            for (String p : given.toString().split(",")) {
                paths.add(p.strip());
            }
        }
        return paths;
    }

    /** What a check or a step of the reboot says went wrong. */
    private static final class Failure extends RuntimeException {
        Failure(String message) {
            super(message, null, false, false);
        }
    }
}
