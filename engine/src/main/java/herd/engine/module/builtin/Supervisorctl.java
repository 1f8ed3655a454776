package herd.engine.module.builtin;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import herd.engine.module.Arg;
import herd.engine.module.ModuleCall;
import herd.engine.module.ModuleSpec;
import herd.engine.module.Outcome;
import herd.engine.module.Trait;
import herd.engine.shell.ShellWords;
import herd.engine.transport.ExecResult;
import herd.engine.transport.UnreachableException;

/**
 * community.general.supervisorctl: brings a supervisor program to a state. Success is judged by the
 * state supervisorctl reports afterwards, never by its exit code, which differs between versions.
 */
public final class Supervisorctl extends Builtin {
    private static final Set<String> DOWN = Set.of("STOPPED", "EXITED", "FATAL");
    private static final String[] STATES = {"present", "started", "stopped", "restarted", "absent"};
    private static final ModuleSpec SPEC = ModuleSpec.of("supervisorctl", "community.general",
            Arg.str("name").mandatory(), Arg.str("state").mandatory().choices(STATES), Arg.str("config"),
            Arg.str("supervisorctl_path"), Arg.str("server_url"));

    public Supervisorctl() {
        super(SPEC, Trait.CHECK_MODE);
    }

    @Override
    public Outcome run(ModuleCall call) throws UnreachableException {
        String name = call.string("name", "");
        String state = call.string("state", "");
        String base = ShellWords.quote(call.string("supervisorctl_path", "supervisorctl"));
        if (call.args().get("config") != null) {
            base += " -c " + ShellWords.quote(call.string("config", ""));
        }
        if (call.args().get("server_url") != null) {
            base += " -s " + ShellWords.quote(call.string("server_url", ""));
        }
        String before = status(call, base, name);
        boolean changed = switch (state) {
            case "started" -> !before.equals("RUNNING") && !before.equals("STARTING");
            case "stopped" -> !DOWN.contains(before) && !before.equals("ABSENT");
            case "restarted" -> true;
            case "present" -> before.equals("ABSENT");
            default -> !before.equals("ABSENT");
        };
        if (call.checkMode()) {
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("name", name);
            result.put("state", state);
            result.put("changed", changed);
            return Outcome.fromResult(result);
        }
        if (changed) {
            String program = ShellWords.quote(name);
            List<String> commands = switch (state) {
                case "started" -> List.of(base + " start " + program);
                case "stopped" -> List.of(base + " stop " + program);
                case "restarted" -> List.of(base + " stop " + program, base + " start " + program);
                case "present" -> List.of(base + " reread && " + base + " add " + program);
                default -> List.of(base + " stop " + program + "; " + base + " remove " + program);
            };
            for (String command : commands) {
                call.target().sh(command);
            }
        }
        String after = status(call, base, name);
        boolean reached = switch (state) {
            case "started" -> after.equals("RUNNING") || after.equals("STARTING") && !changed;
            case "restarted" -> after.equals("RUNNING");
            case "stopped" -> DOWN.contains(after);
            case "present" -> !after.equals("ABSENT");
            default -> after.equals("ABSENT");
        };
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("name", name);
        result.put("state", state);
        result.put("process_state", after);
        result.put("changed", changed);
        result.put("failed", !reached);
        result.put("msg", reached
                ? name + " is " + after + (changed ? " (was " + before + ")" : "")
                : name + " did not reach '" + state + "': supervisorctl reports " + after + " (was " + before + ")");
        return Outcome.fromResult(result);
    }

    /** The program's state as supervisorctl shows it; ABSENT when supervisor does not know it. */
    private static String status(ModuleCall call, String base, String name) throws UnreachableException {
        ExecResult r = call.target().sh(base + " status " + ShellWords.quote(name));
        String out = (r.stdout() + "\n" + r.stderr()).strip();
        for (String line : out.split("\n")) {
            String[] words = line.trim().split("\\s+");
            if (words.length >= 2 && words[0].equals(name)) {
                return words[1];
            }
        }
        if (out.contains("no such process") || out.contains("no such group")) {
            return "ABSENT";
        }
        return "UNKNOWN (" + out.replace('\n', ' ') + ")";
    }
}
