package herd.engine.module.bridge;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The Ansible installed on the controller, as far as the bridge needs it: the folder of its
 * {@code ansible} package (ansible-core's modules and module_utils), its version, the Python that
 * imports it, and the folders of that Python's path that hold {@code ansible_collections}. Found by
 * asking {@code python3} to import {@code ansible} (then the interpreter of {@code ansible-playbook}
 * on the PATH); no Ansible program runs.
 *
 * @param python   the controller's Python that imports ansible (also asked for module argument specs)
 * @param packageDir the {@code ansible} package folder ({@code .../ansible}, holding {@code modules/})
 * @param version  ansible-core's version, as modules are told it ({@code _ansible_version})
 * @param sysPathCollections folders on that Python's path holding an {@code ansible_collections} folder
 */
public record ControllerAnsible(String python, Path packageDir, String version, List<Path> sysPathCollections) {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ASK = "import json, os, sys\n"
            + "try:\n"
            + "    import ansible, ansible.release\n"
            + "    found = {'dir': os.path.dirname(ansible.__file__), 'version': ansible.release.__version__}\n"
            + "except Exception as e:\n"
            + "    found = {'error': str(e)}\n"
            + "found['path'] = [p for p in sys.path if p and os.path.isdir(os.path.join(p, 'ansible_collections'))]\n"
            + "print(json.dumps(found))\n";

    public ControllerAnsible {
        sysPathCollections = List.copyOf(sysPathCollections);
    }

    /** What the controller has, or why there is no Ansible to take modules from. */
    public sealed interface Found permits Installed, Missing {
    }

    public record Installed(ControllerAnsible ansible) implements Found {
    }

    /** @param reason what was tried and what it said */
    public record Missing(String reason) implements Found {
    }

    /** Asks the controller's Pythons, in order, which one imports ansible. */
    public static Found find(Map<String, String> environment) {
        List<String> tried = new ArrayList<>();
        for (String python : candidates(environment)) {
            Optional<Map<String, Object>> answer = ask(python);
            if (answer.isEmpty()) {
                tried.add(python + " did not run");
                continue;
            }
            Map<String, Object> a = answer.get();
            if (a.get("dir") instanceof String dir && a.get("version") instanceof String version) {
                List<Path> collections = a.get("path") instanceof List<?> l
                        ? l.stream().map(p -> Path.of(p.toString())).toList() : List.of();
                return new Installed(new ControllerAnsible(python, Path.of(dir), version, collections));
            }
            tried.add(python + " cannot import ansible (" + a.get("error") + ")");
        }
        return new Missing(String.join("; ", tried));
    }

    /** python3, then the interpreter named by the first line of ansible-playbook on the PATH. */
    private static List<String> candidates(Map<String, String> environment) {
        List<String> out = new ArrayList<>(List.of("python3"));
        String path = environment.getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin");
        for (String dir : path.split(":")) {
            Path playbook = Path.of(dir.isEmpty() ? "." : dir, "ansible-playbook");
            if (Files.isRegularFile(playbook)) {
                try (var lines = Files.lines(playbook, StandardCharsets.ISO_8859_1)) {
                    String first = lines.findFirst().orElse("");
                    if (first.startsWith("#!")) {
                        String[] words = first.substring(2).strip().split("\\s+");
                        String interpreter = words[0].endsWith("/env") && words.length > 1 ? words[1] : words[0];
                        if (!out.contains(interpreter)) {
                            out.add(interpreter);
                        }
                    }
                } catch (IOException | java.io.UncheckedIOException ignored) {
                    // not readable: no candidate from it
                }
                break;
            }
        }
        return out;
    }

    private static Optional<Map<String, Object>> ask(String python) {
        try {
            Process p = new ProcessBuilder(python, "-c", ASK).redirectErrorStream(false)
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                return Optional.empty();
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> answer = JSON.readValue(out, Map.class);
            return Optional.of(answer);
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** ansible-core's own modules. */
    Path modulesDir() {
        return packageDir.resolve("modules");
    }
}
