package herd.engine.module.builtin;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Stream;

import herd.engine.event.Status;
import herd.engine.load.InputException;
import herd.engine.load.YamlLoader;
import herd.engine.module.Arg;
import herd.engine.module.Module;
import herd.engine.module.ModuleCall;
import herd.engine.module.ModuleSpec;
import herd.engine.module.Outcome;
import herd.engine.module.Trait;
import herd.engine.template.ControllerFiles;
import herd.engine.template.Templates;

/**
 * ansible.builtin.include_vars: variables from YAML or JSON files on the controller, for the host's
 * later tasks: a file (looked for in the role's {@code vars/}, then the playbook's), or every file of
 * a folder in name order ({@code depth}, {@code files_matching}, {@code ignore_files}, {@code
 * extensions}); under one variable with {@code name}. Registers {@code ansible_facts} and {@code
 * ansible_included_var_files} as Ansible does.
 */
public final class IncludeVars extends Builtin {
    private static final List<String> EXTENSIONS = List.of("json", "yml", "yaml");
    private static final ModuleSpec SPEC = ModuleSpec.of("include_vars", "ansible.builtin",
            Arg.str("file"), Arg.str("dir"), Arg.str("name"), Arg.of("depth", Arg.Type.INT),
            Arg.str("files_matching"), Arg.of("ignore_files", Arg.Type.LIST), Arg.of("extensions", Arg.Type.LIST),
            Arg.of("ignore_unknown_extensions", Arg.Type.BOOL), Arg.str("hash_behaviour").choices("replace", "merge"))
            .freeForm("file").exclusive("file", "dir");

    public IncludeVars() {
        super(SPEC, Trait.CONTROLLER);
    }

    @Override
    public Set<String> sets(Map<String, Object> args) {
        return args.get("name") != null ? Set.of(args.get("name").toString()) : Set.of(Module.ANY);
    }

    @Override
    public Set<String> sets(Map<String, Object> args, Map<String, Object> where) {
        Object name = args.get("name");
        if (name != null) {
            return Set.of(name.toString());
        }
        try {
            if (args.values().stream().anyMatch(v -> v instanceof String s && Templates.isTemplate(s))) {
                return Set.of(Module.ANY);
            }
            return load(args, where).keySet();
        } catch (Failed | RuntimeException e) {
            // the run says what is wrong with the files; until then any name may come from them
            return Set.of(Module.ANY);
        }
    }

