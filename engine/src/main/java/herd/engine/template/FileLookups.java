package herd.engine.template;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The lookups that read the controller: file, template, fileglob, first_found, pipe and lines. A
 * relative path is looked for as {@link ControllerFiles} says: the role's folders, then the
 * playbook's.
 */
final class FileLookups {
    private FileLookups() {
    }

    static List<Object> file(List<Object> terms, Map<String, Object> options, LookupContext context) {
        boolean lstrip = PythonValues.truthy(Lookups.option(options, "lstrip", false));
        boolean rstrip = PythonValues.truthy(Lookups.option(options, "rstrip", true));
        List<Object> out = new ArrayList<>();
        for (Object term : terms) {
            String name = PythonValues.text(term);
            String contents = read(find(context, "files", name)
                    .orElseThrow(() -> Lookups.failed("could not locate file in lookup: " + name)));
            if (lstrip) {
                contents = contents.stripLeading();
            }
            if (rstrip) {
                contents = contents.stripTrailing();
            }
            out.add(contents);
        }
        return out;
    }

    static List<Object> template(List<Object> terms, Map<String, Object> options, LookupContext context) {
        List<Object> out = new ArrayList<>();
        for (Object term : terms) {
            String name = PythonValues.text(term);
            Path path = find(context, "templates", name)
                    .orElseThrow(() -> Lookups.failed("the template file " + name + " could not be found for the lookup"));
            Object extra = Templates.resolved(options.get("template_vars"));
            out.add(context.render(read(path), extra instanceof Map<?, ?> vars ? vars : Map.of()));
        }
        return out;
    }

    static List<Object> fileglob(List<Object> terms, Map<String, Object> options, LookupContext context) {
        List<Object> out = new ArrayList<>();
        for (Object term : terms) {
            String pattern = PythonValues.text(term);
            int slash = pattern.lastIndexOf('/');
            String name = pattern.substring(slash + 1);
            List<Path> folders = slash < 0 ? List.of(context.base().resolve("files"), context.base())
                    : find(context, "files", slash == 0 ? "/" : pattern.substring(0, slash)).stream().toList();
            for (Path folder : folders) {
                List<Object> found = glob(folder, name);
                if (!found.isEmpty()) {
                    out.addAll(found);
                    break;
                }
            }
        }
        return out;
    }

    /** Regular files in a folder whose names match a glob; hidden ones only for a pattern that starts with a dot. */
    private static List<Object> glob(Path folder, String pattern) {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + pattern.replace("{", "\\{").replace("}", "\\}"));
        List<String> found = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder)) {
            for (Path entry : entries) {
                String fileName = entry.getFileName().toString();
                if (Files.isRegularFile(entry) && matcher.matches(entry.getFileName())
                        && (!fileName.startsWith(".") || pattern.startsWith("."))) {
                    found.add(entry.toString());
                }
            }
        } catch (IOException e) {
            return List.of();
        }
        found.sort(null);
        return new ArrayList<>(found);
    }

    static List<Object> firstFound(List<Object> terms, Map<String, Object> options, LookupContext context) {
        List<String> candidates = new ArrayList<>();
        boolean skip = candidates(terms, options, candidates);
        for (String candidate : candidates) {
            Optional<Path> path = find(context, "files", candidate);
            if (path.isPresent()) {
                return List.of(path.get().toString());
            }
        }
        if (skip) {
            return List.of();
        }
        throw Lookups.handled("No file was found when using first_found.");
    }

    /** first_found's terms: names, lists of names, or dicts of files/paths/skip (the call's options apply to names). */
    private static boolean candidates(List<?> terms, Map<String, Object> options, List<String> out) {
        boolean skip = false;
        for (Object raw : terms) {
            Object term = Templates.resolved(raw);
            Map<?, ?> settings;
            if (term instanceof Map<?, ?> map) {
                settings = map;
            } else if (term instanceof String) {
                settings = options;
            } else if (term instanceof List<?> list) {
                skip = candidates(list, options, out);
                continue;
            } else {
                throw Lookups.handled("Invalid term supplied, can handle string, mapping or list of strings but got: "
                        + PythonValues.typeName(term) + " for " + term);
            }
            List<String> files = split(settings.get("files"), ",;");
            List<String> paths = split(settings.get("paths"), ",:;");
            skip = PythonValues.truthy(settings.get("skip"));
            if (!paths.isEmpty()) {
                for (String path : paths) {
                    for (String file : files) {
                        out.add(file.startsWith("/") ? file : path.endsWith("/") ? path + file : path + "/" + file);
                    }
                }
            } else if (!files.isEmpty()) {
                out.clear();
                out.addAll(files);
            } else {
                out.add(PythonValues.text(term));
            }
        }
        return skip;
    }

    /** first_found's splitting of a string (or each string of a list) at any of the separators. */
    private static List<String> split(Object value, String separators) {
        List<String> out = new ArrayList<>();
        Object resolved = Templates.resolved(value);
        if (resolved == null) {
            return out;
        }
        List<?> items = resolved instanceof List<?> list ? list : List.of(resolved);
        for (Object item : items) {
            for (String part : PythonValues.text(item).split("[" + java.util.regex.Pattern.quote(separators) + "]")) {
                if (!part.isEmpty()) {
                    out.add(part);
                }
            }
        }
        return out;
    }

    static List<Object> pipe(List<Object> terms, Map<String, Object> options, LookupContext context) {
        List<Object> out = new ArrayList<>();
        for (Object term : terms) {
            out.add(shell("pipe", PythonValues.text(term), context).stripTrailing());
        }
        return out;
    }

    static List<Object> lines(List<Object> terms, Map<String, Object> options, LookupContext context) {
        List<Object> out = new ArrayList<>();
        for (Object term : terms) {
            out.addAll(shell("lines", PythonValues.text(term), context).lines().toList());
        }
        return out;
    }

    /** Runs a command on the controller through /bin/sh in the playbook's folder, as Ansible's pipe does. */
    private static String shell(String lookup, String command, LookupContext context) {
        if (Templates.checking()) {
            // while a run is checked nothing runs, not even on the controller: the command's output
            // is known only when the task runs
            return "";
        }
        ProcessBuilder builder = new ProcessBuilder("/bin/sh", "-c", command)
                .directory(context.base().toFile())
                .redirectInput(ProcessBuilder.Redirect.PIPE)
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        try {
            Process process = builder.start();
            process.getOutputStream().close();
            String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int rc = process.waitFor();
            if (rc != 0) {
                throw Lookups.failed("lookup_plugin." + lookup + "(" + command + ") returned " + rc);
            }
            return stdout;
        } catch (IOException e) {
            throw Lookups.failed("lookup_plugin." + lookup + "(" + command + "): " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw Lookups.failed("lookup_plugin." + lookup + "(" + command + ") was interrupted");
        }
    }

    /** A file as Ansible finds it for a play: absolute as it is, else under subdir/ of the playbook's folder, then in it. */
    static Optional<Path> find(LookupContext context, String subdir, String name) {
        Map<String, Object> where = new java.util.HashMap<>();
        where.put("role_path", context.variable("role_path"));
        where.put("playbook_dir", context.base().toString());
        return ControllerFiles.find(where, subdir, name);
    }

    private static String read(Path path) {
        try {
            return herd.engine.vault.Vault.readInputString(path);
        } catch (herd.engine.vault.VaultException e) {
            throw Lookups.failed("The 'file' lookup cannot decrypt the vault file '" + path + "': " + e.getMessage());
        } catch (IOException e) {
            throw Lookups.failed("The 'file' lookup had an issue accessing the file '" + path + "': " + e.getMessage());
        }
    }
}
