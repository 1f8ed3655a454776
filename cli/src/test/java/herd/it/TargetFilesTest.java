package herd.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
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

import herd.engine.module.Target;
import herd.engine.run.Targets;
import herd.engine.transport.ConnectOptions;
import herd.engine.transport.Endpoint;
import herd.engine.transport.FileTransferException;
import herd.engine.transport.Transport;
import herd.engine.transport.ssh.SshTransports;
import herd.testbed.TestHost;
import herd.testbed.TestKeys;

/**
 * A module's {@link Target} putting and fetching files over SSH against a real OpenSSH host with real
 * sudo: deploy (passwordless sudo) becoming plone_daemon and root, and opsuser, whose sudo asks for a
 * password, made at start as in {@link BecomePasswordTest}.
 */
class TargetFilesTest {
    private static final String PASSWORD = "Corr3ct-H0rse-7391 b@ttery";
    private static TestHost host;
    private static SshTransports factory;
    private static Transport deploy;
    private static Transport opsuser;

    @TempDir
    static Path dir;

    @BeforeAll
    static void connect() throws Exception {
        host = TestHost.start();
        host.sh("useradd --create-home --shell /bin/bash opsuser"
                + " && printf '%s\\n' 'opsuser:" + PASSWORD + "' | chpasswd"
                + " && install -d -m 700 -o opsuser -g opsuser /home/opsuser/.ssh"
                + " && printf '%s\\n' '" + TestKeys.publicKeyLine() + "' > /home/opsuser/.ssh/authorized_keys"
                + " && chown opsuser:opsuser /home/opsuser/.ssh/authorized_keys"
                + " && chmod 600 /home/opsuser/.ssh/authorized_keys"
                + " && echo 'opsuser ALL=(ALL) ALL' > /etc/sudoers.d/opsuser && chmod 440 /etc/sudoers.d/opsuser"
                + " && visudo -c");
        Path knownHosts = TestHost.writeKnownHosts(dir.resolve("known_hosts"), host);
        Path noConfig = Files.createFile(dir.resolve("ssh_config"));
        factory = new SshTransports(new ConnectOptions(knownHosts, Duration.ofSeconds(10), Duration.ofSeconds(15), 3,
                "deploy", Optional.of(TestKeys.privateKey()), Optional.of(noConfig),
                EnumSet.allOf(ConnectOptions.Given.class)));
        deploy = login("deploy");
        opsuser = login("opsuser");
    }

    private static Transport login(String user) throws Exception {
        Transport t = factory.open(new Endpoint(user, Endpoint.Kind.SSH, host.address(), host.port(), Optional.of(user),
                Optional.empty()));
        t.connect();
        return t;
    }

    @AfterAll
    static void close() {
        for (Transport t : new Transport[] {deploy, opsuser}) {
            if (t != null) {
                t.close();
            }
        }
        if (factory != null) {
            factory.close();
        }
        if (host != null) {
            host.close();
        }
    }