    @Override
    public Outcome run(ModuleCall call) {
        Map<String, Object> loaded;
        List<String> files = new ArrayList<>();
        try {
            loaded = load(call.args(), call.vars(), files);
        } catch (Failed e) {
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("failed", true);
            result.put("message", e.getMessage());
            result.put("msg", e.getMessage());
            return Outcome.fromResult(result);
        }
        Map<String, Object> vars = call.args().get("name") == null ? loaded
                : Map.of(call.args().get("name").toString(), loaded);
        if ("merge".equals(call.args().get("hash_behaviour"))) {
            vars = merged(call.vars(), vars);
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("changed", false);
        result.put("ansible_included_var_files", files);
        result.put("ansible_facts", vars);
        return new Outcome(Status.OK, java.util.OptionalInt.empty(), "", "", java.util.Optional.empty(), result, vars);
    }

    private static Map<String, Object> merged(Map<String, Object> current, Map<String, Object> loaded) {
        Map<String, Object> out = new LinkedHashMap<>();
        loaded.forEach((key, value) -> out.put(key, mergeValue(Templates.resolved(current.get(key)), value)));
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Object mergeValue(Object old, Object value) {
        if (old instanceof Map<?, ?> o && value instanceof Map<?, ?> v) {
            Map<String, Object> out = new LinkedHashMap<>((Map<String, Object>) o);
            v.forEach((k, val) -> out.put(k.toString(), mergeValue(out.get(k.toString()), val)));
            return out;
        }
        return value;
    }

    /** An include_vars that cannot be done, in Ansible's words. */
    private static final class Failed extends Exception {
        Failed(String message) {
            super(message, null, false, false);
        }
    }

    private static Map<String, Object> load(Map<String, Object> args, Map<String, ?> where) throws Failed {
        return load(args, where, new ArrayList<>());
    }

    private static Map<String, Object> load(Map<String, Object> args, Map<String, ?> where, List<String> files)
            throws Failed {
        if (args.get("dir") != null) {
            return loadDir(args, where, files);
        }
        Object file = args.get("file");
        if (file == null) {
            throw new Failed("include_vars needs a file or a dir");
        }
        String name = file.toString().strip();
        Path path = ControllerFiles.find(where, "vars", name).orElseThrow(() -> new Failed("Could not find or access '"
                + name + "'\nSearched in:\n\t" + String.join("\n\t", ControllerFiles.candidates(where, "vars", name)
                .stream().map(Path::toString).toList()) + " on the Ansible Controller."));
        return loadFile(path, files);
    }

    private static Map<String, Object> loadDir(Map<String, Object> args, Map<String, ?> where, List<String> files)
            throws Failed {
        String written = args.get("dir").toString();
        Object role = Templates.resolved(where.get("role_path"));
        Path dir;
        if (role != null && !role.toString().isEmpty()) {
            Path rolePath = Path.of(role.toString());
            dir = written.split("/")[0].equals("vars") && Files.exists(rolePath.resolve(written))
                    ? rolePath.resolve(written) : rolePath.resolve("vars").resolve(written);
        } else {
            Object playbook = Templates.resolved(where.get("playbook_dir"));
            dir = (playbook == null ? Path.of("") : Path.of(playbook.toString())).resolve(written);
        }
        if (!Files.exists(dir)) {
            throw new Failed(dir + " directory does not exist");
        }
        if (!Files.isDirectory(dir)) {
            throw new Failed(dir + " is not a directory");
        }
        int depth = args.get("depth") instanceof Number n ? n.intValue() : 0;
        Pattern matching = pattern(args.get("files_matching"));
        List<Pattern> ignored = new ArrayList<>();
        Object ignore = args.get("ignore_files");
        for (Object p : ignore instanceof List<?> list ? list : ignore == null ? List.of() : List.of(ignore.toString().split("\\s+"))) {
            ignored.add(pattern(p + "$"));
        }
        List<String> extensions = args.get("extensions") instanceof List<?> list
                ? list.stream().map(Object::toString).toList() : EXTENSIONS;
        boolean skipUnknown = Boolean.TRUE.equals(args.get("ignore_unknown_extensions"));
        Map<String, Object> out = new LinkedHashMap<>();
        List<Path> folders;
        try (Stream<Path> walk = Files.walk(dir)) {
            folders = walk.filter(Files::isDirectory).sorted().toList();
        } catch (IOException e) {
            throw new Failed(dir + ": " + e.getMessage());
        }
        // as Ansible's sorted walk: the first 'depth' folders in path order, each one's files by name
        for (int i = 0; i < folders.size() && (depth == 0 || i < depth); i++) {
            List<Path> names;
            try (Stream<Path> list = Files.list(folders.get(i))) {
                names = list.filter(Files::isRegularFile).sorted().toList();
            } catch (IOException e) {
                throw new Failed(folders.get(i) + ": " + e.getMessage());
            }
            for (Path file : names) {
                String name = file.getFileName().toString();
                if (role != null && file.equals(Path.of(role.toString()).resolve("vars").resolve("main.yml"))
                        || matching != null && !matching.matcher(name).find()
                        || ignored.stream().anyMatch(p -> p.matcher(name).find())) {
                    continue;
                }
                boolean known = extensions.stream().anyMatch(e -> name.endsWith("." + e));
                if (!known && skipUnknown) {
                    continue;
                }
                if (!known) {
                    throw new Failed(file + " does not have a valid extension: " + String.join(", ", extensions));
                }
                out.putAll(loadFile(file, files));
            }
        }
        return out;
    }

    private static Pattern pattern(Object written) throws Failed {
        if (written == null) {
            return null;
        }
        try {
            return Pattern.compile(written.toString());
        } catch (PatternSyntaxException e) {
            throw new Failed("Invalid regular expression: " + written);
        }
    }

    private static Map<String, Object> loadFile(Path path, List<String> files) throws Failed {
        Object data;
        try {
            data = YamlLoader.load(path).toPlain();
        } catch (InputException e) {
            throw new Failed(e.getMessage());
        }
        if (data == null) {
            files.add(path.toString());
            return Map.of();
        }
        if (!(data instanceof Map<?, ?> map)) {
            throw new Failed(path + " must be stored as a dictionary/hash");
        }
        files.add(path.toString());
        Map<String, Object> out = new LinkedHashMap<>();
        map.forEach((k, v) -> out.put(String.valueOf(k), v));
        return out;
    }
}
