package herd.engine.module.bridge;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A new-style module packaged as Ansible packages it: the module's source with every
 * {@code module_utils} file it imports, from ansible-core and from collections, found by following
 * the imports of each file in turn, with the packages they sit in. {@code bridge.py} imports them
 * from memory on the host. The package is built once per module file and run of herd and sent as
 * one base64 line of zlib-compressed JSON.
 */
final class Payload {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern FROM = Pattern.compile("^\\s*from\\s+(\\.*[\\w.]*)\\s+import\\s+(.+)$");
    private static final Pattern IMPORT = Pattern.compile("^\\s*import\\s+(.+)$");

    /** A Python module for the host: a package or not, and its source. */
    record Source(boolean pkg, String text) {
    }

    private final Path ansibleDir;
    private final String version;
    private final Function<String, Optional<Path>> collectionDir;
    private final Map<String, Source> modules = new LinkedHashMap<>();

    /**
     * @param ansibleDir    ansible-core's {@code ansible} package folder
     * @param collectionDir the folder of a collection by its name ({@code ns.coll}), as the search path finds it
     */
    private Payload(Path ansibleDir, String version, Function<String, Optional<Path>> collectionDir) {
        this.ansibleDir = ansibleDir;
        this.version = version;
        this.collectionDir = collectionDir;
    }

    /** The module and what it imports, as the base64 line bridge.py reads. */
    static String build(ModuleFile module, Path ansibleDir, String version,
                        Function<String, Optional<Path>> collectionDir) throws IOException {
        Payload p = new Payload(ansibleDir, version, collectionDir);
        p.add(module.pythonName(), new Source(false, module.source()));
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("main", module.pythonName());
        Map<String, Object> sources = new LinkedHashMap<>();
        p.modules.forEach((name, source) -> sources.put(name, List.of(source.pkg(), source.text())));
        json.put("modules", sources);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (DeflaterOutputStream z = new DeflaterOutputStream(out, new Deflater(Deflater.BEST_SPEED))) {
            JSON.writeValue(z, json);
        }
        return Base64.getEncoder().encodeToString(out.toByteArray());
    }

    /** Every module's name in the package, for tests and messages. */
    static Map<String, Boolean> contents(ModuleFile module, Path ansibleDir, Function<String, Optional<Path>> collectionDir)
            throws IOException {
        Payload p = new Payload(ansibleDir, "", collectionDir);
        p.add(module.pythonName(), new Source(false, module.source()));
        Map<String, Boolean> names = new LinkedHashMap<>();
        p.modules.forEach((name, source) -> names.put(name, source.pkg()));
        return names;
    }

    private void add(String mainName, Source main) throws IOException {
        Deque<String> work = new ArrayDeque<>();
        modules.put(mainName, main);
        parents(mainName);
        work.add(mainName);
        while (!work.isEmpty()) {
            String name = work.removeFirst();
            Source source = modules.get(name);
            for (String imported : imports(name, source)) {
                for (String candidate : candidates(imported)) {
                    if (modules.containsKey(candidate)) {
                        break;
                    }
                    Optional<Source> found = find(candidate);
                    if (found.isPresent()) {
                        modules.put(candidate, found.get());
                        parents(candidate);
                        work.add(candidate);
                        break;
                    }
                }
            }
        }
    }

    /** For {@code a.b.c} (from a.b import c): the module a.b.c, else a.b (c being a name inside it). */
    private static List<String> candidates(String imported) {
        int dot = imported.lastIndexOf('.');
        return dot < 0 ? List.of(imported) : List.of(imported, imported.substring(0, dot));
    }

    /** The packages around a module, each with its {@code __init__.py} or empty. */
    private void parents(String name) throws IOException {
        int dot = name.lastIndexOf('.');
        while (dot > 0) {
            String parent = name.substring(0, dot);
            if (!modules.containsKey(parent)) {
                Source init = find(parent).filter(Source::pkg).orElse(new Source(true, ""));
                modules.put(parent, init);
            }
            dot = parent.lastIndexOf('.');
            name = parent;
        }
    }

