package herd.engine.module.builtin.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import herd.engine.transport.UnreachableException;

/** The shared file core against this machine's real shell and coreutils. */
class RemoteFileTest {
    @TempDir
    Path dir;

    private final ShellTarget target = new ShellTarget();

    private String path(String name) {
        return dir.resolve(name).toString();
    }

    private static String perms(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p, java.nio.file.LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void aMissingPathIsAbsentInOneCommand() throws Exception {
        PathState s = RemoteFile.probe(target, path("nothing"), Probe.PLAIN.withChecksum());
        assertFalse(s.exists());
        assertFalse(s.isFile(true));
        assertEquals(Optional.empty(), s.checksum());
        assertEquals(1, target.scripts.size());
    }

    @Test
    void aFileWithItsChecksumOwnerAndMode() throws Exception {
        Path f = Files.writeString(dir.resolve("a.txt"), "hello\n");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r-----"));
        PathState s = RemoteFile.probe(target, f.toString(), Probe.PLAIN.withChecksum().withUser("root").withGroup("root"));
        assertTrue(s.isFile(false));
        Inode i = s.lstat().orElseThrow();
        assertEquals(0640, i.permissions());
        assertEquals("0640", i.mode());
        assertEquals(6, i.size());
        assertEquals(Optional.of("f572d396fae9206628714fb2ce00f72e94f2258f"), s.checksum(), "sha1 of hello\\n");
        assertEquals(System.getProperty("user.name"), i.owner());
        assertEquals(0, s.uid("root").getAsLong());
        assertEquals(0, s.gid("root").getAsLong());
        assertTrue(s.uid("no_such_user_herd").isEmpty());
        assertTrue(s.access().startsWith("rw"));
        assertEquals(1, target.scripts.size());
    }

    @Test
    void aLinkAndWhereItLeads() throws Exception {
        Path f = Files.writeString(dir.resolve("real.txt"), "x");
        Path link = Files.createSymbolicLink(dir.resolve("link"), Path.of("real.txt"));
        PathState s = RemoteFile.probe(target, link.toString(), Probe.PLAIN.withChecksum());
        assertTrue(s.isLink());
        assertFalse(s.isFile(false));
        assertTrue(s.isFile(true));
        assertEquals(Optional.of("real.txt"), s.linkTarget());
        assertEquals(Optional.of(f.toRealPath().toString()), s.realPath());
        assertTrue(s.checksum().isPresent(), "the checksum follows the link");

        Files.createSymbolicLink(dir.resolve("broken"), Path.of("gone"));
        PathState broken = RemoteFile.probe(target, path("broken"));
        assertTrue(broken.exists());
        assertTrue(broken.followed().isEmpty());
    }

    @Test
    void aFolder() throws Exception {
        PathState s = RemoteFile.probe(target, dir.toString(), Probe.PLAIN.withChecksum());
        assertTrue(s.isDirectory(true));
        assertEquals(Optional.empty(), s.checksum());
    }

    @Test
    void namesWithQuotesAndSpacesStayOneWord() throws Exception {
        Path f = Files.writeString(dir.resolve("it's a file $HOME"), "x");
        assertTrue(RemoteFile.probe(target, f.toString()).isFile(false));
    }

    @Test
    void aNewFileGetsTheUmasksModeAndAnExistingOneKeepsItsMode() throws Exception {
        String p = path("new.txt");
        RemoteFile.write(target, p, RemoteFile.probe(target, p),
                new RemoteFile.Write("one\n".getBytes(StandardCharsets.UTF_8), FileAttributes.NONE, false, Optional.empty()));
        assertEquals("one\n", Files.readString(Path.of(p)));
        int umask = RemoteFile.probe(target, p).umask();
        assertEquals(0666 & ~umask, RemoteFile.probe(target, p).lstat().get().permissions());

        target.sh("chmod 0600 '" + p + "'");
        RemoteFile.write(target, p, RemoteFile.probe(target, p),
                new RemoteFile.Write("two\n".getBytes(StandardCharsets.UTF_8), FileAttributes.NONE, false, Optional.empty()));
        assertEquals("two\n", Files.readString(Path.of(p)));
        assertEquals("rw-------", perms(Path.of(p)));
        assertEquals(List.of("new.txt"), listing(), "no staged file is left behind");
    }

    @Test
    void theModeAskedForAndABackupNamedAsAnsibleNamesIt() throws Exception {
        String p = path("conf");
        Files.writeString(Path.of(p), "old\n");
        FileAttributes attrs = FileAttributes.of(Map.of("mode", "u=rw,g=,o="));
        RemoteFile.Written w = RemoteFile.write(target, p, RemoteFile.probe(target, p, attrs.names(Probe.PLAIN)),
                new RemoteFile.Write("new\n".getBytes(StandardCharsets.UTF_8), attrs, true, Optional.empty()));
        assertEquals("rw-------", perms(Path.of(p)));
        String backup = w.backupFile().orElseThrow();
        assertTrue(backup.matches(java.util.regex.Pattern.quote(p) + "\\.\\d+\\.\\d{4}-\\d\\d-\\d\\d@\\d\\d:\\d\\d:\\d\\d~"), backup);
        assertEquals("old\n", Files.readString(Path.of(backup)));
        assertEquals("new\n", Files.readString(Path.of(p)));
    }

    @Test
    void aFailingValidateLeavesTheFileAsItWas() throws Exception {
        String p = path("sudoers");
        Files.writeString(Path.of(p), "old\n");
        FileError e = assertThrows(FileError.class, () -> RemoteFile.write(target, p, RemoteFile.probe(target, p),
                new RemoteFile.Write("bad\n".getBytes(StandardCharsets.UTF_8), FileAttributes.NONE, false,
                        Optional.of("grep -q good %s"))));
        assertEquals("failed to validate", e.getMessage());
        assertEquals(1, e.fields().get("exit_status"));
        assertEquals("old\n", Files.readString(Path.of(p)));
        assertEquals(List.of("sudoers"), listing());

        RemoteFile.write(target, p, RemoteFile.probe(target, p),
                new RemoteFile.Write("good\n".getBytes(StandardCharsets.UTF_8), FileAttributes.NONE, false,
                        Optional.of("grep -q good %s")));
        assertEquals("good\n", Files.readString(Path.of(p)));
    }

    @Test
    void validateWithoutPercentSIsRefused() {
        String p = path("x");
        FileError e = assertThrows(FileError.class, () -> RemoteFile.write(target, p, RemoteFile.probe(target, p),
                new RemoteFile.Write(new byte[0], FileAttributes.NONE, false, Optional.of("true"))));
        assertEquals("validate must contain %s: true", e.getMessage());
    }

    @Test
    void writingOverALinkReplacesTheLink() throws Exception {
        Path real = Files.writeString(dir.resolve("real"), "r");
        Path link = Files.createSymbolicLink(dir.resolve("link"), real);
        RemoteFile.write(target, link.toString(), RemoteFile.probe(target, link.toString()),
                new RemoteFile.Write("n".getBytes(StandardCharsets.UTF_8), FileAttributes.NONE, false, Optional.empty()));
        assertFalse(Files.isSymbolicLink(link));
        assertEquals("r", Files.readString(real));
    }

    @Test
    void attributesChangeOnlyWhatDiffersAndCheckModeChangesNothing() throws Exception {
        Path f = Files.writeString(dir.resolve("f"), "x");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r--r--"));
        FileAttributes attrs = FileAttributes.of(Map.of("mode", "0600"));
        PathState s = RemoteFile.probe(target, f.toString(), attrs.names(Probe.PLAIN));

        FileAttributes.Applied checked = attrs.apply(target, f.toString(), s, true, true);
        assertTrue(checked.changed());
        assertEquals(Map.of("mode", "0644"), checked.before());
        assertEquals(Map.of("mode", "0600"), checked.after());
        assertEquals("rw-r--r--", perms(f), "check mode changes nothing");

        assertTrue(attrs.apply(target, f.toString(), s, true, false).changed());
        assertEquals("rw-------", perms(f));
        int before = target.scripts.size();
        PathState again = RemoteFile.probe(target, f.toString(), attrs.names(Probe.PLAIN));
        assertFalse(attrs.apply(target, f.toString(), again, true, false).changed());
        assertEquals(before + 1, target.scripts.size(), "nothing to change runs no command");
    }

    @Test
    void anOwnerTheHostDoesNotKnowFailsInAnsiblesWords() throws Exception {
        Path f = Files.writeString(dir.resolve("f"), "x");
        FileAttributes attrs = FileAttributes.of(Map.of("owner", "no_such_user_herd"));
        PathState s = RemoteFile.probe(target, f.toString(), attrs.names(Probe.PLAIN));
        FileError e = assertThrows(FileError.class, () -> attrs.apply(target, f.toString(), s, true, false));
        assertEquals("chown failed: failed to look up user no_such_user_herd", e.getMessage());
    }

    @Test
    void theOwnerAlreadyThereIsNoChange() throws Exception {
        Path f = Files.writeString(dir.resolve("f"), "x");
        String me = System.getProperty("user.name");
        FileAttributes attrs = FileAttributes.of(Map.of("owner", me, "group",
                target.sh("id -gn").stdout().strip()));
        PathState s = RemoteFile.probe(target, f.toString(), attrs.names(Probe.PLAIN));
        assertFalse(attrs.apply(target, f.toString(), s, true, false).changed());
    }

    private List<String> listing() throws IOException, UnreachableException {
        try (var files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> !n.contains("~")).sorted().toList();
        }
    }
}
