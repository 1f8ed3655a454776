package herd.engine.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import herd.engine.event.Event;
import herd.engine.event.RunResult;
import herd.engine.event.Status;
import herd.engine.inventory.Inventory;
import herd.engine.transport.Endpoint;
import herd.engine.transport.ExecRequest;
import herd.engine.transport.ExecResult;
import herd.engine.transport.Transport;
import herd.engine.transport.TransportFactory;
import herd.engine.transport.UnreachableException;
import herd.engine.transport.local.LocalTransport;

/**
 * The run lock with its real shell commands, on the controller: every host has its own lock folder
 * (herd_lock_path) in a temporary folder, so the mkdir, holder file and rm are the ones a server sees.
 */
class RunLockTest {
    private static final String ALICE = "run=alice-run\nuser=alice\ncontroller=laptop\npid=4242\n"
            + "since=2026-11-26T02:00:00Z\nplaybook=playbooks/rolling-restart.yml\n";

    @TempDir
    Path dir;

    private TestRun test;

    @BeforeEach
    void setUp() {
        test = new TestRun(dir).lock(LockOptions.ON);
    }

    private Inventory hosts(String... names) throws IOException {
        StringBuilder yaml = new StringBuilder("all:\n  hosts:\n");
        for (String name : names) {
            yaml.append("    ").append(name).append(":\n      herd_lock_path: ").append(lock(name)).append('\n');
        }
        return test.inventory(yaml.toString());
    }

    private Path lock(String host) {
        return dir.resolve(host + ".lock");
    }

    private Path marker(String host) {
        return dir.resolve(host + ".ran");
    }

    /** Each host copies its own holder file to a marker: proof that the task ran while the lock was held. */
    private String playbook() {
        return "- hosts: all\n  gather_facts: false\n  tasks:\n    - command: cp " + dir + "/{{ inventory_hostname }}.lock/holder " + dir
                + "/{{ inventory_hostname }}.ran\n";
    }

    private RunResult run(Inventory inventory, TransportFactory factory) throws IOException {
        return test.run(playbook(), inventory, Map.of(Endpoint.Kind.SSH, factory, Endpoint.Kind.LOCAL, factory));
    }

    private static TransportFactory local() {
        return endpoint -> new LocalTransport();
    }

    private void heldBy(String host, String holder) throws IOException {
        Files.createDirectory(lock(host));
        Files.writeString(lock(host).resolve("holder"), holder);
    }

    private <T extends Event> List<T> events(Class<T> kind) {
        return test.events.stream().filter(kind::isInstance).map(kind::cast).toList();
    }

    @Test
    void theLockIsHeldWhileTasksRunAndGoneAfter() throws IOException {
        RunResult result = run(hosts("h1", "h2"), local());
        assertEquals(0, result.exitCode(), result.steps()::toString);
        String holder = Files.readString(marker("h1"));
        LockHolder parsed = LockHolder.parse(holder).orElseThrow(() -> new AssertionError(holder));
        assertEquals(System.getProperty("user.name"), parsed.user());
        assertEquals(ProcessHandle.current().pid(), parsed.pid());
        assertEquals(LockHolder.controllerName(), parsed.controller());
        assertEquals(dir.resolve("pb.yml").toString(), parsed.playbook());
        assertEquals(parsed.runId(), LockHolder.parse(Files.readString(marker("h2"))).orElseThrow().runId(),
                "one run id for the whole run");
        assertFalse(Files.exists(lock("h1")), "released");
        assertFalse(Files.exists(lock("h2")), "released");
        assertEquals(List.of(new Event.LockTaken(List.of("h1", "h2"))), events(Event.LockTaken.class));
        assertEquals(List.of(new Event.LockReleased(List.of("h1", "h2"), List.of())), events(Event.LockReleased.class));
    }

    @Test
    void aHostLockedByAnotherRunStopsTheRunBeforeAnythingRunsAndOurLocksGo() throws IOException {
        heldBy("h2", ALICE);
        RunResult result = run(hosts("h1", "h2", "h3"), local());
        String reason = "host h2 is locked by alice@laptop pid 4242 since 2026-11-26T02:00:00Z running"
                + " playbooks/rolling-restart.yml; if that run is gone, run again with --break-lock";
        assertEquals(6, result.exitCode());
        assertEquals(List.of(reason), result.lockRefusals());
        assertEquals(List.of(), result.steps());
        assertEquals(List.of(new Event.LockRefused(List.of(reason))), events(Event.LockRefused.class));
        assertTrue(events(Event.PlayStarted.class).isEmpty(), "no play starts");
        assertFalse(Files.exists(marker("h1")), "nothing ran");
        assertFalse(Files.exists(lock("h1")), "the locks this run took are released");
        assertFalse(Files.exists(lock("h3")), "the locks this run took are released");
        assertEquals(ALICE, Files.readString(lock("h2").resolve("holder")), "alice's lock stays as it was");
        assertEquals(List.of(new Event.LockReleased(List.of("h1", "h3"), List.of())), events(Event.LockReleased.class));
    }