    /** The file of a module in Ansible's or a collection's tree, by its Python name. */
    private Optional<Source> find(String name) throws IOException {
        if (name.equals("ansible")) {
            return Optional.of(new Source(true, "__version__ = '" + version + "'\n"));
        }
        Path base;
        String[] parts = name.split("\\.");
        if (name.startsWith("ansible.module_utils")) {
            base = ansibleDir;
            parts = java.util.Arrays.copyOfRange(parts, 1, parts.length);
        } else if (name.startsWith("ansible_collections.") && parts.length >= 3) {
            Optional<Path> dir = collectionDir.apply(parts[1] + "." + parts[2]);
            if (dir.isEmpty()) {
                return Optional.empty();
            }
            base = dir.get();
            parts = java.util.Arrays.copyOfRange(parts, 3, parts.length);
        } else {
            return Optional.empty();
        }
        Path path = base;
        for (String part : parts) {
            path = path.resolve(part);
        }
        Path file = path.resolveSibling(path.getFileName() + ".py");
        if (parts.length > 0 && Files.isRegularFile(file)) {
            return Optional.of(new Source(false, Files.readString(file, StandardCharsets.UTF_8)));
        }
        Path init = path.resolve("__init__.py");
        if (Files.isRegularFile(init)) {
            return Optional.of(new Source(true, Files.readString(init, StandardCharsets.UTF_8)));
        }
        if (Files.isDirectory(path)) {
            return Optional.of(new Source(true, ""));
        }
        return Optional.empty();
    }

    /**
     * The modules a source imports, absolute, as {@code package.module.name} (the last part may be
     * a name inside the module): only Ansible's and collections' own, the rest the host has.
     */
    static List<String> imports(String moduleName, Source source) {
        List<String> found = new java.util.ArrayList<>();
        for (String line : logicalLines(source.text())) {
            Matcher from = FROM.matcher(line);
            if (from.matches()) {
                String base = absolute(moduleName, source.pkg(), from.group(1));
                if (base == null) {
                    continue;
                }
                for (String imported : names(from.group(2))) {
                    if (!imported.equals("*")) {
                        found.add(base.isEmpty() ? imported : base + "." + imported);
                    }
                }
                if (!base.isEmpty()) {
                    found.add(base);
                }
                continue;
            }
            Matcher plain = IMPORT.matcher(line);
            if (plain.matches()) {
                found.addAll(names(plain.group(1)));
            }
        }
        return found.stream().filter(n -> n.startsWith("ansible.module_utils") || n.startsWith("ansible_collections."))
                .distinct().toList();
    }

    /** A {@code from} target made absolute: relative imports start at the module's package. */
    private static String absolute(String moduleName, boolean pkg, String target) {
        int dots = 0;
        while (dots < target.length() && target.charAt(dots) == '.') {
            dots++;
        }
        if (dots == 0) {
            return target;
        }
        String pack = pkg ? moduleName : moduleName.contains(".") ? moduleName.substring(0, moduleName.lastIndexOf('.')) : "";
        for (int i = 1; i < dots; i++) {
            if (!pack.contains(".")) {
                return null;
            }
            pack = pack.substring(0, pack.lastIndexOf('.'));
        }
        String rest = target.substring(dots);
        return rest.isEmpty() ? pack : pack + "." + rest;
    }

    /** The names of an import list: {@code (a as b, c)} gives a and c. */
    private static List<String> names(String list) {
        String cleaned = list.replaceAll("#.*", "").replace("(", " ").replace(")", " ").replace("\\", " ");
        List<String> out = new java.util.ArrayList<>();
        for (String part : cleaned.split(",")) {
            String word = part.strip().split("\\s+")[0];
            if (word.matches("[\\w.]+|\\*")) {
                out.add(word);
            }
        }
        return out;
    }

    /** Lines with their parenthesised and backslash continuations joined. */
    private static List<String> logicalLines(String text) {
        List<String> out = new java.util.ArrayList<>();
        StringBuilder pending = null;
        int depth = 0;
        for (String raw : text.split("\n", -1)) {
            String line = raw.replaceAll("\\s+#.*$", "");
            if (pending != null) {
                pending.append(' ').append(line);
            } else {
                pending = new StringBuilder(line);
            }
            depth += count(line, '(') - count(line, ')');
            if (line.endsWith("\\") || depth > 0 && depth < 20 && isImport(pending)) {
                if (line.endsWith("\\")) {
                    pending.setLength(pending.length() - 1);
                }
                continue;
            }
            out.add(pending.toString());
            pending = null;
            depth = 0;
        }
        if (pending != null) {
            out.add(pending.toString());
        }
        return out;
    }

    private static boolean isImport(CharSequence line) {
        String s = line.toString().stripLeading();
        return s.startsWith("from ") || s.startsWith("import ");
    }

    private static int count(String s, char c) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == c) {
                n++;
            }
        }
        return n;
    }
}
