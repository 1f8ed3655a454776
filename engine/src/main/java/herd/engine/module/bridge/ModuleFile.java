package herd.engine.module.bridge;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One module file found where Ansible would find it, and how Ansible runs it.
 *
 * @param fqcn       the name it was found under: {@code ansible.builtin.user}, {@code my.tools.probe},
 *                   {@code ansible.legacy.probe} (a library folder's)
 * @param pythonName the module's name in Python as Ansible runs it ({@code ansible.modules.user},
 *                   {@code ansible_collections.my.tools.plugins.modules.probe})
 * @param path       the file
 * @param kind       how it runs
 * @param collection the collection's folder ({@code .../ansible_collections/my/tools}) for a collection's module
 */
public record ModuleFile(String fqcn, String pythonName, Path path, Kind kind, Optional<Path> collection) {
    private static final Pattern NEW_STYLE = Pattern.compile(
            "^\\s*(from\\s+ansible(_collections\\.\\S+)?\\.module_utils[.\\s]|import\\s+ansible\\.module_utils\\.|"
                    + "from\\s+\\.\\.module_utils[.\\s])", Pattern.MULTILINE);

    /** How Ansible runs a module file (its module_common's module styles). */
    public enum Kind {
        /** Python importing {@code ansible.module_utils}: packaged with what it imports, run by the target's Python. */
        NEW_STYLE,
        /** Any language, marked {@code WANT_JSON}: given the path of a JSON file of its arguments. */
        WANT_JSON,
        /** Any other script: given the path of a file of {@code key=value} words. */
        OLD_STYLE,
        /** A compiled program: given the path of a JSON file of its arguments. */
        BINARY,
        /** PowerShell, for Windows hosts: herd does not run it. */
        POWERSHELL
    }

    /** The module's short name. */
    public String name() {
        return fqcn.substring(fqcn.lastIndexOf('.') + 1);
    }

    /** The file's text; a binary module has none. */
    public String source() throws IOException {
        return Files.readString(path, StandardCharsets.UTF_8);
    }

    static Kind kindOf(Path path) throws IOException {
        byte[] bytes = Files.readAllBytes(path);
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return Kind.BINARY;
        }
        if (text.indexOf('\0') >= 0) {
            return Kind.BINARY;
        }
        String name = path.getFileName().toString();
        if (name.endsWith(".ps1") || name.endsWith(".psm1") || text.contains("#Requires -Module Ansible.ModuleUtils")
                || text.contains("#AnsibleRequires -")) {
            return Kind.POWERSHELL;
        }
        if (NEW_STYLE.matcher(text).find()) {
            return Kind.NEW_STYLE;
        }
        if (text.contains("WANT_JSON")) {
            return Kind.WANT_JSON;
        }
        return Kind.OLD_STYLE;
    }
}
