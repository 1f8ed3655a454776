package herd.engine.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import herd.engine.shell.ShellWords;
import herd.engine.transport.Endpoint;
import herd.engine.transport.ExecRequest;
import herd.engine.transport.ExecResult;
import herd.engine.transport.FileTransferException;
import herd.engine.transport.Transport;
import herd.engine.transport.local.LocalTransport;

/** Target.put and Target.fetch: straight to the transport without become, and the two become routes. */
class StepTargetFilesTest {
    private static final String PASSWORD = "s3cret pass-7391";
    private static final String STAGED = "/tmp/herd.Ab12Cd34Ef";
    private static final byte[] BINARY = {0, 1, (byte) 0xff, '\n', 'x', '\n', '\n'};

    @TempDir
    Path dir;

    private static Transport fake(FakeTransports fakes) {
        return fakes.open(new Endpoint("h1", Endpoint.Kind.SSH, "10.0.0.1", 22, Optional.of("deploy"), Optional.empty()));
    }

    private static StepTarget target(Transport transport, Optional<Sudo> sudo) {
        return new StepTarget(HostExec.over(() -> transport), sudo, Optional.empty(), new Stop());
    }

    private static Optional<Sudo> become(String user) {
        return Optional.of(new Sudo(user, Optional.empty()));
    }

    private static Optional<Sudo> becomeWithPassword(String user) {
        return Optional.of(new Sudo(user, Optional.of(new BecomePassword(PASSWORD))));
    }

    /** A host that stages under {@link #STAGED} as deploy and answers {@code marker} with {@code reply}. */
    private static FakeTransports host(String login, String marker, ExecResult reply) {
        return new FakeTransports((h, command) -> command.equals(StepTarget.STAGE)
                ? FakeTransports.ok(STAGED + "\n" + login)
                : command.contains(marker) ? reply : FakeTransports.ok(""));
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        return new String(haystack, StandardCharsets.ISO_8859_1).contains(new String(needle, StandardCharsets.ISO_8859_1));
    }

    // without become

    @Test
    void withoutBecomePutAndFetchGoStraightToTheTransportAndRunNoCommand() throws Exception {
        FakeTransports fakes = new FakeTransports((h, c) -> FakeTransports.ok(""));
        StepTarget target = target(fake(fakes), Optional.empty());

        target.put("/home/deploy/app.conf", BINARY, 0640);

        assertArrayEquals(BINARY, fakes.file("h1", "/home/deploy/app.conf").orElseThrow());
        assertEquals(0640, fakes.mode("h1", "/home/deploy/app.conf").orElseThrow());
        assertArrayEquals(BINARY, target.fetch("/home/deploy/app.conf"));
        assertEquals(List.of(), fakes.sent("h1"));
    }

    @Test
    void withoutBecomeTheTransportsRefusalComesThroughAsItIs() {
        FakeTransports fakes = new FakeTransports((h, c) -> FakeTransports.ok("")).readOnly("h1", "/etc");
        StepTarget target = target(fake(fakes), Optional.empty());

        FileTransferException put = assertThrows(FileTransferException.class, () -> target.put("/etc/x", BINARY, 0644));
        assertEquals("cannot write /etc/x: Permission denied", put.getMessage());
        FileTransferException fetch = assertThrows(FileTransferException.class, () -> target.fetch("/nowhere"));
        assertEquals("cannot read /nowhere: No such file or directory", fetch.getMessage());
    }

    @Test
    void withoutBecomeOnTheLocalTransportTheFileIsWrittenWithItsModeAndReadBackIdentical() throws Exception {
        try (LocalTransport local = new LocalTransport()) {
            StepTarget target = target(local, Optional.empty());
            Path file = dir.resolve("it's a $HOME file");

            target.put(file.toString(), BINARY, 0604);

            assertArrayEquals(BINARY, Files.readAllBytes(file));
            assertEquals("rw----r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
            assertArrayEquals(BINARY, target.fetch(file.toString()));
            FileTransferException e = assertThrows(FileTransferException.class,
                    () -> target.put(dir.resolve("missing/x").toString(), BINARY, 0644));
            assertEquals("cannot write " + dir.resolve("missing/x") + ": " + dir.resolve("missing")
                    + ": No such file or directory", e.getMessage());
        }
    }

    @Test
    void aHostThatOnlyRunsCommandsSaysSoInsteadOfPretending() {
        StepTarget target = new StepTarget(request -> FakeTransports.ok(""), Optional.empty(), Optional.empty(), new Stop());
        assertThrows(UnsupportedOperationException.class, () -> target.put("/x", BINARY, 0644));
        assertThrows(UnsupportedOperationException.class, () -> target.fetch("/x"));
    }

    @Test
    void aModeOutsideChmodsRangeIsRefusedBeforeAnythingIsSent() {
        FakeTransports fakes = new FakeTransports((h, c) -> FakeTransports.ok(""));
        for (Optional<Sudo> sudo : List.of(Optional.<Sudo>empty(), become("plone_daemon"), becomeWithPassword("plone_daemon"))) {
            StepTarget target = target(fake(fakes), sudo);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> target.put("/x", BINARY, 010000));
            assertEquals("file mode 10000 is not between 0 and 7777", e.getMessage());
        }
        assertEquals(List.of(), fakes.sent("h1"));
    }

