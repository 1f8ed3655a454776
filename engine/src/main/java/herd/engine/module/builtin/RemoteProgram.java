package herd.engine.module.builtin;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import herd.engine.module.ModuleCall;
import herd.engine.module.Outcome;
import herd.engine.shell.ShellWords;
import herd.engine.transport.ExecResult;
import herd.engine.transport.UnreachableException;

/**
 * Modules that run as a small Python program on the target (wait_for, uri), as Ansible's do. The
 * program comes with herd; its arguments travel as JSON on standard input, never in an argument
 * list, and it answers with one JSON object. The JSON is one line, and the programs read the last
 * line of their input: with a become password, sudo reads the line before it (or, when sudo needs no
 * password, the program skips it).
 */
final class RemoteProgram {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> SOURCES = new ConcurrentHashMap<>();

    private RemoteProgram() {
    }

    static Outcome run(String module, ModuleCall call) throws UnreachableException {
        String python = python(call);
        ExecResult result;
        try {
            result = exec(module, call, call.args());
        } catch (JsonProcessingException e) {
            return Outcome.failed(module + ": arguments cannot be sent: " + e.getOriginalMessage());
        }
        if (result.timedOut()) {
            return Outcome.failed(module + " did not finish within the task's timeout");
        }
        String out = result.stdout().strip();
        String last = out.contains("\n") ? out.substring(out.lastIndexOf('\n') + 1) : out;
        try {
            @SuppressWarnings("unchecked")
            Map<String, Object> fields = JSON.readValue(last, LinkedHashMap.class);
            fields.putIfAbsent("changed", false);
            return Outcome.fromResult(fields);
        } catch (JsonProcessingException e) {
            return Outcome.failed(module + " could not run on the host (rc " + result.rc() + "): "
                    + (result.stderr().isBlank() ? out : result.stderr().strip())
                    + (result.rc() == 127 ? " (is " + python + " installed there?)" : ""));
        }
    }

    /** The host's Python: ansible_python_interpreter, or python3 where Ansible would discover one. */
    static String python(ModuleCall call) {
        Object interpreter = herd.engine.template.Templates.resolved(call.vars().get("ansible_python_interpreter"));
        return interpreter == null || interpreter.toString().equals("auto") || interpreter.toString().startsWith("auto_")
                ? "python3" : interpreter.toString();
    }

    /** Runs the module's program with these arguments as its JSON input line. */
    static ExecResult exec(String module, ModuleCall call, Object args) throws UnreachableException, JsonProcessingException {
        String command = ShellWords.quote(python(call)) + " -c " + ShellWords.quote(source(module));
        return call.target().program(command, JSON.writeValueAsBytes(args));
    }

    private static String source(String module) {
        return SOURCES.computeIfAbsent(module, name -> {
            try (InputStream in = RemoteProgram.class.getResourceAsStream("/herd/engine/modules/" + name + ".py")) {
                if (in == null) {
                    throw new IllegalStateException("herd is missing its module " + name);
                }
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
