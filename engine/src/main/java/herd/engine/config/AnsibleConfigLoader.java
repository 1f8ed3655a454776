package herd.engine.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import herd.engine.load.InputException;
import herd.engine.load.Problem;

/**
 * Finds the ansible.cfg as Ansible 2.14 does and reads the settings herd uses from it and from their
 * ANSIBLE_* environment variables (which win over the file). The first file found is the only one read:
 * {@code ANSIBLE_CONFIG} (a file, or a folder holding ansible.cfg), {@code ./ansible.cfg} unless the
 * current folder is world-writable (then it is ignored with a warning), {@code ~/.ansible.cfg},
 * {@code /etc/ansible/ansible.cfg}. Unknown sections and keys are ignored, as Ansible ignores them.
 */
public final class AnsibleConfigLoader {
    /** The variable naming the ansible.cfg to read. */
    public static final String CONFIG_VARIABLE = "ANSIBLE_CONFIG";
    private static final String WRITABLE_DOCS =
            "https://docs.ansible.com/ansible/devel/reference_appendices/config.html#cfg-in-world-writable-dir";

    /** The file to read, if any, and what to warn about. */
    public record Found(Optional<Path> file, List<String> warnings) {
        public Found {
            warnings = List.copyOf(warnings);
        }
    }

    private final Map<String, String> env;
    private final Path cwd;
    private final Path home;
    private final Path systemFile;
    private final SettingValues values;

    /**
     * @param env        the environment variables
     * @param cwd        the current folder
     * @param home       the user's home folder
     * @param systemFile the system-wide file, /etc/ansible/ansible.cfg outside tests
     */
    public AnsibleConfigLoader(Map<String, String> env, Path cwd, Path home, Path systemFile) {
        this.env = Map.copyOf(env);
        this.cwd = cwd.toAbsolutePath().normalize();
        this.home = home;
        this.systemFile = systemFile;
        this.values = new SettingValues(this.env, this.cwd, home);
    }

    /** This process's environment, current folder and home, and /etc/ansible/ansible.cfg. */
    public static AnsibleConfigLoader ofProcess() {
        return new AnsibleConfigLoader(System.getenv(), Path.of(System.getProperty("user.dir")),
                Path.of(System.getProperty("user.home")), Path.of("/etc/ansible/ansible.cfg"));
    }

    /** Which ansible.cfg Ansible would read here. */
    public Found find() {
        List<Path> candidates = new ArrayList<>();
        Optional<Path> fromEnv = Optional.ofNullable(env.get(CONFIG_VARIABLE)).map(text -> {
            Path path = values.path(text, cwd);
            return Files.isDirectory(path) ? path.resolve("ansible.cfg") : path;
        });
        fromEnv.ifPresent(candidates::add);
        Path inCwd = cwd.resolve("ansible.cfg");
        boolean ignoredInCwd = worldWritable(cwd);
        if (!ignoredInCwd) {
            candidates.add(inCwd);
        }
        candidates.add(home.resolve(".ansible.cfg"));
        candidates.add(systemFile);
        Optional<Path> file = candidates.stream().filter(p -> Files.exists(p) && Files.isReadable(p)).findFirst();
        List<String> warnings = new ArrayList<>();
        if (ignoredInCwd && Files.exists(inCwd) && !(fromEnv.isPresent() && fromEnv.equals(file))) {
            warnings.add("herd is being run in a world writable folder (" + cwd + "), so its ansible.cfg is ignored, as"
                    + " Ansible ignores it; see " + WRITABLE_DOCS);
        }
        return new Found(file, warnings);
    }

    /**
     * Finds and reads the settings.
     *
     * @throws InputException with every bad value of a setting herd uses, each at its file:line (or variable)
     */
    public AnsibleConfig load() {
        Found found = find();
        Optional<IniFile> ini = found.file().map(IniFile::read);
        List<Problem> problems = new ArrayList<>();
        Map<Setting, Configured<?>> read = new EnumMap<>(Setting.class);
        for (Setting setting : Setting.values()) {
            raw(setting, ini).ifPresent(raw -> {
                try {
                    Object value = values.read(setting, raw.text(), raw.origin());
                    read.put(setting, new Configured<>(value, raw.origin()));
                } catch (IllegalArgumentException e) {
                    problems.add(AnsibleConfig.problem(setting, raw.origin(), e.getMessage()));
                }
            });
        }
        if (!problems.isEmpty()) {
            throw new InputException(problems);
        }
        return new AnsibleConfig(found.file(), found.warnings(), read);
    }

    private record Raw(String text, Origin origin) {
    }

    /** The text that sets a setting: its last variable that is set, else its last key in the file, else the default. */
    private Optional<Raw> raw(Setting setting, Optional<IniFile> ini) {
        for (String variable : setting.variables().reversed()) {
            if (env.containsKey(variable)) {
                return Optional.of(new Raw(env.get(variable), new Origin.Env(variable)));
            }
        }
        if (ini.isPresent()) {
            for (String key : setting.keys().reversed()) {
                Optional<IniFile.Entry> entry = ini.get().get(setting.section(), key);
                if (entry.isPresent()) {
                    return Optional.of(new Raw(entry.get().value(), new Origin.File(entry.get().position())));
                }
            }
        }
        return setting.defaultText().map(text -> new Raw(text, new Origin.Default()));
    }

    private static boolean worldWritable(Path folder) {
        try {
            return Files.getPosixFilePermissions(folder).contains(PosixFilePermission.OTHERS_WRITE);
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }
}