    @Test
    void aLockWithoutHolderFileIsNamedAsSuch() throws IOException {
        Files.createDirectory(lock("h1"));
        RunResult result = run(hosts("h1"), local());
        assertEquals(List.of("host h1 is locked by a run that left no readable " + lock("h1")
                + "/holder; if that run is gone, run again with --break-lock"), result.lockRefusals());
    }

    @Test
    void breakLockRemovesTheLockOfADeadProcessOnThisController() throws IOException, InterruptedException {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        heldBy("h1", "run=dead-run\nuser=bob\ncontroller=" + LockHolder.controllerName() + "\npid=" + gone.pid()
                + "\nsince=2026-11-26T01:00:00Z\nplaybook=site.yml\n");
        RunResult result = test.lock(new LockOptions(true, Optional.empty(), true)).run(playbook(), hosts("h1", "h2"),
                Map.of(Endpoint.Kind.SSH, local()));
        assertEquals(0, result.exitCode(), result.steps()::toString);
        assertEquals(List.of(new Event.LockBroken("h1", lock("h1").toString(), "broke the run lock on host h1 held by bob@"
                + LockHolder.controllerName() + " pid " + gone.pid() + " since 2026-11-26T01:00:00Z running site.yml"
                + " (that process is gone)")), events(Event.LockBroken.class));
        assertTrue(Files.readString(marker("h1")).contains("user=" + System.getProperty("user.name")), "ran under our lock");
        assertFalse(Files.exists(lock("h1")));
    }

    @Test
    void breakLockLeavesTheLockOfAProcessAliveOnThisController() throws IOException {
        String since = java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
        String holder = "run=live-run\nuser=carol\ncontroller=" + LockHolder.controllerName() + "\npid="
                + ProcessHandle.current().pid() + "\nsince=" + since + "\nplaybook=site.yml\n";
        heldBy("h1", holder);
        RunResult result = test.lock(new LockOptions(true, Optional.empty(), true)).run(playbook(), hosts("h1"),
                Map.of(Endpoint.Kind.SSH, local()));
        assertEquals(6, result.exitCode());
        assertEquals(List.of("host h1 is locked by carol@" + LockHolder.controllerName() + " pid "
                + ProcessHandle.current().pid() + " since " + since + " running site.yml; that process is still alive on"
                + " this controller, so --break-lock leaves its lock"), result.lockRefusals());
        assertEquals(holder, Files.readString(lock("h1").resolve("holder")));
        assertFalse(Files.exists(marker("h1")));
    }

    @Test
    void breakLockRemovesALockFromAnotherControllerAndSaysWhose() throws IOException {
        heldBy("h1", ALICE);
        RunResult result = test.lock(new LockOptions(true, Optional.empty(), true)).run(playbook(), hosts("h1"),
                Map.of(Endpoint.Kind.SSH, local()));
        assertEquals(0, result.exitCode(), result.steps()::toString);
        assertEquals(List.of("broke the run lock on host h1 held by alice@laptop pid 4242 since 2026-11-26T02:00:00Z"
                        + " running playbooks/rolling-restart.yml (on another controller: herd cannot tell whether that run is gone)"),
                events(Event.LockBroken.class).stream().map(Event.LockBroken::message).toList());
        assertFalse(Files.exists(lock("h1")));
    }

    @Test
    void releaseNeverRemovesAnotherRunsLock() throws IOException {
        Inventory inventory = hosts("h1");
        // while the run works, someone breaks its lock and another run takes it
        String playbook = "- hosts: all\n  gather_facts: false\n  tasks:\n    - command: cp " + dir.resolve("alice") + " " + lock("h1") + "/holder\n";
        Files.writeString(dir.resolve("alice"), ALICE);
        RunResult result = test.run(playbook, inventory, Map.of(Endpoint.Kind.SSH, local()));
        assertEquals(0, result.exitCode(), result.steps()::toString);
        assertEquals(ALICE, Files.readString(lock("h1").resolve("holder")), "the other run's lock stays");
        assertEquals(List.of(new Event.LockReleased(List.of(), List.of("host h1: the run lock " + lock("h1")
                + " is no longer this run's (someone broke it); it stays"))), events(Event.LockReleased.class));
    }

