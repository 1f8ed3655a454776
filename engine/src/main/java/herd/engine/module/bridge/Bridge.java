package herd.engine.module.bridge;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.ObjectMapper;

import herd.engine.module.Arg;
import herd.engine.module.ModuleSpec;

/**
 * The modules herd runs through the bridge, found by {@link ModuleSources} and made into
 * {@link BridgedModule}s once per run of herd: the module packaged, and its {@code argument_spec}
 * read by asking the controller's Python to start the module with an AnsibleModule that records its
 * spec and stops (nothing else of the module runs), so that a task's arguments are checked when the
 * playbook is loaded as a native module's are.
 */
public final class Bridge {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, BridgedModule> MADE = new ConcurrentHashMap<>();

    private final ModuleSources sources;

    public Bridge(ModuleSources sources) {
        this.sources = sources;
    }

    public ModuleSources sources() {
        return sources;
    }

    /** What a task's module name gives: a module to run, or why not. */
    public sealed interface Lookup permits Runs, Refused, Unknown {
    }

    /** @param warnings deprecations to show, as Ansible shows them when it loads the task */
    public record Runs(herd.engine.module.Module module, List<String> warnings) implements Lookup {
    }

    public record Refused(String why, Optional<String> hint) implements Lookup {
    }

    /** @param looked where herd looked */
    public record Unknown(String looked) implements Lookup {
    }

    /** ansible-core's action plugins that only run their module when the arguments say the files are on the host. */
    private static final Map<String, String> REMOTE_SRC_ACTIONS = Map.of("ansible.builtin.assemble", "yes");

    public Lookup module(String name, List<String> collections) {
        ModuleSources.Resolution r = sources.resolve(name, collections);
        return switch (r) {
            case ModuleSources.NotFound nf -> new Unknown(nf.looked());
            case ModuleSources.Refused ref -> new Refused(ref.why(), ref.hint());
            case ModuleSources.Found found -> {
                Optional<String> action = found.actionPlugin();
                if (action.equals(Optional.of("ansible.builtin.package"))) {
                    yield new Runs(new PackageModule(this), found.warnings());
                }
                if (action.equals(Optional.of("ansible.builtin.unarchive"))) {
                    try {
                        yield new Runs(new UnarchiveModule(made(found)), found.warnings());
                    } catch (IOException e) {
                        yield new Refused("the module " + found.file().path() + " cannot be read: " + e.getMessage(),
                                Optional.empty());
                    }
                }
                if (action.isPresent() && !REMOTE_SRC_ACTIONS.containsKey(action.get())) {
                    yield new Refused(found.file().fqcn() + " runs through its action plugin " + action.get()
                            + ", which does its work on the controller; herd does not run action plugins it has no"
                            + " native version of", hint(found.file().name()));
                }
                try {
                    yield new Runs(made(found), found.warnings());
                } catch (IOException e) {
                    yield new Refused("the module " + found.file().path() + " cannot be read: " + e.getMessage(),
                            Optional.empty());
                }
            }
        };
    }

    /**
     * The module a library folder holds under the name of one of herd's native modules, which a
     * short or {@code ansible.legacy.} name then means, as in Ansible.
     */
    public Optional<Lookup> override(String key) {
        return sources.libraryOverride(key).map(file -> module("ansible.legacy." + file.name(), List.of()));
    }

    /**
     * Arguments the bridge itself refuses: assemble with its fragments on the controller, which its
     * action plugin puts together there.
     */
    public static Optional<String> refusal(herd.engine.module.Module implementation, Map<String, Object> args) {
        if (!(implementation instanceof BridgedModule module)) {
            return Optional.empty();
        }
        String fqcn = module.file().fqcn().replace("ansible.legacy.", "ansible.builtin.");
        String fallback = REMOTE_SRC_ACTIONS.get(fqcn);
        if (fallback == null || module.file().collection().isPresent()) {
            return Optional.empty();
        }
        Object remote = args.getOrDefault("remote_src", fallback);
        if (remote instanceof String s && herd.engine.template.Templates.isTemplate(s)) {
            return Optional.empty();
        }
        boolean onHost = herd.engine.load.Booleans.parse(String.valueOf(remote)).orElse(false);
        return onHost ? Optional.empty() : Optional.of(module.name() + " with remote_src: false copies its files from the"
                + " controller through its action plugin, which herd does not run; copy them with 'copy' first and"
                + " set remote_src: true");
    }

    private static Optional<String> hint(String name) {
        return switch (name) {
            case "yum" -> Optional.of("name the host's package manager module instead (dnf, or package)");
            default -> Optional.empty();
        };
    }

