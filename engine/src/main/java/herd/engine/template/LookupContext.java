package herd.engine.template;

import java.nio.file.Path;

import com.hubspot.jinjava.interpret.JinjavaInterpreter;

/** What a lookup sees of the template it runs in: the variables and the playbook's folder. */
record LookupContext(JinjavaInterpreter interpreter) {
    LookupContext {
        if (interpreter == null) {
            throw new TemplateError("a lookup runs only inside a template");
        }
    }

    /** A variable's value, filled if it is a template; null when there is none. */
    Object variable(String name) {
        return Templates.resolved(interpreter.getContext().get(name));
    }

    boolean defined(String name) {
        return interpreter.getContext().containsKey(name) || interpreter.getContext().get(name) != null;
    }

    /** The folder relative paths start from: playbook_dir, else the working directory. */
    Path base() {
        Object dir = variable("playbook_dir");
        return (dir == null ? Path.of("") : Path.of(dir.toString())).toAbsolutePath();
    }

    /** Renders a template with the variables of the template the lookup runs in, and some more. */
    String render(String template, java.util.Map<?, ?> extra) {
        try (var scope = interpreter.enterScope()) {
            extra.forEach((k, v) -> interpreter.getContext().put(String.valueOf(k), v));
            return interpreter.render(StringLiterals.pythonEscapes(StringLiterals.numericAttributes(StringLiterals.nestedBraces(template))));
        } catch (TemplateError e) {
            throw e;
        } catch (RuntimeException e) {
            String message = String.valueOf(e.getMessage());
            int unknown = message.indexOf("Unknown token found:");
            throw unknown < 0 ? new TemplateError(message)
                    : TemplateError.undefined("'" + message.substring(unknown + "Unknown token found:".length()).trim() + "' is undefined");
        }
    }
}
