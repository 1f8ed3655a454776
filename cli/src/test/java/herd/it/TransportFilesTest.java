package herd.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Random;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import herd.engine.transport.ConnectOptions;
import herd.engine.transport.Endpoint;
import herd.engine.transport.ExecRequest;
import herd.engine.transport.ExecResult;
import herd.engine.transport.FileTransferException;
import herd.engine.transport.Transport;
import herd.engine.transport.ssh.SshTransports;
import herd.testbed.TestHost;
import herd.testbed.TestKeys;

/** put and fetch over SSH against a real OpenSSH server, logged in as deploy. */
class TransportFilesTest {
    private static TestHost host;
    private static SshTransports factory;
    private static Transport ssh;

    @TempDir
    static Path dir;

    @BeforeAll
    static void connect() throws Exception {
        host = TestHost.start();
        Path knownHosts = TestHost.writeKnownHosts(dir.resolve("known_hosts"), host);
        Path noConfig = Files.createFile(dir.resolve("ssh_config"));
        factory = new SshTransports(new ConnectOptions(knownHosts, Duration.ofSeconds(10), Duration.ofSeconds(15), 3,
                "deploy", Optional.of(TestKeys.privateKey()), Optional.of(noConfig),
                EnumSet.allOf(ConnectOptions.Given.class)));
        ssh = factory.open(new Endpoint("t1", Endpoint.Kind.SSH, host.address(), host.port(), Optional.of("deploy"),
                Optional.empty()));
        ssh.connect();
    }

    @AfterAll
    static void close() {
        if (ssh != null) {
            ssh.close();
        }
        if (factory != null) {
            factory.close();
        }
        if (host != null) {
            host.close();
        }
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    @Test
    void aMebibyteOfRandomBytesGoesThereAndComesBackIdentical() throws Exception {
        byte[] blob = new byte[1 << 20];
        new Random(13).nextBytes(blob);
        blob[0] = 0;
        blob[1] = (byte) 0xff;
        String path = "/home/deploy/blob.bin";

        ssh.put(path, blob, 0640);

        assertEquals("640", host.sh("stat -c %a " + path).strip());
        assertEquals("deploy", host.sh("stat -c %U " + path).strip(), "written as the login user");
        assertEquals(sha256(blob) + "  " + path, host.sh("sha256sum " + path).strip());
        assertArrayEquals(blob, ssh.fetch(path));
        assertEquals("", host.sh("ls -A /home/deploy | grep herd- || true").strip(), "no temporary file is left");
    }

    @Test
    void putReplacesAnExistingFileAndSetsTheNewMode() throws Exception {
        String path = "/home/deploy/app.conf";
        ssh.put(path, "old\n".getBytes(), 0600);
        String inodeBefore = host.sh("stat -c %i " + path).strip();
        ssh.put(path, "new\n".getBytes(), 0755);
        assertEquals("new\n", host.sh("cat " + path));
        assertEquals("755", host.sh("stat -c %a " + path).strip());
        assertNotEquals(inodeBefore, host.sh("stat -c %i " + path).strip(), "renamed into place, not rewritten");
    }

    @Test
    void aPathWithSpacesAndQuotesArrivesAsNamed() throws Exception {
        String path = "/home/deploy/it's a $HOME file";
        ssh.put(path, "x".getBytes(), 0644);
        assertEquals("x", host.sh("cat \"/home/deploy/it's a \\$HOME file\""));
        assertArrayEquals("x".getBytes(), ssh.fetch(path));
    }

    @Test
    void aRelativePathStartsInTheLoginFolder() throws Exception {
        ssh.put("relative.txt", "r".getBytes(), 0644);
        assertEquals("r", host.sh("cat /home/deploy/relative.txt"));
        assertArrayEquals("r".getBytes(), ssh.fetch("relative.txt"));
    }

    @Test
    void aPutIntoAFolderTheLoginUserMayNotWriteIsAClearErrorAndTheHostStaysUsable() throws Exception {
        byte[] blob = new byte[1 << 20];
        FileTransferException e = assertThrows(FileTransferException.class,
                () -> ssh.put("/etc/herd-test.conf", blob, 0644));
        assertEquals("/etc/herd-test.conf", e.path());
        assertEquals("cannot write /etc/herd-test.conf: /etc: Permission denied", e.getMessage());
        assertEquals(1, host.exec("test", "-e", "/etc/herd-test.conf").exitCode());
        ExecResult after = ssh.exec(ExecRequest.of("id -un", Optional.empty()));
        assertEquals("deploy", after.stdout(), "the connection is fine after a refused put");
    }

    @Test
    void aPutIntoAMissingFolderNamesThePath() {
        FileTransferException e = assertThrows(FileTransferException.class,
                () -> ssh.put("/home/deploy/no/such/file", new byte[] {1}, 0644));
        assertEquals("cannot write /home/deploy/no/such/file: /home/deploy/no/such: No such file or directory",
                e.getMessage());
    }

    @Test
    void aFetchOfAMissingFileIsAClearError() {
        FileTransferException e = assertThrows(FileTransferException.class, () -> ssh.fetch("/home/deploy/missing"));
        assertEquals("/home/deploy/missing", e.path());
        assertEquals("cannot read /home/deploy/missing: No such file or directory", e.getMessage());
    }

    @Test
    void aFetchTheLoginUserMayNotReadIsPermissionDenied() {
        FileTransferException e = assertThrows(FileTransferException.class, () -> ssh.fetch("/etc/shadow"));
        assertEquals("cannot read /etc/shadow: Permission denied", e.getMessage());
    }

    @Test
    void commandOutputKeepsItsBytesOverSsh() throws Exception {
        ExecResult r = ssh.exec(ExecRequest.of("printf 'a\\000\\377\\n'", Optional.empty()));
        assertArrayEquals(new byte[] {'a', 0, (byte) 0xff, '\n'}, r.stdoutBytes());
        assertEquals("a\0\ufffd", r.stdout());
    }
}
