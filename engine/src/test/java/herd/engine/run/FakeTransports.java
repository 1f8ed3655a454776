package herd.engine.run;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;

import herd.engine.transport.Endpoint;
import herd.engine.transport.ExecRequest;
import herd.engine.transport.ExecResult;
import herd.engine.transport.Transport;
import herd.engine.transport.TransportFactory;
import herd.engine.transport.UnreachableException;

/** A transport that records every command per host and answers from a script. */
final class FakeTransports implements TransportFactory {
    /** What a host answers to a command; null means the host is unreachable. */
    private final BiFunction<String, String, ExecResult> script;
    final Map<String, List<String>> commands = new ConcurrentHashMap<>();
    final Map<String, List<ExecRequest>> requests = new ConcurrentHashMap<>();
    final AtomicInteger connects = new AtomicInteger();
    final AtomicInteger running = new AtomicInteger();
    final AtomicInteger mostAtOnce = new AtomicInteger();

    FakeTransports(BiFunction<String, String, ExecResult> script) {
        this.script = script;
    }

    static ExecResult ok(String stdout) {
        return new ExecResult(0, stdout, "", false);
    }

    static ExecResult exit(int rc, String stdout) {
        return new ExecResult(rc, stdout, "", false);
    }

    /**
     * Answers the commands that contain {@code marker} with the replies in turn, the last one again
     * once they run out; every other command gets an empty success.
     */
    static BiFunction<String, String, ExecResult> inTurn(String marker, ExecResult... replies) {
        Map<String, AtomicInteger> asked = new ConcurrentHashMap<>();
        return (host, command) -> {
            if (!command.contains(marker)) {
                return ok("");
            }
            int n = asked.computeIfAbsent(host, h -> new AtomicInteger()).getAndIncrement();
            return replies[Math.min(n, replies.length - 1)];
        };
    }

    /** The commands a host received, in order; empty when it received none. */
    List<String> sent(String host) {
        return List.copyOf(commands.getOrDefault(host, List.of()));
    }

    /** How many commands a host received that contain the text. */
    long count(String host, String text) {
        return sent(host).stream().filter(c -> c.contains(text)).count();
    }

    @Override
    public Transport open(Endpoint endpoint) {
        String host = endpoint.hostName();
        commands.putIfAbsent(host, Collections.synchronizedList(new ArrayList<>()));
        requests.putIfAbsent(host, Collections.synchronizedList(new ArrayList<>()));
        return new Transport() {
            private boolean connected;

            @Override
            public void connect() {
                if (!connected) {
                    connects.incrementAndGet();
                    connected = true;
                }
            }

            @Override
            public ExecResult exec(ExecRequest request) throws UnreachableException {
                connect();
                int now = running.incrementAndGet();
                mostAtOnce.accumulateAndGet(now, Math::max);
                try {
                    Thread.sleep(5);
                    commands.get(host).add(request.command());
                    requests.get(host).add(request);
                    ExecResult result = script.apply(host, request.command());
                    if (result == null) {
                        throw new UnreachableException("fake: " + host + " is down");
                    }
                    return result;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new UnreachableException("interrupted");
                } finally {
                    running.decrementAndGet();
                }
            }

            @Override
            public void close() {
            }
        };
    }
}
