package herd.engine.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

class ConnectionCapTest {

    /** A connection that counts how often it was opened and closed, and how many are open. */
    static final class Counting implements Transport {
        static final AtomicInteger OPEN = new AtomicInteger();
        final String name;
        boolean connected;
        int opened;
        int closed;
        CountDownLatch release = new CountDownLatch(0);

        Counting(String name) {
            this.name = name;
        }

        @Override
        public synchronized void connect() {
            if (!connected) {
                connected = true;
                opened++;
                OPEN.incrementAndGet();
            }
        }

        @Override
        public ExecResult exec(ExecRequest request) {
            connect();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            synchronized (this) {
                if (!connected) {
                    return new ExecResult(255, "", "closed under a running command", false, new byte[0], new byte[0]);
                }
            }
            return new ExecResult(0, name, "", false, name.getBytes(), new byte[0]);
        }

        @Override
        public void put(String path, byte[] content, int mode) {
            connect();
        }

        @Override
        public byte[] fetch(String path) {
            connect();
            return new byte[0];
        }

        @Override
        public synchronized void close() {
            if (connected) {
                connected = false;
                closed++;
                OPEN.decrementAndGet();
            }
        }
    }

    private static ExecRequest command() {
        return ExecRequest.of("true", Optional.empty());
    }

    @Test
    void closesTheLeastRecentlyUsedIdleConnectionToStayUnderTheCap() throws Exception {
        ConnectionCap cap = new ConnectionCap(2);
        List<Counting> raw = List.of(new Counting("a"), new Counting("b"), new Counting("c"));
        List<Transport> hosts = raw.stream().map(cap::wrap).toList();
        hosts.get(0).exec(command());
        hosts.get(1).exec(command());
        hosts.get(0).exec(command()); // a is now the most recently used
        hosts.get(2).exec(command()); // room for c: b goes

        assertTrue(raw.get(0).connected);
        assertFalse(raw.get(1).connected);
        assertTrue(raw.get(2).connected);
        assertEquals(new ConnectionCap.Use(2, 2, 1, 0), cap.use());

        hosts.get(1).exec(command()); // b again: reconnects, a (now least recent) goes
        assertEquals(2, raw.get(1).opened);
        assertFalse(raw.get(0).connected);
        assertEquals(new ConnectionCap.Use(2, 2, 2, 1), cap.use());
    }

    @Test
    void neverClosesAConnectionWhileItRunsACommandAndGoesPastTheCapInstead() throws Exception {
        ConnectionCap cap = new ConnectionCap(1);
        Counting busy = new Counting("busy");
        busy.release = new CountDownLatch(1);
        Transport first = cap.wrap(busy);
        Counting other = new Counting("other");
        Transport second = cap.wrap(other);
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<ExecResult> running = threads.submit(() -> first.exec(command()));
            while (!busy.connected) {
                Thread.onSpinWait();
            }
            assertEquals(0, second.exec(command()).rc());
            busy.release.countDown();
            assertEquals(0, running.get().rc(), "the running command was not cut");
        }
        assertEquals(0, busy.closed);
        assertEquals(2, cap.use().peak());
        // now both are idle: the next use of the first closes the other (least recent)
        first.exec(command());
        assertFalse(other.connected);
    }

    @Test
    void manyHostsThroughASmallCapNeverHaveMoreOpenThanTheCapPlusTheBusyOnes() throws Exception {
        Counting.OPEN.set(0);
        ConnectionCap cap = new ConnectionCap(5);
        List<Counting> raw = new ArrayList<>();
        List<Transport> hosts = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            Counting c = new Counting("h" + i);
            raw.add(c);
            hosts.add(cap.wrap(c));
        }
        AtomicInteger most = new AtomicInteger();
        for (int step = 0; step < 3; step++) {
            // 3 at once, like --forks 3
            try (ExecutorService forks = Executors.newFixedThreadPool(3)) {
                List<Future<ExecResult>> results = new ArrayList<>();
                for (Transport host : hosts) {
                    results.add(forks.submit(() -> {
                        ExecResult r = host.exec(command());
                        most.accumulateAndGet(Counting.OPEN.get(), Math::max);
                        return r;
                    }));
                }
                for (Future<ExecResult> f : results) {
                    assertEquals(0, f.get().rc());
                }
            }
        }
        assertTrue(most.get() <= 5 + 3, "open: " + most.get());
        assertTrue(Counting.OPEN.get() <= 5, "open: " + Counting.OPEN.get());
        ConnectionCap.Use use = cap.use();
        assertEquals(raw.stream().mapToInt(c -> c.opened - 1).sum(), use.reopened());
        assertEquals(raw.stream().mapToInt(c -> c.closed).sum(), use.closedForRoom());
    }
}