    @Test
    void aHostUnreachableWhenLockingIsAnUnreachableStepAndRunsNothing() throws IOException {
        TransportFactory h2Down = endpoint -> endpoint.hostName().equals("h2") ? new Down() : new LocalTransport();
        RunResult result = run(hosts("h1", "h2"), h2Down);
        assertEquals(3, result.exitCode());
        String task = "command";
        assertEquals(List.of(task), TestRun.steps(result, "h2").stream().map(s -> s.task()).toList(),
                "unreachable at its first task, as without a lock");
        assertEquals(List.of(Status.UNREACHABLE), TestRun.statuses(result, "h2"));
        assertEquals(List.of("h2 is down"), TestRun.messages(result, "h2"));
        assertEquals(List.of(new Event.LockTaken(List.of("h1"))), events(Event.LockTaken.class));
        assertTrue(Files.exists(marker("h1")));
        assertFalse(Files.exists(lock("h1")));
    }

    @Test
    void twoNamesThatTurnOutToBeOneMachineDoNotLockEachOtherOut() throws IOException {
        // as when an ssh config gives two inventory names the same HostName: two lock targets, one folder
        Inventory inventory = test.inventory("all:\n  hosts:\n    a:\n      ansible_host: 127.0.0.1\n"
                + "    b:\n      ansible_host: localhost\n  vars:\n    herd_lock_path: " + lock("here") + "\n");
        RunResult result = test.run("- hosts: all\n  gather_facts: false\n  tasks:\n    - command: test -d " + lock("here") + "\n", inventory,
                Map.of(Endpoint.Kind.SSH, local()));
        assertEquals(0, result.exitCode(), result.steps()::toString);
        assertFalse(Files.exists(lock("here")), "released");
    }

    @Test
    void hostsOnOneMachineShareItsLock() throws IOException {
        Inventory inventory = test.inventory("all:\n  hosts:\n    a:\n    b:\n  vars:\n    ansible_connection: local\n"
                + "    herd_lock_path: " + lock("here") + "\n");
        RunResult result = test.run("- hosts: all\n  gather_facts: false\n  tasks:\n    - command: test -d " + lock("here") + "\n", inventory,
                Map.of(Endpoint.Kind.LOCAL, local()));
        assertEquals(0, result.exitCode(), result.steps()::toString);
        assertEquals(List.of(new Event.LockTaken(List.of("a", "b"))), events(Event.LockTaken.class));
        assertFalse(Files.exists(lock("here")));
    }

    @Test
    void anInterruptedRunStillReleasesItsLocks() throws IOException {
        Path started = dir.resolve("started");
        test.whenStarted(runner -> Thread.ofVirtual().start(() -> {
            while (!Files.exists(started)) {
                Thread.onSpinWait();
            }
            runner.interrupt();
            runner.interrupt(); // a second interrupt ends the running steps at once, as a second Ctrl-C
        }));
        RunResult result = test.run("- hosts: all\n  gather_facts: false\n  tasks:\n    - command: sh -c 'touch " + started + "; sleep 30'\n",
                hosts("h1", "h2"), Map.of(Endpoint.Kind.SSH, local()));
        assertEquals(99, result.exitCode());
        assertFalse(Files.exists(lock("h1")), "released after the interrupt");
        assertFalse(Files.exists(lock("h2")), "released after the interrupt");
        assertEquals(List.of(new Event.LockReleased(List.of("h1", "h2"), List.of())), events(Event.LockReleased.class));
    }

    @Test
    void withoutTheLockNothingIsWritten() throws IOException {
        RunResult result = test.lock(LockOptions.OFF).run("- hosts: all\n  gather_facts: false\n  tasks:\n    - command: 'true'\n",
                hosts("h1"), Map.of(Endpoint.Kind.SSH, local()));
        assertEquals(0, result.exitCode());
        assertTrue(events(Event.LockTaken.class).isEmpty());
    }

    /** A host that cannot be reached. */
    private static final class Down implements Transport {
        @Override
        public void connect() throws UnreachableException {
            throw new UnreachableException("h2 is down");
        }

        @Override
        public ExecResult exec(ExecRequest request) throws UnreachableException {
            throw new UnreachableException("h2 is down");
        }

        @Override
        public void put(String path, byte[] content, int mode) throws UnreachableException {
            throw new UnreachableException("h2 is down");
        }

        @Override
        public byte[] fetch(String path) throws UnreachableException {
            throw new UnreachableException("h2 is down");
        }

        @Override
        public void close() {
        }
    }
}
