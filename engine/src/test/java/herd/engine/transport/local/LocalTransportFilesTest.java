package herd.engine.transport.local;

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
import herd.engine.transport.FileTransferException;
import herd.engine.transport.UnreachableException;

/** put and fetch on the controller, and command output that keeps its bytes. */
class LocalTransportFilesTest {
    /** NUL, 0xff, a lone continuation byte, a truncated sequence: no valid UTF-8 anywhere near it. */
    private static final byte[] BINARY = {0, 'a', (byte) 0xff, (byte) 0x80, 0, (byte) 0xc3, '\n', (byte) 0xfe, 0};

    @TempDir
    Path dir;

    private final LocalTransport local = new LocalTransport();

    private static int mode(Path file) throws IOException {
        return (Integer) Files.getAttribute(file, "unix:mode") & 07777;
    }

    private List<String> folder() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void putWritesTheBytesExactlyWithTheMode() throws Exception {
        Path file = dir.resolve("blob.bin");
        local.put(file.toString(), BINARY, 0640);
        assertArrayEquals(BINARY, Files.readAllBytes(file));
        assertEquals(0640, mode(file));
        assertEquals(List.of("blob.bin"), folder(), "no temporary file is left behind");
    }

    @Test
    void theModeIsExactlyTheOneGivenSpecialBitsIncluded() throws Exception {
        Path script = dir.resolve("tool");
        local.put(script.toString(), "#!/bin/sh\n".getBytes(), 04755);
        assertEquals(04755, mode(script));
        Path secret = dir.resolve("secret");
        local.put(secret.toString(), "s".getBytes(), 0600);
        assertEquals(0600, mode(secret));
        local.put(secret.toString(), "s".getBytes(), 0);
        assertEquals(0, mode(secret));
    }

    @Test
    void putReplacesAnExistingFileByRenameSoAnOpenReaderKeepsTheOldContent() throws Exception {
        Path file = dir.resolve("app.conf");
        Files.writeString(file, "old\n");
        Path reader = dir.resolve("reader"); // a second name for the old file, as an open file descriptor would be
        Files.createLink(reader, file);
        Object before = Files.getAttribute(file, "unix:ino");

        local.put(file.toString(), "new\n".getBytes(), 0644);

        assertEquals("new\n", Files.readString(file));
        assertNotEquals(before, Files.getAttribute(file, "unix:ino"), "a new file renamed into place, not rewritten");
        assertEquals("old\n", Files.readString(reader), "the old file was never truncated or written");
        assertEquals(List.of("app.conf", "reader"), folder());
    }

    @Test
    void fetchReturnsTheBytesExactly() throws Exception {
        Path file = dir.resolve("blob.bin");
        Files.write(file, BINARY);
        assertArrayEquals(BINARY, local.fetch(file.toString()));
        assertArrayEquals(new byte[0], local.fetch(Files.createFile(dir.resolve("empty")).toString()));
    }

    @Test
    void commandOutputKeepsItsBytesAndItsTextStaysTrimmed() throws UnreachableException {
        ExecResult r = local.exec(ExecRequest.of("printf 'a\\000\\377\\n\\n'; printf 'e\\200\\n' >&2", Optional.empty()));
        assertEquals(0, r.rc());
        assertArrayEquals(new byte[] {'a', 0, (byte) 0xff, '\n', '\n'}, r.stdoutBytes());
        assertArrayEquals(new byte[] {'e', (byte) 0x80, '\n'}, r.stderrBytes());
        assertEquals("a\0\ufffd", r.stdout());
        assertEquals("e\ufffd", r.stderr());
    }

    @Test
    void putIntoAMissingFolderNamesThePathAndTheReason() {
        Path folder = dir.resolve("no/such/folder");
        String path = folder.resolve("file").toString();
        FileTransferException e = assertThrows(FileTransferException.class, () -> local.put(path, BINARY, 0644));
        assertEquals("cannot write " + path + ": " + folder + ": No such file or directory", e.getMessage());
        assertEquals(path, e.path());
        assertEquals(folder + ": No such file or directory", e.reason());
    }

    @Test
    void putOntoAFolderFailsAndLeavesNoTemporaryFile() throws IOException {
        Path sub = Files.createDirectory(dir.resolve("sub"));
        FileTransferException e = assertThrows(FileTransferException.class,
                () -> local.put(sub.toString(), BINARY, 0644));
        assertEquals("cannot write " + sub + ": Is a directory", e.getMessage());
        assertEquals(List.of("sub"), folder());
        assertThrows(FileTransferException.class, () -> local.put(sub + "/", BINARY, 0644));
    }

    @Test
    void putBelowARegularFileIsNotADirectory() throws IOException {
        Path file = Files.writeString(dir.resolve("plain"), "x");
        String path = file + "/inside";
        FileTransferException e = assertThrows(FileTransferException.class, () -> local.put(path, BINARY, 0644));
        assertEquals("cannot write " + path + ": " + file + ": Not a directory", e.getMessage());
    }

    @Test
    void putUnderAPathThatIsAFileNamesThePath() throws IOException {
        // (a folder the user may not write cannot be tested here: the tests run as root; the SSH
        // test TransportFilesTest covers it as the login user)
        Path plain = Files.writeString(dir.resolve("plain"), "x");
        String path = plain.resolve("file").toString();
        FileTransferException e = assertThrows(FileTransferException.class, () -> local.put(path, BINARY, 0644));
        assertTrue(e.getMessage().startsWith("cannot write " + path + ": "), e.getMessage());
        assertEquals("x", Files.readString(plain));
    }

    @Test
    void fetchOfAMissingFileOrAFolderNamesThePathAndTheReason() throws IOException {
        String missing = dir.resolve("missing").toString();
        FileTransferException e = assertThrows(FileTransferException.class, () -> local.fetch(missing));
        assertEquals("cannot read " + missing + ": No such file or directory", e.getMessage());
        Path sub = Files.createDirectory(dir.resolve("sub"));
        e = assertThrows(FileTransferException.class, () -> local.fetch(sub.toString()));
        assertEquals("cannot read " + sub + ": Is a directory", e.getMessage());
    }

    @Test
    void aModeBeyondChmodsBitsIsRefused() {
        String path = dir.resolve("f").toString();
        assertThrows(IllegalArgumentException.class, () -> local.put(path, BINARY, 010000));
        assertThrows(IllegalArgumentException.class, () -> local.put(path, BINARY, -1));
    }
}
