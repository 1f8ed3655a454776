package herd.engine.module.builtin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import herd.engine.event.Status;
import herd.engine.module.Module;
import herd.engine.module.ModuleCall;
import herd.engine.module.Outcome;
import herd.engine.module.builtin.files.ShellTarget;
import herd.engine.template.Templates;
import herd.engine.transport.UnreachableException;

/**
 * copy, template, file and stat on this machine's real shell (the host is a temporary folder):
 * what they leave behind, what they return, that a second run is ok, check mode and diff.
 */
class FileModulesTest {
    @TempDir
    Path dir;

    private final Templates templates = new Templates();
    private ShellTarget target;
    private Map<String, Object> vars;

    @BeforeEach
    void setUp() throws IOException {
        target = new ShellTarget();
        Path playbook = Files.createDirectories(dir.resolve("playbook"));
        Files.createDirectories(playbook.resolve("files"));
        Files.createDirectories(playbook.resolve("templates"));
        Files.createDirectories(dir.resolve("host"));
        vars = new LinkedHashMap<>();
        vars.put("playbook_dir", playbook.toString());
        vars.put("inventory_hostname", "h1");
    }

    private String host(String name) {
        return dir.resolve("host").resolve(name).toString();
    }

    private Outcome run(Module module, Map<String, Object> args) throws UnreachableException {
        return run(module, args, false, false);
    }

    private Outcome run(Module module, Map<String, Object> args, boolean check, boolean diff) throws UnreachableException {
        return module.run(new ModuleCall(args, vars, templates, target, check, diff));
    }

