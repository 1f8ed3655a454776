package herd.engine.module.builtin;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import herd.engine.module.ModuleCall;
import herd.engine.module.Target;
import herd.engine.template.Templates;
import herd.engine.transport.ExecResult;
import herd.engine.transport.FileTransferException;
import herd.engine.transport.UnreachableException;

/**
 * A host for a module call in a test: every script is kept, each is answered by the test's
 * function (null means the host cannot be reached); a program's input is kept decoded when it is a
 * {@link StdinPayload}; files live in memory; sleeping takes no time.
 */
final class ScriptedTarget implements Target {
    final List<String> scripts = new ArrayList<>();
    final List<String> inputs = new ArrayList<>();
    final Map<String, byte[]> files = new HashMap<>();
    final List<Duration> slept = new ArrayList<>();
    private final Function<String, ExecResult> answer;

    ScriptedTarget(Function<String, ExecResult> answer) {
        this.answer = answer;
    }

    static ExecResult ok(String out) {
        return new ExecResult(0, out, "", false);
    }

    static ExecResult exit(int rc, String out) {
        return new ExecResult(rc, out, "", false);
    }

    static ExecResult exit(int rc, String out, String err) {
        return new ExecResult(rc, out, err, false);
    }

    ModuleCall call(Map<String, Object> args) {
        return call(args, Map.of(), false, false);
    }

    ModuleCall call(Map<String, Object> args, Map<String, Object> vars, boolean checkMode, boolean diff) {
        return new ModuleCall(args, vars, new Templates(), this, checkMode, diff);
    }

    /** The scripts that contain {@code text}. */
    List<String> with(String text) {
        return scripts.stream().filter(s -> s.contains(text)).toList();
    }

    @Override
    public ExecResult sh(String script) throws UnreachableException {
        scripts.add(script);
        ExecResult r = answer.apply(script);
        if (r == null) {
            throw new UnreachableException("scripted: the host is down");
        }
        return r;
    }

    @Override
    public ExecResult program(String command, byte[] input) throws UnreachableException {
        String text = new String(input, StandardCharsets.UTF_8);
        if (command.startsWith(StdinPayload.reader())) {
            text = new String(Base64.getDecoder().decode(text.strip()), StandardCharsets.UTF_8);
        }
        inputs.add(text);
        return sh(command);
    }

    @Override
    public void put(String path, byte[] content, int mode) throws FileTransferException {
        scripts.add("put " + path + " " + Integer.toOctalString(mode));
        files.put(path, content.clone());
    }

    @Override
    public byte[] fetch(String path) throws FileTransferException {
        byte[] content = files.get(path);
        if (content == null) {
            throw new FileTransferException(false, path, "No such file or directory");
        }
        return content.clone();
    }

    @Override
    public Optional<String> becomeUser() {
        return Optional.empty();
    }

    @Override
    public boolean sleep(Duration duration) {
        slept.add(duration);
        return true;
    }
}
