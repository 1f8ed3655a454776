package herd.engine.template;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.hubspot.jinjava.Jinjava;
import com.hubspot.jinjava.JinjavaConfig;
import com.hubspot.jinjava.interpret.RenderResult;
import com.hubspot.jinjava.interpret.TemplateError.ErrorType;

/**
 * Renders Jinja2 templates with Jinjava, configured to fail on undefined variables as Ansible does.
 * One instance is shared by the whole run; it is thread-safe.
 */
public final class Templates {
    private static final String UNKNOWN_TOKEN = "Unknown token found:";
    private final Jinjava jinjava;

    public Templates() {
        JinjavaConfig config = JinjavaConfig.newBuilder()
                .withFailOnUnknownTokens(true)
                .withTrimBlocks(false)
                .withLstripBlocks(false)
                .build();
        this.jinjava = new Jinjava(config);
    }

    /** True when the text holds template syntax; plain text is returned as it is without Jinjava. */
    public static boolean isTemplate(String text) {
        return text.contains("{{") || text.contains("{%") || text.contains("{#");
    }

    public String render(String template, Map<String, Object> vars) {
        if (!isTemplate(template)) {
            return template;
        }
        RenderResult result = jinjava.renderForResult(template, vars);
        List<com.hubspot.jinjava.interpret.TemplateError> fatal = result.getErrors().stream()
                .filter(e -> e.getSeverity() == ErrorType.FATAL)
                .toList();
        if (!fatal.isEmpty()) {
            throw new TemplateError(fatal.stream().map(Templates::describe).distinct().collect(Collectors.joining("; ")));
        }
        return result.getOutput();
    }

    private static String describe(com.hubspot.jinjava.interpret.TemplateError error) {
        String message = error.getMessage();
        int unknown = message.indexOf(UNKNOWN_TOKEN);
        if (unknown >= 0) {
            return "'" + message.substring(unknown + UNKNOWN_TOKEN.length()).trim() + "' is undefined";
        }
        return message;
    }
}
