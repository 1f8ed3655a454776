package herd.engine.transport.local;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import herd.engine.transport.ExecRequest;
import herd.engine.transport.ExecResult;
import herd.engine.transport.FileTransferException;
import herd.engine.transport.Output;
import herd.engine.transport.Transport;
import herd.engine.transport.UnreachableException;

/**
 * Runs commands on the controller itself through /bin/sh, for {@code ansible_connection: local};
 * files are written and read with java.nio, relative paths from the working folder as commands see it.
 */
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
                stdout.await(1000);
                stderr.await(1000);
                return ExecResult.of(-1, stdout, stderr, true);
            }
        } catch (InterruptedException e) {
            kill(process);
            Thread.currentThread().interrupt();
            throw new UnreachableException("interrupted", stdout.text(), stderr.text());
        }
        stdout.await(5000);
        stderr.await(5000);
        return ExecResult.of(process.exitValue(), stdout, stderr, false);
    }

    @Override
    public void put(String path, byte[] content, int mode) throws FileTransferException {
        if (mode < 0 || mode > 07777) {
            throw new IllegalArgumentException("file mode " + Integer.toOctalString(mode) + " is not between 0 and 7777");
        }
        if (path.isEmpty() || path.endsWith("/")) {
            throw new FileTransferException(true, path, "names a folder, not a file");
        }
        Path given = Path.of(path);
        String folder = given.getParent() == null ? "." : given.getParent().toString();
        Path target = given.toAbsolutePath();
        Path tmp;
        try {
            // created 0600, so nobody reads the content before its mode is set
            tmp = Files.createTempFile(target.getParent(), "." + target.getFileName() + ".herd-", "");
        } catch (IOException e) {
            throw new FileTransferException(true, path, folder + ": " + reason(e));
        }
        try {
            Files.write(tmp, content);
            Files.setAttribute(tmp, "unix:mode", mode);
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            deleteQuietly(tmp);
            throw new FileTransferException(true, path, reason(e));
        }
    }

    @Override
    public byte[] fetch(String path) throws FileTransferException {
        try {
            return Files.readAllBytes(Path.of(path));
        } catch (IOException e) {
            throw new FileTransferException(false, path, reason(e));
        }
    }

    /** The system's error text, as the shell would print it. */
    private static String reason(IOException e) {
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        if (e instanceof NoSuchFileException) {
            return "No such file or directory";
        }
        if (e instanceof AccessDeniedException) {
            return "Permission denied";
        }
        return String.valueOf(e.getMessage());
    }

    private static void deleteQuietly(Path tmp) {
        try {
            Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
            // a leftover temporary file is harmless; the error that matters is already on its way
        }
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
