package herd.engine.transport.local;

import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.TimeUnit;

import herd.engine.transport.ExecRequest;
import herd.engine.transport.ExecResult;
import herd.engine.transport.Output;
import herd.engine.transport.Transport;
import herd.engine.transport.UnreachableException;

/** Runs commands on the controller itself through /bin/sh, for {@code ansible_connection: local}. */
public final class LocalTransport implements Transport {

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
                    : process.waitFor() >= Integer.MIN_VALUE;
            if (!finished) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
                return new ExecResult(-1, stdout.await(1000), stderr.await(1000), true);
            }
        } catch (InterruptedException e) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new UnreachableException("interrupted", stdout.text(), stderr.text());
        }
        return new ExecResult(process.exitValue(), stdout.await(5000), stderr.await(5000), false);
    }

    @Override
    public void close() {
    }
}