    // become without a password: the bytes on sudo's standard input

    @Test
    void becomingWithoutAPasswordSendsTheBytesOnSudosStandardInputInOneCommand() throws Exception {
        FakeTransports fakes = new FakeTransports((h, c) -> FakeTransports.ok(""));
        StepTarget target = target(fake(fakes), become("plone_daemon"));

        target.put("/var/db/plone/site.cfg", BINARY, 0640);

        List<ExecRequest> sent = fakes.requests.get("h1");
        assertEquals(1, sent.size());
        String command = sent.get(0).command();
        assertTrue(command.startsWith("sudo -n -H -u plone_daemon -- /bin/sh -c "), command);
        assertTrue(command.contains("umask 077 && set -C && cat > /var/db/plone/.site.cfg.herd-"), command);
        assertTrue(command.contains("&& chmod 0640 /var/db/plone/.site.cfg.herd-"), command);
        assertTrue(command.contains(" && mv -f -- /var/db/plone/.site.cfg.herd-"), command);
        assertArrayEquals(BINARY, sent.get(0).stdin().orElseThrow(), "the bytes and nothing else");
        assertTrue(fakes.file("h1", "/var/db/plone/site.cfg").isEmpty(), "nothing written as the login user");
    }

    @Test
    void fetchAsTheBecomeUserCatsTheFileAndKeepsItsBytes() throws Exception {
        FakeTransports fakes = new FakeTransports((h, c) -> new ExecResult(0, "text", "", false, BINARY, new byte[0]));
        StepTarget target = target(fake(fakes), become("plone_daemon"));

        assertArrayEquals(BINARY, target.fetch("/var/db/plone/it's.cfg"));
        assertEquals(List.of("sudo -n -H -u plone_daemon -- /bin/sh -c "
                + ShellWords.quote("cat -- " + ShellWords.quote("/var/db/plone/it's.cfg"))), fakes.sent("h1"));
    }

    @Test
    void fetchWithAPasswordSendsThePasswordLineOnlyAndTheCommandNeverReadsIt() throws Exception {
        FakeTransports fakes = new FakeTransports((h, c) -> new ExecResult(0, "", "", false, BINARY, new byte[0]));
        StepTarget target = target(fake(fakes), becomeWithPassword("root"));

        assertArrayEquals(BINARY, target.fetch("/etc/shadow"));
        ExecRequest sent = fakes.requests.get("h1").get(0);
        assertEquals("sudo -S -p '' -H -u root -- /bin/sh -c 'exec </dev/null; cat -- /etc/shadow'", sent.command());
        assertEquals(PASSWORD + "\n", new String(sent.stdin().orElseThrow(), StandardCharsets.UTF_8));
    }

    @Test
    void aFetchTheBecomeUserMayNotDoNamesThePathAndCatsReason() {
        FakeTransports fakes = new FakeTransports((h, c) ->
                new ExecResult(1, "", "cat: /etc/shadow: Permission denied", false));
        StepTarget target = target(fake(fakes), become("plone_daemon"));

        FileTransferException e = assertThrows(FileTransferException.class, () -> target.fetch("/etc/shadow"));
        assertEquals("cannot read /etc/shadow: Permission denied", e.getMessage());
        assertEquals("/etc/shadow", e.path());
    }

    @Test
    void aPutSudoRefusesNamesThePathAndSudosWords() {
        FakeTransports fakes = new FakeTransports((h, c) ->
                new ExecResult(1, "", "sudo: a password is required", false));
        StepTarget target = target(fake(fakes), become("plone_daemon"));

        FileTransferException e = assertThrows(FileTransferException.class, () -> target.put("/srv/x", BINARY, 0644));
        assertEquals("cannot write /srv/x: sudo: a password is required", e.getMessage());
    }

    // become with a password: staged in a private folder

