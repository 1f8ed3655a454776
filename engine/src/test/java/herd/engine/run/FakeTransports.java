package herd.engine.run;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;

import herd.engine.transport.Endpoint;
import herd.engine.transport.ExecRequest;
import herd.engine.transport.ExecResult;
import herd.engine.transport.FileTransferException;
import herd.engine.transport.Transport;
import herd.engine.transport.TransportFactory;
import herd.engine.transport.UnreachableException;

/**
 * A transport that records every command per host and answers from a script; files put and fetched
 * live in memory, per host (preset them with {@link #preset}, read them with {@link #file}).
 */
final class FakeTransports implements TransportFactory {
    /** A file on a fake host. */
    record FakeFile(byte[] content, int mode) {
        FakeFile {
            content = content.clone();
        }

        @Override
        public byte[] content() {
            return content.clone();
        }
    }

    /** What a host answers to a command; null means the host is unreachable. */
    private final BiFunction<String, String, ExecResult> script;
    final Map<String, List<String>> commands = new ConcurrentHashMap<>();
    final Map<String, List<ExecRequest>> requests = new ConcurrentHashMap<>();
    final AtomicInteger connects = new AtomicInteger();
    final AtomicInteger running = new AtomicInteger();
    final AtomicInteger mostAtOnce = new AtomicInteger();
    private final Map<String, Map<String, FakeFile>> files = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> readOnly = new ConcurrentHashMap<>();

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

    /** Puts a file on a host before the run, as if it had always been there. */
    FakeTransports preset(String host, String path, byte[] content, int mode) {
        filesOf(host).put(path, new FakeFile(content, mode));
        return this;
    }

    /** Puts a text file (UTF-8, mode 0644) on a host before the run. */
    FakeTransports preset(String host, String path, String content) {
        return preset(host, path, content.getBytes(StandardCharsets.UTF_8), 0644);
    }

    /** Makes puts into {@code folder} (not below it) fail with "Permission denied", as for a folder of root's. */
    FakeTransports readOnly(String host, String folder) {
        readOnly.computeIfAbsent(host, h -> ConcurrentHashMap.newKeySet()).add(folder);
        return this;
    }

    /** The content of a file on a host as the run left it; empty when there is none. */
    Optional<byte[]> file(String host, String path) {
        return Optional.ofNullable(filesOf(host).get(path)).map(FakeFile::content);
    }

    /** The content of a file on a host, decoded as UTF-8; empty when there is none. */
    Optional<String> text(String host, String path) {
        return file(host, path).map(b -> new String(b, StandardCharsets.UTF_8));
    }

    /** The mode of a file on a host; empty when there is none. */
    OptionalInt mode(String host, String path) {
        FakeFile f = filesOf(host).get(path);
        return f == null ? OptionalInt.empty() : OptionalInt.of(f.mode());
    }

    private Map<String, FakeFile> filesOf(String host) {
        return files.computeIfAbsent(host, h -> new ConcurrentHashMap<>());
    }

    private static String folder(String path) {
        int slash = path.lastIndexOf('/');
        return slash <= 0 ? (slash == 0 ? "/" : ".") : path.substring(0, slash);
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
            public void put(String path, byte[] content, int mode) throws FileTransferException {
                connect();
                if (readOnly.getOrDefault(host, Set.of()).contains(folder(path))) {
                    throw new FileTransferException(true, path, "Permission denied");
                }
                filesOf(host).put(path, new FakeFile(content, mode));
            }

            @Override
            public byte[] fetch(String path) throws FileTransferException {
                connect();
                FakeFile f = filesOf(host).get(path);
                if (f == null) {
                    throw new FileTransferException(false, path, "No such file or directory");
                }
                return f.content();
            }

            @Override
            public void close() {
            }
        };
    }
}
