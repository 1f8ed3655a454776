package herd.engine.module.builtin.files;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import herd.engine.module.Target;
import herd.engine.transport.ExecResult;
import herd.engine.transport.FileTransferException;

/** A {@link Target} that is this machine: scripts run through /bin/sh, files are local; every script is kept. */
public final class ShellTarget implements Target {
    public final List<String> scripts = new ArrayList<>();
    int puts;

    @Override
    public ExecResult sh(String script) {
        scripts.add(script);
        try {
            Process p = new ProcessBuilder("/bin/sh", "-c", script).start();
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readAllBytes();
            byte[] err = p.getErrorStream().readAllBytes();
            int rc = p.waitFor();
            return new ExecResult(rc, new String(out, StandardCharsets.UTF_8).stripTrailing(),
                    new String(err, StandardCharsets.UTF_8).stripTrailing(), false, out, err);
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public ExecResult program(String command, byte[] input) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void put(String path, byte[] content, int mode) throws FileTransferException {
        puts++;
        try {
            Path file = Path.of(path);
            Files.write(file, content);
            sh("chmod " + Integer.toOctalString(mode) + " '" + path + "'");
        } catch (IOException e) {
            throw new FileTransferException(true, path, e.getMessage());
        }
    }

    @Override
    public byte[] fetch(String path) throws FileTransferException {
        try {
            return Files.readAllBytes(Path.of(path));
        } catch (IOException e) {
            throw new FileTransferException(false, path, "No such file or directory");
        }
    }

    @Override
    public Optional<String> becomeUser() {
        return Optional.empty();
    }

    @Override
    public boolean sleep(Duration duration) {
        return true;
    }
}