    @Test
    void withAPasswordTheBytesAreStagedPrivatelyHandedOverByAclCopiedIntoPlaceAndTheFolderRemoved() throws Exception {
        FakeTransports fakes = host("deploy", "never", FakeTransports.ok(""));
        StepTarget target = target(fake(fakes), becomeWithPassword("plone_daemon"));

        target.put("/var/db/plone/site.cfg", BINARY, 0640);

        List<ExecRequest> sent = fakes.requests.get("h1");
        List<String> commands = sent.stream().map(ExecRequest::command).toList();
        assertEquals(4, commands.size(), commands.toString());
        assertEquals("mktemp -d /tmp/herd.XXXXXXXXXX && id -un", commands.get(0));
        assertEquals("setfacl -m u:plone_daemon:r-x -- " + STAGED + " && setfacl -m u:plone_daemon:r-- -- "
                + STAGED + "/content", commands.get(1));
        assertTrue(commands.get(2).startsWith("sudo -S -p '' -H -u plone_daemon -- /bin/sh -c 'exec </dev/null; "),
                commands.get(2));
        assertTrue(commands.get(2).contains("set -C && cat -- " + STAGED + "/content > /var/db/plone/.site.cfg.herd-"),
                commands.get(2));
        assertEquals("rm -rf -- " + STAGED, commands.get(3));
        assertArrayEquals(BINARY, fakes.file("h1", STAGED + "/content").orElseThrow());
        assertEquals(0600, fakes.mode("h1", STAGED + "/content").orElseThrow(), "staged for the login user only");
        assertEquals(PASSWORD + "\n", new String(sent.get(2).stdin().orElseThrow(), StandardCharsets.UTF_8),
                "the password line alone on sudo's standard input");
        for (ExecRequest request : sent) {
            assertFalse(request.stdin().isPresent() && contains(request.stdin().get(), BINARY), request.command());
            assertFalse(request.command().contains(PASSWORD), request.command());
        }
    }

    @Test
    void withAPasswordBecomingRootOrTheLoginUserNeedsNoAcl() throws Exception {
        for (String user : List.of("root", "deploy")) {
            FakeTransports fakes = host("deploy", "never", FakeTransports.ok(""));
            target(fake(fakes), becomeWithPassword(user)).put("/etc/herd.conf", BINARY, 0644);
            assertEquals(0, fakes.count("h1", "setfacl"), user);
            assertEquals(0, fakes.count("h1", "chown"), user);
            assertEquals(1, fakes.count("h1", "sudo -S -p '' -H -u " + user + " -- "), user);
            assertEquals(1, fakes.count("h1", "rm -rf -- " + STAGED), user);
        }
    }

    @Test
    void loggedInAsRootTheStagedFileIsGivenToTheBecomeUserByChown() throws Exception {
        FakeTransports fakes = host("root", "never", FakeTransports.ok(""));
        target(fake(fakes), becomeWithPassword("plone_daemon")).put("/var/db/plone/site.cfg", BINARY, 0640);
        assertEquals(1, fakes.count("h1", "chown -- plone_daemon " + STAGED + " " + STAGED + "/content"));
        assertEquals(0, fakes.count("h1", "setfacl"));
    }

    @Test
    void whereNoAclCanBeSetThePutIsRefusedNamingBothUsersNotMadeWorldReadable() {
        FakeTransports fakes = host("deploy", "setfacl", new ExecResult(127, "", "sh: 1: setfacl: not found", false));
        StepTarget target = target(fake(fakes), becomeWithPassword("plone_daemon"));

        FileTransferException e = assertThrows(FileTransferException.class,
                () -> target.put("/var/db/plone/site.cfg", BINARY, 0640));

        assertEquals("cannot write /var/db/plone/site.cfg: the login user deploy cannot let the become user plone_daemon"
                + " read the file it stages (sh: 1: setfacl: not found); herd will not make it readable to every user:"
                + " install setfacl (package acl) on the host, or let deploy become plone_daemon without a password",
                e.getMessage());
        assertEquals(0, fakes.count("h1", "chmod"), "nothing is opened up");
        assertEquals(0, fakes.count("h1", "sudo"), "nothing runs as the become user");
        assertEquals(List.of("rm -rf -- " + STAGED), fakes.sent("h1").subList(2, 3));
    }

    @Test
    void aPlacementTheBecomeUserMayNotDoIsItsErrorAndTheFolderIsStillRemoved() {
        FakeTransports fakes = host("deploy", "sudo -S", new ExecResult(1, "", "/etc: Permission denied", false));
        StepTarget target = target(fake(fakes), becomeWithPassword("plone_daemon"));

        FileTransferException e = assertThrows(FileTransferException.class, () -> target.put("/etc/x", BINARY, 0644));

        assertEquals("cannot write /etc/x: /etc: Permission denied", e.getMessage());
        assertEquals("rm -rf -- " + STAGED, fakes.sent("h1").get(fakes.sent("h1").size() - 1));
    }