    private BridgedModule made(ModuleSources.Found found) throws IOException {
        ModuleFile file = found.file();
        String key = file.path().toAbsolutePath() + "|" + file.fqcn() + "|" + java.nio.file.Files.getLastModifiedTime(
                file.path()).toMillis();
        BridgedModule cached = MADE.get(key);
        if (cached != null) {
            return cached;
        }
        Optional<String> payload = Optional.empty();
        String version = found.ansible().map(ControllerAnsible::version).orElse("2.14.0");
        ModuleSpec spec = ModuleSpec.of(file.name(), file.fqcn().substring(0, file.fqcn().lastIndexOf('.'))).withAnyArgs();
        if (file.kind() == ModuleFile.Kind.NEW_STYLE) {
            ControllerAnsible ansible = found.ansible().orElseThrow();
            String built = Payload.build(file, ansible.packageDir(), version, collection -> collectionDir(ansible, collection));
            payload = Optional.of(built);
            spec = probe(ansible, file, built).orElse(spec);
        }
        BridgedModule module = new BridgedModule(file, spec, version, payload);
        MADE.put(key, module);
        return module;
    }

    private Optional<Path> collectionDir(ControllerAnsible ansible, String collection) {
        String[] nc = collection.split("\\.");
        return sources.collectionRoots(ansible).stream().map(r -> r.resolve("ansible_collections").resolve(nc[0])
                .resolve(nc[1])).filter(java.nio.file.Files::isDirectory).findFirst();
    }

    /** The module's argument_spec, from the controller's Python; empty when the module makes no AnsibleModule. */
    private static Optional<ModuleSpec> probe(ControllerAnsible ansible, ModuleFile file, String payload) {
        try {
            java.nio.file.Path cwd = java.nio.file.Files.createTempDirectory("herd-probe");
            try {
                Process p = new ProcessBuilder(ansible.python(), "-c", Bootstrap.source(), "probe").directory(cwd.toFile())
                        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
                try (var in = p.getOutputStream()) {
                    in.write((payload + " e30=\n").getBytes(StandardCharsets.US_ASCII));
                }
                byte[] out = p.getInputStream().readAllBytes();
                if (!p.waitFor(60, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    return Optional.empty();
                }
                String text = new String(out, StandardCharsets.UTF_8).strip();
                String last = text.contains("\n") ? text.substring(text.lastIndexOf('\n') + 1) : text;
                @SuppressWarnings("unchecked")
                Map<String, Object> found = JSON.readValue(last, Map.class);
                return spec(file, found);
            } finally {
                try (var walk = java.nio.file.Files.walk(cwd)) {
                    walk.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
                }
            }
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    @SuppressWarnings("unchecked")
    static Optional<ModuleSpec> spec(ModuleFile file, Map<String, Object> found) {
        if (!(found.get("args") instanceof Map<?, ?> args)) {
            return Optional.empty();
        }
        Map<String, Arg> byName = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : args.entrySet()) {
            Map<String, Object> a = (Map<String, Object>) e.getValue();
            String name = e.getKey().toString();
            byName.put(name, new Arg(name, type(String.valueOf(a.get("type"))), Boolean.TRUE.equals(a.get("required")),
                    Optional.empty(), a.get("choices") instanceof List<?> c ? c.stream().map(String::valueOf).toList()
                    : List.of(), a.get("aliases") instanceof List<?> l ? l.stream().map(String::valueOf).toList() : List.of(),
                    Boolean.TRUE.equals(a.get("no_log"))));
        }
        List<Set<String>> exclusive = new ArrayList<>();
        if (found.get("mutually_exclusive") instanceof List<?> groups) {
            for (Object g : groups) {
                if (g instanceof List<?> names && names.size() > 1) {
                    exclusive.add(Set.copyOf(names.stream().map(String::valueOf).toList()));
                }
            }
        }
        return Optional.of(new ModuleSpec(file.name(), file.fqcn().substring(0, file.fqcn().lastIndexOf('.')), byName,
                exclusive, Optional.empty(), false));
    }

    /**
     * Ansible's argument types as herd checks them before the run; the ones Ansible converts from
     * text in ways herd does not check (dict from {@code k=v}, lists from commas, paths, bytes) are any value.
     */
    private static Arg.Type type(String ansible) {
        return switch (ansible) {
            case "str", "path" -> Arg.Type.STR;
            case "bool" -> Arg.Type.BOOL;
            case "int" -> Arg.Type.INT;
            case "float" -> Arg.Type.FLOAT;
            default -> Arg.Type.RAW;
        };
    }
}
