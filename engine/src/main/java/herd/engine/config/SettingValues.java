package herd.engine.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import herd.engine.load.Booleans;

/**
 * Reads a setting's text into its typed value as Ansible's {@code ensure_type} does; paths as its
 * {@code unfrackpath}: environment variables and {@code ~} expanded, then made absolute against the
 * ansible.cfg's folder (the current folder for values from the environment), symbolic links kept.
 */
final class SettingValues {
    private static final Pattern VARIABLE = Pattern.compile("\\$(\\w+|\\{[^}]*})");
    private static final Pattern WHOLE_NUMBER = Pattern.compile("[+-]?\\d+(_\\d+)*");

    private final Map<String, String> env;
    private final Path cwd;
    private final Path home;

    SettingValues(Map<String, String> env, Path cwd, Path home) {
        this.env = env;
        this.cwd = cwd;
        this.home = home;
    }

    /**
     * The typed value of {@code text}.
     *
     * @throws IllegalArgumentException with what is wrong ("must be ..."), to be reported at the value's origin
     */
    Object read(Setting setting, String text, Origin origin) {
        Path base = origin instanceof Origin.File file && file.file().getParent() != null ? file.file().getParent() : cwd;
        if (setting == Setting.SSH_ARGS) {
            return sshArgs(unquote(text));
        }
        return switch (setting.type()) {
            case STRING -> unquote(text);
            case LIST -> java.util.Arrays.stream(unquote(text).split(",")).map(String::strip)
                    .filter(item -> !item.isEmpty()).toList();
            case COUNT -> count(text);
            case BOOLEAN -> Booleans.parse(text).orElseThrow(() -> new IllegalArgumentException(
                    "must be a boolean (yes/no, true/false, on/off, 1/0), not '" + text + "'"));
            case PATH -> path(text, base);
            case PATHLIST -> paths(List.of(text.split(",")), base, true);
            case PATHSPEC -> paths(List.of(text.split(":")), base, false);
            case GATHERING -> gathering(text);
        };
    }

    /** ssh_args that herd can apply: no ProxyCommand, every option with its argument. */
    private static String sshArgs(String text) {
        try {
            AnsibleConfig.sshOptions(text);
            return text;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("cannot be used: " + e.getMessage());
        }
    }

    private static int count(String text) {
        String digits = text.strip();
        if (WHOLE_NUMBER.matcher(digits).matches()) {
            try {
                int n = Integer.parseInt(digits.replace("_", ""));
                if (n >= 1) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // too large: reported below
            }
        }
        throw new IllegalArgumentException("must be a whole number of at least 1, not '" + text + "'");
    }

    private static Gathering gathering(String text) {
        String value = unquote(text);
        for (Gathering g : Gathering.values()) {
            if (g.text().equals(value)) {
                return g;
            }
        }
        throw new IllegalArgumentException("must be implicit, explicit or smart, not '" + text + "'");
    }

    /** The paths of a list; empty items (a trailing comma) are dropped. */
    private List<Path> paths(List<String> items, Path base, boolean strip) {
        List<Path> paths = new ArrayList<>();
        for (String item : items) {
            String text = strip ? item.strip() : item;
            if (!text.isEmpty()) {
                paths.add(path(text, base));
            }
        }
        return List.copyOf(paths);
    }

    /** A path as unfrackpath makes it, against {@code base}. */
    Path path(String text, Path base) {
        String expanded = expandHome(expandVariables(text));
        return base.resolve(expanded).toAbsolutePath().normalize();
    }

    private String expandVariables(String text) {
        Matcher m = VARIABLE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1).startsWith("{") ? m.group(1).substring(1, m.group(1).length() - 1) : m.group(1);
            String value = env.get(name);
            m.appendReplacement(out, Matcher.quoteReplacement(value != null ? value : m.group()));
        }
        m.appendTail(out);
        return out.toString();
    }

    private String expandHome(String text) {
        if (text.equals("~") || text.startsWith("~/")) {
            return home + text.substring(1);
        }
        return text;
    }

    /** Ansible's unquote: matching outer quotes go. */
    static String unquote(String text) {
        if (text.length() > 1 && text.charAt(0) == text.charAt(text.length() - 1)
                && (text.charAt(0) == '"' || text.charAt(0) == '\'') && text.charAt(text.length() - 2) != '\\') {
            return text.substring(1, text.length() - 1);
        }
        return text;
    }
}