    @Test
    void aRefusedPasswordIsSudosRefusalAndTheFolderIsStillRemoved() {
        FakeTransports fakes = host("deploy", "sudo -S",
                new ExecResult(1, "", "sudo: 1 incorrect password attempt", false));
        StepTarget target = target(fake(fakes), becomeWithPassword("plone_daemon"));

        assertThrows(Sudo.BecomeRefused.class, () -> target.put("/etc/x", BINARY, 0644));
        assertEquals("rm -rf -- " + STAGED, fakes.sent("h1").get(fakes.sent("h1").size() - 1));
    }

    @Test
    void aStagingFolderThatCannotBeMadeNamesThePathAndMktempsWords() {
        FakeTransports fakes = new FakeTransports((h, c) -> new ExecResult(1, "",
                "mktemp: failed to create directory via template '/tmp/herd.XXXXXXXXXX': No space left on device", false));
        StepTarget target = target(fake(fakes), becomeWithPassword("plone_daemon"));

        FileTransferException e = assertThrows(FileTransferException.class, () -> target.put("/etc/x", BINARY, 0644));
        assertEquals("cannot write /etc/x: mktemp: failed to create directory via template '/tmp/herd.XXXXXXXXXX':"
                + " No space left on device", e.getMessage());
        assertEquals(1, fakes.sent("h1").size(), "nothing to remove");
    }

    // the scripts themselves, run by /bin/sh on this machine as the user the tests run as

    /**
     * This machine, with sudo taken out of each command: the script runs as this user and sees the
     * standard input sudo would hand on, the password line included, as under NOPASSWD.
     */
    private static HostExec withoutSudo(LocalTransport local) {
        HostExec real = HostExec.over(() -> local);
        return new HostExec() {
            @Override
            public ExecResult exec(ExecRequest request) throws herd.engine.transport.UnreachableException {
                String command = request.command().replaceFirst("^sudo (-n|-S -p '') -H -u \\S+ -- ", "");
                return real.exec(new ExecRequest(command, request.stdin(), request.timeout()));
            }

            @Override
            public void put(String path, byte[] content, int mode) throws herd.engine.transport.UnreachableException,
                    FileTransferException {
                real.put(path, content, mode);
            }
        };
    }

    private static Set<String> stagingFolders() throws IOException {
        try (Stream<Path> tmp = Files.list(Path.of("/tmp"))) {
            return tmp.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("herd.")).collect(Collectors.toSet());
        }
    }

    @Test
    void theScriptsPlaceTheBytesExactlyWithTheModeAndLeaveNoTemporaryFile() throws Exception {
        String me = System.getProperty("user.name");
        try (LocalTransport local = new LocalTransport()) {
            for (Optional<Sudo> sudo : List.of(become(me), becomeWithPassword(me), becomeWithPassword("root"))) {
                Set<String> before = stagingFolders();
                StepTarget target = new StepTarget(withoutSudo(local), sudo, Optional.empty(), new Stop());
                Path file = dir.resolve("it's a $HOME file");

                target.put(file.toString(), BINARY, 0604);

                assertArrayEquals(BINARY, Files.readAllBytes(file), "the password line stays out: " + sudo);
                assertEquals("rw----r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
                assertArrayEquals(BINARY, target.fetch(file.toString()));
                try (Stream<Path> left = Files.list(dir)) {
                    assertEquals(List.of(file), left.toList(), "no temporary file beside it");
                }
                assertEquals(before, stagingFolders(), "the staging folder is gone");
                Files.delete(file);
            }
        }
    }

    @Test
    void theScriptsNameAMissingFolderAndAFolderInPlaceOfTheFile() throws Exception {
        BiFunction<StepTarget, String, String> refusal = (target, path) -> assertThrows(FileTransferException.class,
                () -> target.put(path, BINARY, 0644)).getMessage();
        try (LocalTransport local = new LocalTransport()) {
            for (Optional<Sudo> sudo : List.of(become("root"), becomeWithPassword("root"))) {
                StepTarget target = new StepTarget(withoutSudo(local), sudo, Optional.empty(), new Stop());
                String missing = dir.resolve("missing/x").toString();
                assertEquals("cannot write " + missing + ": " + dir.resolve("missing") + ": No such file or directory",
                        refusal.apply(target, missing));
                assertEquals("cannot write " + dir + ": Is a directory", refusal.apply(target, dir.toString()));
                assertEquals("cannot read " + missing + ": No such file or directory",
                        assertThrows(FileTransferException.class, () -> target.fetch(missing)).getMessage());
            }
        }
    }
}