    private static byte[] blob(int seed) {
        byte[] blob = new byte[1 << 20];
        new Random(seed).nextBytes(blob);
        blob[0] = 0;
        blob[1] = (byte) 0xff;
        blob[blob.length - 1] = '\n';
        return blob;
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private static String ownerAndMode(String path) {
        return host.sh("stat -c '%U %a' " + path).strip();
    }

    private static String tmp() {
        return host.sh("ls -A /tmp");
    }

    private static String leftovers(String folder) {
        return host.sh("ls -A " + folder + " | grep -F .herd- || true").strip();
    }

    @Test
    void deployBecomingPloneDaemonPutsAFileOwnedByPloneDaemonWithItsModeAndFetchesItBackIdentical() throws Exception {
        Target target = Targets.over(deploy, Optional.of("plone_daemon"), Optional.empty());
        byte[] blob = blob(13);
        String path = "/var/db/plone/site.bin";
        String tmpBefore = tmp();

        target.put(path, blob, 0640);

        assertEquals("plone_daemon 640", ownerAndMode(path));
        assertEquals(sha256(blob) + "  " + path, host.sh("sha256sum " + path).strip());
        assertArrayEquals(blob, target.fetch(path));
        assertEquals("", leftovers("/var/db/plone"), "no temporary file beside it");
        assertEquals(tmpBefore, tmp(), "nothing staged in /tmp");
    }

    @Test
    void deployBecomingRootPutsIntoEtc() throws Exception {
        Target target = Targets.over(deploy, Optional.of("root"), Optional.empty());
        String path = "/etc/herd-target.conf";

        target.put(path, "listen 8080\n".getBytes(StandardCharsets.UTF_8), 0644);

        assertEquals("root 644", ownerAndMode(path));
        assertEquals("listen 8080\n", host.sh("cat " + path));
        assertArrayEquals("listen 8080\n".getBytes(StandardCharsets.UTF_8), target.fetch(path));
    }

    @Test
    void aFileOnlyTheBecomeUserMayReadIsFetchedAsTheBecomeUserAndRefusedToTheLoginUser() throws Exception {
        host.sh("printf 'k=v\\n' > /var/db/plone/secret.cfg && chown plone_daemon: /var/db/plone/secret.cfg"
                + " && chmod 600 /var/db/plone/secret.cfg && chmod 755 /var/db/plone");

        assertArrayEquals("k=v\n".getBytes(StandardCharsets.UTF_8),
                Targets.over(deploy, Optional.of("plone_daemon"), Optional.empty()).fetch("/var/db/plone/secret.cfg"));
        FileTransferException e = assertThrows(FileTransferException.class,
                () -> Targets.over(deploy, Optional.empty(), Optional.empty()).fetch("/var/db/plone/secret.cfg"));
        assertEquals("cannot read /var/db/plone/secret.cfg: Permission denied", e.getMessage());
    }

    @Test
    void aPutTheBecomeUserMayNotDoNamesThePathAndTheFolder() {
        Target target = Targets.over(deploy, Optional.of("plone_daemon"), Optional.empty());

        FileTransferException e = assertThrows(FileTransferException.class,
                () -> target.put("/etc/herd-plone.conf", new byte[10], 0644));

        assertEquals("cannot write /etc/herd-plone.conf: /etc: Permission denied", e.getMessage());
        assertEquals("1", host.sh("test -e /etc/herd-plone.conf; echo $?").strip());
    }

    @Test
    void withAPasswordSudoAsksForTheFileIsStagedPrivatelyAndTheStagingFolderIsGoneAfterwards() throws Exception {
        Target target = Targets.over(opsuser, Optional.of("root"), Optional.of(PASSWORD));
        byte[] blob = blob(17);
        String path = "/etc/herd-ops.bin";
        String tmpBefore = tmp();

        target.put(path, blob, 0600);

        assertEquals("root 600", ownerAndMode(path));
        assertEquals(sha256(blob) + "  " + path, host.sh("sha256sum " + path).strip());
        assertEquals("0", host.sh("grep -c -F -a " + quoted(PASSWORD) + " " + path + " || true").strip(),
                "the password is not in the file");
        assertEquals(tmpBefore, tmp(), "the staging folder is gone");
        assertArrayEquals(blob, target.fetch(path));
        assertEquals("", leftovers("/etc"));
    }

    @Test
    void withAPasswordSudoDoesNotAskForThePasswordLineStillStaysOutOfTheFile() throws Exception {
        host.sh("echo 'opsuser ALL=(ALL) NOPASSWD: ALL' > /etc/sudoers.d/opsuser-nopasswd"
                + " && chmod 440 /etc/sudoers.d/opsuser-nopasswd && visudo -c");
        try {
            Target target = Targets.over(opsuser, Optional.of("root"), Optional.of(PASSWORD));
            String path = "/etc/herd-nopasswd.conf";
            String tmpBefore = tmp();

            target.put(path, "a=1\n".getBytes(StandardCharsets.UTF_8), 0644);

            assertEquals("a=1\n", host.sh("cat " + path), "the content alone, no password line before it");
            assertEquals("root 644", ownerAndMode(path));
            assertEquals(tmpBefore, tmp());
            assertArrayEquals("a=1\n".getBytes(StandardCharsets.UTF_8), target.fetch(path));
        } finally {
            host.sh("rm -f /etc/sudoers.d/opsuser-nopasswd");
        }
    }

    @Test
    void withAPasswordToAnUnprivilegedUserOnAHostWithoutSetfaclThePutIsRefusedNamingBothUsers() {
        assertNotEquals(0, host.exec("sh", "-c", "command -v setfacl").exitCode(),
                "the testbed has setfacl now: make this the case where plone_daemon gets the file");
        Target target = Targets.over(opsuser, Optional.of("plone_daemon"), Optional.of(PASSWORD));
        String tmpBefore = tmp();

        FileTransferException e = assertThrows(FileTransferException.class,
                () -> target.put("/var/db/plone/ops.cfg", "x".getBytes(StandardCharsets.UTF_8), 0640));

        assertEquals("cannot write /var/db/plone/ops.cfg: the login user opsuser cannot let the become user"
                + " plone_daemon read the file it stages (bash: line 1: setfacl: command not found); herd will not"
                + " make it readable to every user: install setfacl (package acl) on the host, or let opsuser become"
                + " plone_daemon without a password", e.getMessage());
        assertEquals(tmpBefore, tmp(), "the staging folder is gone");
        assertEquals("1", host.sh("test -e /var/db/plone/ops.cfg; echo $?").strip());
    }

    @Test
    void aWrongPasswordIsSudosRefusalAndTheStagingFolderIsGone() {
        Target target = Targets.over(opsuser, Optional.of("root"), Optional.of("wrong"));
        String tmpBefore = tmp();

        RuntimeException e = assertThrows(RuntimeException.class,
                () -> target.put("/etc/herd-wrong.conf", "x".getBytes(StandardCharsets.UTF_8), 0644));

        assertEquals("sudo refused the become password", e.getMessage());
        assertEquals(tmpBefore, tmp());
        assertFalse(host.sh("ls /etc").contains("herd-wrong"));
    }

    private static String quoted(String word) {
        return "'" + word.replace("'", "'\"'\"'") + "'";
    }
}
