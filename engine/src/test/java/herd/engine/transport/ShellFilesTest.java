package herd.engine.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import herd.engine.transport.ExecRequest;
import herd.engine.transport.ExecResult;
import herd.engine.transport.UnreachableException;
import herd.engine.transport.local.LocalTransport;

/** The shell commands the SSH transport moves files with, run by the local /bin/sh. */
class ShellFilesTest {
    private static final byte[] BINARY = {0, 'a', (byte) 0xff, (byte) 0x80, 0, (byte) 0xc3, '\n', (byte) 0xfe, 0};

    @TempDir
    Path dir;

    private final LocalTransport sh = new LocalTransport();

    private ExecResult put(Path file, byte[] content, int mode) throws UnreachableException {
        return sh.exec(new ExecRequest(ShellFiles.put(file.toString(), mode), Optional.of(content), Optional.empty()));
    }

    private List<String> folder() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void putWritesStandardInputWithTheModeAndLeavesNothingElse() throws Exception {
        Path file = dir.resolve("it's a $HOME `file` -x");
        ExecResult r = put(file, BINARY, 0640);
        assertEquals(0, r.rc(), r::toString);
        assertArrayEquals(BINARY, Files.readAllBytes(file));
        assertEquals(0640, (Integer) Files.getAttribute(file, "unix:mode") & 07777);
        assertEquals(List.of(file.getFileName().toString()), folder());
    }

    @Test
    void putReplacesByRename() throws Exception {
        Path file = Files.writeString(dir.resolve("app.conf"), "old");
        Path reader = dir.resolve("reader");
        Files.createLink(reader, file);
        assertEquals(0, put(file, "new".getBytes(), 0600).rc());
        assertEquals("new", Files.readString(file));
        assertEquals("old", Files.readString(reader));
        assertEquals(0600, (Integer) Files.getAttribute(file, "unix:mode") & 07777);
    }

    @Test
    void aFailedPutExitsNonZeroWithTheShellsReasonAndRemovesItsTemporaryFile() throws Exception {
        ExecResult missing = put(dir.resolve("no/such/file"), BINARY, 0644);
        assertEquals(1, missing.rc());
        assertEquals(dir.resolve("no/such") + ": No such file or directory", missing.stderr());
        Path plain = Files.writeString(dir.resolve("plain"), "x");
        ExecResult belowAFile = put(plain.resolve("inside"), BINARY, 0644);
        assertEquals(plain + ": Not a directory", belowAFile.stderr());
        Files.delete(plain);

        Path sub = Files.createDirectory(dir.resolve("sub"));
        ExecResult ontoFolder = put(sub, BINARY, 0644);
        assertNotEquals(0, ontoFolder.rc());
        assertEquals("Is a directory", ontoFolder.stderr());
        assertEquals(List.of("sub"), folder());
        try (Stream<Path> inside = Files.list(sub)) {
            assertEquals(0, inside.count(), "nothing was moved into the folder");
        }
    }

    @Test
    void fetchWritesTheFileToStandardOutput() throws Exception {
        Path file = Files.write(dir.resolve("-starts with a dash"), BINARY);
        ExecResult r = sh.exec(ExecRequest.of(ShellFiles.fetch(file.toString()), Optional.empty()));
        assertEquals(0, r.rc());
        assertArrayEquals(BINARY, r.stdoutBytes());
        ExecResult relative = sh.exec(ExecRequest.of("cd " + dir + " && " + ShellFiles.fetch("-starts with a dash"),
                Optional.empty()));
        assertArrayEquals(BINARY, relative.stdoutBytes(), relative::toString);
    }

    @Test
    void theTemporaryFileIsHiddenBesideTheTarget() {
        assertTrue(ShellFiles.temporary("/etc/app.conf").matches("/etc/\\.app\\.conf\\.herd-[0-9a-f]{16}"));
        assertTrue(ShellFiles.temporary("app.conf").matches("\\.app\\.conf\\.herd-[0-9a-f]{16}"));
    }

    @Test
    void theFolderOfABareNameIsTheCurrentOne() {
        assertEquals(".", ShellFiles.folder("app.conf"));
        assertEquals("/", ShellFiles.folder("/app.conf"));
        assertEquals("/etc/app", ShellFiles.folder("/etc/app/app.conf"));
    }

    @Test
    void catsPrefixIsDroppedFromAFetchError() {
        assertEquals("No such file or directory", ShellFiles.fetchReason("/x", "cat: /x: No such file or directory"));
        assertEquals("something else", ShellFiles.fetchReason("/x", "something else"));
    }

    @Test
    void modesAreOctalAndBounded() {
        assertEquals("0644", ShellFiles.octal(0644));
        assertEquals("04755", ShellFiles.octal(04755));
        assertEquals("00", ShellFiles.octal(0));
        assertThrows(IllegalArgumentException.class, () -> ShellFiles.octal(010000));
    }
}
