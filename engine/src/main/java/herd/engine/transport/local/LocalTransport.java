package herd.engine.transport.local;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import herd.engine.transport.ExecRequest;
import herd.engine.transport.ExecResult;
import herd.engine.transport.Output;
import herd.engine.transport.Transport;
import herd.engine.transport.UnreachableException;

/** Runs commands on the controller itself through /bin/sh, for {@code ansible_connection: local}. */
public final class LocalTransport implements Transport {
    private final Set<Process> running = ConcurrentHashMap.newKeySet();

    @Override
    public void connect() {
    }

    @Override
    public ExecResult exec(ExecRequest request) throws UnreachableException {
        Process process;
        try {
            process = new ProcessBuilder("/bin/sh", "-c", request.command()).start();
        } catch (IOException e) {
            throw new UnreachableException("cannot start /bin/sh: " + e.getMessage());
        }
        running.add(process);
        try {
            return await(process, request);
        } finally {
            running.remove(process);
        }
    }

    private ExecResult await(Process process, ExecRequest request) throws UnreachableException {
        Output stdout = Output.drain(process.getInputStream());
        Output stderr = Output.drain(process.getErrorStream());
        try (OutputStream in = process.getOutputStream()) {
            if (request.stdin().isPresent()) {
                in.write(request.stdin().get());
            }
        } catch (IOException ignored) {
            // the command did not read its input; its exit code tells the rest
        }
        try {
            boolean finished = request.timeout().isPresent()
                    ? process.waitFor(request.timeout().get().toMillis(), TimeUnit.MILLISECONDS)
                    : waitFor(process);
            if (!finished) {
                kill(process);
                return new ExecResult(-1, stdout.await(1000), stderr.await(1000), true);
            }
        } catch (InterruptedException e) {
            kill(process);
            Thread.currentThread().interrupt();
            throw new UnreachableException("interrupted", stdout.text(), stderr.text());
        }
        return new ExecResult(process.exitValue(), stdout.await(5000), stderr.await(5000), false);
    }

    private static boolean waitFor(Process process) throws InterruptedException {
        process.waitFor();
        return true;
    }

    private static void kill(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    /** Ends every command still running, with its children. */
    @Override
    public void close() {
        running.forEach(LocalTransport::kill);
    }
}