    private static Map<String, Object> args(Object... pairs) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put((String) pairs[i], pairs[i + 1]);
        }
        return m;
    }

    private static String perms(String path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(Path.of(path)));
    }

    // copy

    @Test
    void copyContentWritesTheFileAndASecondRunIsOk() throws Exception {
        String dest = host("motd");
        Outcome first = run(new Copy(), args("content", "hello\n", "dest", dest, "mode", "0640"));
        assertEquals(Status.CHANGED, first.status(), first.message().orElse(""));
        assertEquals("hello\n", Files.readString(Path.of(dest)));
        assertEquals("rw-r-----", perms(dest));
        Map<String, Object> r = first.result();
        assertEquals(dest, r.get("dest"));
        assertEquals("f572d396fae9206628714fb2ce00f72e94f2258f", r.get("checksum"));
        assertEquals("b1946ac92492d2347c6235b4d2611184", r.get("md5sum"));
        assertEquals("0640", r.get("mode"));
        assertEquals(6L, r.get("size"));
        assertEquals("file", r.get("state"));
        assertFalse(r.containsKey("diff"), "no diff without --diff");

        Outcome second = run(new Copy(), args("content", "hello\n", "dest", dest, "mode", "0640"));
        assertEquals(Status.OK, second.status(), second.message().orElse(""));
        assertEquals(dest, second.result().get("dest"));
        assertEquals(dest, second.result().get("path"));
        assertEquals("f572d396fae9206628714fb2ce00f72e94f2258f", second.result().get("checksum"));
    }

    @Test
    void copyWithTheSameContentChangesOnlyTheMode() throws Exception {
        String dest = host("f");
        run(new Copy(), args("content", "x", "dest", dest));
        Outcome again = run(new Copy(), args("content", "x", "dest", dest, "mode", "u=rw,g=,o="), false, true);
        assertEquals(Status.CHANGED, again.status());
        assertEquals("rw-------", perms(dest));
        @SuppressWarnings("unchecked")
        Map<String, Object> diff = (Map<String, Object>) again.result().get("diff");
        assertEquals(Map.of("path", dest, "mode", "0644"), diff.get("before"));
        assertEquals(Map.of("path", dest, "mode", "0600"), diff.get("after"));
        assertFalse(again.result().containsKey("md5sum"), "the file module's result, as Ansible's");
    }

    @Test
    void copyInCheckModeChangesNothingAndDiffShowsBeforeAndAfter() throws Exception {
        String dest = host("conf");
        Files.writeString(Path.of(dest), "old\n");
        Outcome checked = run(new Copy(), args("content", "new\n", "dest", dest), true, true);
        assertEquals(Status.CHANGED, checked.status());
        assertEquals("old\n", Files.readString(Path.of(dest)));
        @SuppressWarnings("unchecked")
        Map<String, Object> diff = ((List<Map<String, Object>>) checked.result().get("diff")).getFirst();
        assertEquals("old\n", diff.get("before"));
        assertEquals("new\n", diff.get("after"));
        assertEquals(dest, diff.get("before_header"));
    }

    @Test
    void copyBackupKeepsTheOldFile() throws Exception {
        String dest = host("conf");
        Files.writeString(Path.of(dest), "old\n");
        Outcome r = run(new Copy(), args("content", "new\n", "dest", dest, "backup", true));
        String backup = (String) r.result().get("backup_file");
        assertTrue(backup.startsWith(dest + "."), backup);
        assertEquals("old\n", Files.readString(Path.of(backup)));
        assertEquals("new\n", Files.readString(Path.of(dest)));
    }

    @Test
    void copySrcFromFilesIntoAFolder() throws Exception {
        Files.writeString(dir.resolve("playbook/files/motd.txt"), "welcome\n");
        Outcome r = run(new Copy(), args("src", "motd.txt", "dest", host("") ));
        assertEquals(Status.CHANGED, r.status(), r.message().orElse(""));
        assertEquals("welcome\n", Files.readString(Path.of(host("motd.txt"))));
        assertEquals(host("motd.txt"), r.result().get("dest"));
        assertEquals(Status.OK, run(new Copy(), args("src", "motd.txt", "dest", host(""))).status());
    }

    @Test
    void copyAMissingSrcFailsNamingWhereItLooked() throws Exception {
        Outcome r = run(new Copy(), args("src", "nothing.txt", "dest", host("x")));
        assertEquals(Status.FAILED, r.status());
        assertTrue(r.message().orElse("").startsWith("Could not find or access 'nothing.txt'\nSearched in:\n\t"),
                r.message().orElse(""));
    }

    @Test
    void copyAFolderWithAndWithoutTrailingSlash() throws Exception {
        Path tree = Files.createDirectories(dir.resolve("playbook/files/tree/sub"));
        Files.writeString(tree.getParent().resolve("a.txt"), "a");
        Files.writeString(tree.resolve("b.txt"), "b");
        Outcome whole = run(new Copy(), args("src", "tree", "dest", host("one"), "directory_mode", "0750"));
        assertEquals(Status.CHANGED, whole.status(), whole.message().orElse(""));
        assertEquals("a", Files.readString(Path.of(host("one/tree/a.txt"))));
        assertEquals("b", Files.readString(Path.of(host("one/tree/sub/b.txt"))));
        assertEquals("rwxr-x---", perms(host("one/tree/sub")));
        assertEquals(Status.OK, run(new Copy(), args("src", "tree", "dest", host("one"), "directory_mode", "0750")).status());

        Outcome contents = run(new Copy(), args("src", "tree/", "dest", host("two")));
        assertEquals(Status.CHANGED, contents.status(), contents.message().orElse(""));
        assertEquals("a", Files.readString(Path.of(host("two/a.txt"))));
        assertEquals("b", Files.readString(Path.of(host("two/sub/b.txt"))));
    }

    /** A folder the user may not write is the comparison case copy-refused (as deploy on a container). */
    @Test
    void copyIntoAFolderThatIsMissingIsRefusedAsAnsibleRefusesIt() throws Exception {
        Outcome missing = run(new Copy(), args("content", "x", "dest", host("none/f")));
        assertEquals("Destination directory " + host("none") + " does not exist", missing.message().orElse(""));
    }

    @Test
    void copyWithAnExpectedChecksumThatDiffersFails() throws Exception {
        Outcome r = run(new Copy(), args("content", "hello\n", "dest", host("c"), "checksum", "0000"));
        assertEquals("Copied file does not match the expected checksum. Transfer failed.", r.message().orElse(""));
        assertEquals("f572d396fae9206628714fb2ce00f72e94f2258f", r.result().get("checksum"));
        assertFalse(Files.exists(Path.of(host("c"))));
        assertEquals(Status.CHANGED, run(new Copy(), args("content", "hello\n", "dest", host("c"), "checksum",
                "f572d396fae9206628714fb2ce00f72e94f2258f")).status());
    }

    @Test
    void copyForceNoLeavesAnExistingFile() throws Exception {
        String dest = host("keep");
        Files.writeString(Path.of(dest), "mine");
        assertEquals(Status.OK, run(new Copy(), args("content", "theirs", "dest", dest, "force", false)).status());
        assertEquals("mine", Files.readString(Path.of(dest)));
    }

    @Test
    void copyValidateRefusesBadContent() throws Exception {
        String dest = host("v");
        Outcome r = run(new Copy(), args("content", "bad", "dest", dest, "validate", "grep -q good %s"));
        assertEquals(Status.FAILED, r.status());
        assertEquals("failed to validate", r.message().orElse(""));
        assertFalse(Files.exists(Path.of(dest)));
    }

    // template

    @Test
    void templateRendersWithTheTasksAndAnsiblesVariables() throws Exception {
        Files.writeString(dir.resolve("playbook/templates/app.conf.j2"), """
                # {{ ansible_managed }}
                {% for p in ports %}
                listen {{ p }}
                {% endfor %}
                host={{ inventory_hostname }} src={{ template_path }}
                """);
        vars.put("ports", List.of(8080, 8081));
        String dest = host("app.conf");
        Outcome r = run(new Template(), args("src", "app.conf.j2", "dest", dest));
        assertEquals(Status.CHANGED, r.status(), r.message().orElse(""));
        assertEquals("# Ansible managed\nlisten 8080\nlisten 8081\nhost=h1 src=app.conf.j2\n",
                Files.readString(Path.of(dest)));
        assertEquals(Status.OK, run(new Template(), args("src", "app.conf.j2", "dest", dest)).status());
    }

    @Test
    void templateKeepsTheFilesTrailingNewlines() throws Exception {
        Files.writeString(dir.resolve("playbook/templates/t.j2"), "{% if true %}\nyes\n{% endif %}\n\n");
        String dest = host("t");
        run(new Template(), args("src", "t.j2", "dest", dest));
        assertEquals("yes\n\n", Files.readString(Path.of(dest)));
    }

    @Test
    void templateHeaderAndDelimiterSettings() throws Exception {
        Files.writeString(dir.resolve("playbook/templates/h.j2"),
                "#jinja2: trim_blocks: False, lstrip_blocks: True\n  {% if true %}\nx\n  {% endif %}\n");
        run(new Template(), args("src", "h.j2", "dest", host("h")));
        assertEquals("\nx\n", Files.readString(Path.of(host("h"))), "as Jinja2 renders it, the trailing newline kept");

        Files.writeString(dir.resolve("playbook/templates/d.j2"), "[[ inventory_hostname ]] {{ kept }}\n");
        run(new Template(), args("src", "d.j2", "dest", host("d"), "variable_start_string", "[[",
                "variable_end_string", "]]"));
        assertEquals("h1 {{ kept }}\n", Files.readString(Path.of(host("d"))));
    }

    @Test
    void templateNewlineSequence() throws Exception {
        Files.writeString(dir.resolve("playbook/templates/n.j2"), "a\nb\n");
        run(new Template(), args("src", "n.j2", "dest", host("n"), "newline_sequence", "\\r\\n"));
        assertEquals("a\r\nb\r\n", Files.readString(Path.of(host("n"))));
        Outcome bad = run(new Template(), args("src", "n.j2", "dest", host("n"), "newline_sequence", "x"));
        assertEquals("newline_sequence needs to be one of: \n, \r or \r\n", bad.message().orElse(""));
    }

    @Test
    void copyIntoAMissingFolderEndingInSlashMakesIt() throws Exception {
        Outcome r = run(new Copy(), args("content", "c", "dest", host("new/deeper") + "/", "directory_mode", "0700"));
        assertEquals(Status.FAILED, r.status(), "content cannot go to a folder");
        Files.writeString(dir.resolve("playbook/files/one.txt"), "1");
        Outcome made = run(new Copy(), args("src", "one.txt", "dest", host("new/deeper") + "/", "directory_mode", "0700"));
        assertEquals(Status.CHANGED, made.status(), made.message().orElse(""));
        assertEquals("1", Files.readString(Path.of(host("new/deeper/one.txt"))));
        assertEquals("rwx------", perms(host("new")));
        assertEquals("rwx------", perms(host("new/deeper")));
    }

    // file

    @Test
    void fileDirectoryWithParentsThenOk() throws Exception {
        String path = host("a/b/c");
        Outcome r = run(new File(), args("path", path, "state", "directory", "mode", "0750"));
        assertEquals(Status.CHANGED, r.status(), r.message().orElse(""));
        assertEquals("rwxr-x---", perms(host("a")));
        assertEquals("rwxr-x---", perms(path));
        assertEquals("directory", r.result().get("state"));
        assertEquals("0750", r.result().get("mode"));
        assertEquals(Status.OK, run(new File(), args("path", path, "state", "directory", "mode", "0750")).status());
    }

    @Test
    void fileAbsentRemovesAFolderWithWhatItHolds() throws Exception {
        Files.createDirectories(Path.of(host("gone/deep")));
        Files.writeString(Path.of(host("gone/deep/f")), "x");
        Outcome checked = run(new File(), args("path", host("gone"), "state", "absent"), true, true);
        assertEquals(Status.CHANGED, checked.status());
        assertTrue(Files.exists(Path.of(host("gone"))), "check mode removes nothing");
        @SuppressWarnings("unchecked")
        Map<String, Object> before = (Map<String, Object>) ((Map<String, Object>) checked.result().get("diff")).get("before");
        assertEquals("directory", before.get("state"));
        assertEquals(Map.of("directories", List.of(host("gone/deep")), "files", List.of(host("gone/deep/f"))),
                before.get("path_content"));
        assertEquals(Status.CHANGED, run(new File(), args("path", host("gone"), "state", "absent")).status());
        assertFalse(Files.exists(Path.of(host("gone"))));
        Outcome again = run(new File(), args("path", host("gone"), "state", "absent"));
        assertEquals(Status.OK, again.status());
        assertEquals("absent", again.result().get("state"));
    }

    @Test
    void fileTouchCreatesAndIsAlwaysChanged() throws Exception {
        String path = host("t");
        assertEquals(Status.CHANGED, run(new File(), args("path", path, "state", "touch", "mode", "u=rw,g=r,o=")).status());
        assertEquals("rw-r-----", perms(path));
        assertEquals(Status.CHANGED, run(new File(), args("path", path, "state", "touch")).status());
        Outcome preserved = run(new File(), args("path", path, "state", "touch", "access_time", "preserve",
                "modification_time", "preserve"));
        assertEquals(Status.OK, preserved.status());
        Outcome dated = run(new File(), args("path", path, "state", "touch", "modification_time", "202001020304.05",
                "access_time", "preserve"));
        assertEquals(Status.CHANGED, dated.status(), dated.message().orElse(""));
        assertEquals(Status.OK, run(new File(), args("path", path, "state", "touch", "modification_time",
                "202001020304.05", "access_time", "preserve")).status());
    }

    @Test
    void fileLinkAndHardLink() throws Exception {
        Files.writeString(Path.of(host("real")), "r");
        Outcome link = run(new File(), args("path", host("l"), "src", host("real"), "state", "link"));
        assertEquals(Status.CHANGED, link.status(), link.message().orElse(""));
        assertEquals(Path.of(host("real")), Files.readSymbolicLink(Path.of(host("l"))));
        assertEquals("link", link.result().get("state"));
        assertEquals(host("l"), link.result().get("dest"));
        assertEquals(Status.OK, run(new File(), args("path", host("l"), "src", host("real"), "state", "link")).status());

        Outcome hard = run(new File(), args("path", host("h"), "src", host("real"), "state", "hard"));
        assertEquals(Status.CHANGED, hard.status(), hard.message().orElse(""));
        assertEquals("hard", hard.result().get("state"));
        assertEquals(Status.OK, run(new File(), args("path", host("h"), "src", host("real"), "state", "hard")).status());

        Outcome refused = run(new File(), args("path", host("real"), "src", host("h"), "state", "link"));
        assertEquals("refusing to convert from hard to symlink for " + host("real"), refused.message().orElse(""));
    }

    @Test
    void fileStateFileOnNothingFailsAsAnsibleDoes() throws Exception {
        Outcome r = run(new File(), args("path", host("none"), "state", "file"));
        assertEquals(Status.FAILED, r.status());
        assertEquals("file (" + host("none") + ") is absent, cannot continue", r.message().orElse(""));
    }

    @Test
    void fileModeOnAnExistingFileWithDiff() throws Exception {
        Files.writeString(Path.of(host("m")), "m");
        Files.setPosixFilePermissions(Path.of(host("m")), PosixFilePermissions.fromString("rw-r--r--"));
        Outcome r = run(new File(), args("path", host("m"), "mode", "a+x"), false, true);
        assertEquals(Status.CHANGED, r.status());
        assertEquals("rwxr-xr-x", perms(host("m")));
        @SuppressWarnings("unchecked")
        Map<String, Object> diff = (Map<String, Object>) r.result().get("diff");
        assertEquals(Map.of("path", host("m"), "mode", "0644"), diff.get("before"));
        assertEquals(Map.of("path", host("m"), "mode", "0755"), diff.get("after"));
    }

    @Test
    void fileRecurseSetsTheModeBelow() throws Exception {
        Files.createDirectories(Path.of(host("r/s")));
        Files.writeString(Path.of(host("r/s/f")), "f");
        Outcome r = run(new File(), args("path", host("r"), "state", "directory", "recurse", true, "mode", "u=rwX,g=rX,o="));
        assertEquals(Status.CHANGED, r.status(), r.message().orElse(""));
        assertEquals("rw-r-----", perms(host("r/s/f")));
        assertEquals("rwxr-x---", perms(host("r/s")));
        assertEquals(Status.OK, run(new File(), args("path", host("r"), "state", "directory", "recurse", true,
                "mode", "u=rwX,g=rX,o=")).status());
    }

    // stat

    @Test
    void statOfAFileADirectoryALinkAndNothingInOneCommandEach() throws Exception {
        Files.writeString(Path.of(host("s")), "hello\n");
        Files.createSymbolicLink(Path.of(host("sl")), Path.of(host("s")));
        int before = target.scripts.size();
        Map<String, Object> file = stat(host("s"), false);
        assertEquals(before + 1, target.scripts.size(), "one command");
        assertEquals(true, file.get("exists"));
        assertEquals(true, file.get("isreg"));
        assertEquals(6L, file.get("size"));
        assertEquals("f572d396fae9206628714fb2ce00f72e94f2258f", file.get("checksum"));
        assertEquals(System.getProperty("user.name"), file.get("pw_name"));
        assertEquals(true, file.get("readable"));

        assertEquals(true, stat(host(""), false).get("isdir"));
        Map<String, Object> link = stat(host("sl"), false);
        assertEquals(true, link.get("islnk"));
        assertEquals(host("s"), link.get("lnk_target"));
        assertEquals(host("s"), link.get("lnk_source"));
        assertFalse(link.containsKey("checksum"));
        assertEquals(true, stat(host("sl"), true).get("isreg"));
        assertEquals(Map.of("exists", false), stat(host("missing"), false));
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> stat(String path, boolean follow) throws UnreachableException {
        Outcome r = run(new Stat(), args("path", path, "follow", follow));
        assertEquals(Status.OK, r.status(), r.message().orElse(""));
        return (Map<String, Object>) r.result().get("stat");
    }
}
