package herd.engine.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import herd.engine.event.RunResult;
import herd.engine.event.Status;
import herd.engine.event.StepResult;
import herd.engine.transport.ExecResult;

/** strategy: free: a host does not wait for the others between tasks; linear hosts do. */
class FreeStrategyTest {
    @TempDir
    Path dir;
    private TestRun test;

    @BeforeEach
    void setUp() {
        test = new TestRun(dir);
    }

    /**
     * h1's first task waits (at most 20 s) until h2 has run its second task: only a host that goes
     * on without waiting for h1 gets there, so h1's step succeeds under free and fails under linear.
     */
    private RunResult run(String strategy) throws IOException {
        CountDownLatch h2Second = new CountDownLatch(1);
        FakeTransports fake = new FakeTransports((host, cmd) -> {
            if (host.equals("h1") && cmd.contains("echo first")) {
                try {
                    return h2Second.await(20, TimeUnit.SECONDS) ? FakeTransports.ok("h2 went on")
                            : new ExecResult(1, "", "h2 waited for h1", false);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return new ExecResult(1, "", "interrupted", false);
                }
            }
            if (host.equals("h2") && cmd.contains("echo second")) {
                h2Second.countDown();
            }
            return FakeTransports.ok("");
        });
        return test.run("""
                - hosts: all
                  gather_facts: false
                  strategy: %s
                  tasks:
                    - command: echo first
                    - command: echo second
                """.formatted(strategy), test.hosts(2), fake);
    }

    @Test
    void underFreeAHostGoesOnWhileAnotherIsStillBusy() throws IOException {
        RunResult result = run("free");
        List<StepResult> h1 = TestRun.steps(result, "h1");
        assertEquals(List.of(Status.CHANGED, Status.CHANGED), h1.stream().map(StepResult::status).toList(), h1.toString());
        assertEquals(0, result.exitCode());
    }
}
