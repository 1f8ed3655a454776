package herd.engine.transport.ssh;

import java.io.IOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import net.schmizz.keepalive.KeepAlive;
import net.schmizz.keepalive.KeepAliveRunner;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.connection.ConnectionException;
import net.schmizz.sshj.connection.channel.direct.DirectConnection;
import net.schmizz.sshj.connection.channel.direct.Session;
import net.schmizz.sshj.connection.channel.direct.Signal;
import net.schmizz.sshj.transport.TransportException;
import net.schmizz.sshj.userauth.UserAuthException;
import net.schmizz.sshj.userauth.method.AuthMethod;

import herd.engine.transport.ExecRequest;
import herd.engine.transport.ExecResult;
import herd.engine.transport.FileTransferException;
import herd.engine.transport.Output;
import herd.engine.transport.ShellFiles;
import herd.engine.transport.Transport;
import herd.engine.transport.UnreachableException;

/**
 * One SSH connection to one host, opened once and reused: every command is a new session channel
 * on it, so a run pays one TCP and SSH handshake per host.
 */
final class SshTransport implements Transport {
    private static final long DRAIN_MILLIS = 5_000;

    private final SshTransports factory;
    private final SshSettings settings;
    private SSHClient client;
    private JumpChain.Lease jumpLease;
    private volatile HostKeyCheck hostKeys;

    SshTransport(SshTransports factory, SshSettings settings) {
        this.factory = factory;
        this.settings = settings;
    }

    @Override
    public synchronized void connect() throws UnreachableException {
        if (client != null && client.isConnected() && client.isAuthenticated()) {
            return;
        }
        close();
        int timeout = (int) settings.connectTimeout().toMillis();
        SSHClient c = factory.newClient();
        String user = settings.user();
        try {
            hostKeys = new HostKeyCheck(factory.knownHosts(settings), factory.globalKnownHosts(),
                    factory.hostKeyPolicy(settings), where());
            c.addHostKeyVerifier(hostKeys);
            c.setConnectTimeout(timeout);
            c.setTimeout(timeout);
            c.getTransport().setTimeoutMs(timeout);
            KeepAlive keepAlive = c.getConnection().getKeepAlive();
            // ServerAliveInterval 0 means no probes, as in ssh
            keepAlive.setKeepAliveInterval((int) Math.max(0, settings.serverAliveInterval().toSeconds()));
            if (keepAlive instanceof KeepAliveRunner runner) {
                runner.setMaxAliveCount(settings.serverAliveCountMax());
            }
            if (settings.jumps().isEmpty()) {
                connectOnPlatformThread(c);
            } else {
                jumpLease = factory.jumps().connectVia(settings, c);
            }
            List<AuthMethod> logins = factory.logins().methodsFor(settings);
            if (logins.isEmpty()) {
                throw new UnreachableException("no private key to log in with: give --private-key, "
                        + "ansible_ssh_private_key_file, or put a key in ~/.ssh or in ssh-agent (SSH_AUTH_SOCK)"
                        + factory.logins().agentProblem().map(p -> "; " + p).orElse(""));
            }
            c.auth(user, logins);
            if (c.getSocket() != null) { // none through a jump host: the hop's socket carries it
                c.getSocket().setSoTimeout(0);
            }
            client = c;
        } catch (UnreachableException e) {
            abandon(c);
            throw e;
        } catch (UserAuthException e) {
            abandon(c);
            throw new UnreachableException("authentication as '" + user + "' failed at " + where()
                    + factory.logins().problem(settings).map(p -> ": " + p).orElse(
                    " (offered keys were refused: check the user and ansible_ssh_private_key_file)"
                    + factory.logins().agentProblem().map(p -> "; " + p).orElse("")));
        } catch (IOException e) {
            abandon(c);
            throw new UnreachableException(describe(e));
        }
    }

    /** A TCP connection from this host to another, for a target that uses this host as its jump host. */
    synchronized DirectConnection tunnel(String host, int port) throws IOException {
        if (client == null) {
            throw new IOException("the connection is closed");
        }
        return client.newDirectConnection(host, port);
    }

    /** Closes a connection that failed to open, and lets its jump host go. */
    private void abandon(SSHClient c) {
        quietly(c);
        quietly(jumpLease);
        jumpLease = null;
    }

    /** Connects from a platform thread (see {@link PlatformThread}). */
    private void connectOnPlatformThread(SSHClient c) throws IOException {
        PlatformThread.call("connecting", () -> {
            c.connect(settings.hostName(), settings.port());
            return null;
        });
    }

    private String describe(IOException e) {
        if (hostKeys != null && hostKeys.refusal().isPresent()) {
            return hostKeys.refusal().get();
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root instanceof ConnectException) {
            return "connection refused by " + where();
        }
        if (root instanceof SocketTimeoutException || root instanceof java.util.concurrent.TimeoutException
                || String.valueOf(root.getMessage()).toLowerCase().contains("timeout")
                || String.valueOf(root.getMessage()).toLowerCase().contains("timed out")) {
            return "no answer from " + where() + " within " + factory.options().connectTimeout().toSeconds() + " s";
        }
        if (root instanceof UnknownHostException) {
            return "unknown host name '" + settings.hostName() + "'";
        }
        if (root instanceof NoRouteToHostException) {
            return "no route to " + where();
        }
        return "cannot connect to " + where() + ": " + root.getMessage();
    }

    private String where() {
        return settings.hostName() + ":" + settings.port();
    }

    @Override
    public ExecResult exec(ExecRequest request) throws UnreachableException {
        Session session = openSession();
        Session.Command command;
        try {
            command = session.exec(request.command());
        } catch (IOException e) {
            // the command may have started: it is not run a second time
            closeAfterDrop();
            throw new UnreachableException("connection to " + where() + " lost: " + e.getMessage());
        }
        Output stdout = Output.drain(command.getInputStream());
        Output stderr = Output.drain(command.getErrorStream());
        try (OutputStream in = command.getOutputStream()) {
            if (request.stdin().isPresent()) {
                in.write(request.stdin().get());
                in.flush();
            }
        } catch (IOException ignored) {
            // the command did not read its input; its exit code tells the rest
        }
        try {
            if (request.timeout().isPresent()) {
                command.join(request.timeout().get().toMillis(), TimeUnit.MILLISECONDS);
            } else {
                command.join();
            }
        } catch (ConnectionException e) {
            if (isTimeout(e) && client.isConnected()) {
                stop(command);
                stdout.await(1000);
                stderr.await(1000);
                return ExecResult.of(-1, stdout, stderr, true);
            }
            closeAfterDrop();
            throw new UnreachableException("connection to " + where() + " dropped during the command: " + e.getMessage(),
                    stdout.text(), stderr.text());
        }
        String out = stdout.await(DRAIN_MILLIS);
        String err = stderr.await(DRAIN_MILLIS);
        Integer status = command.getExitStatus();
        Signal signal = command.getExitSignal();
        quietly(session);
        if (status != null) {
            return new ExecResult(status, out, err, false, stdout.bytes(), stderr.bytes());
        }
        if (signal != null) {
            return new ExecResult(-1, out, (err.isEmpty() ? "" : err + "\n") + "killed by signal " + signal, false,
                    stdout.bytes(), stderr.bytes());
        }
        if (!client.isConnected()) {
            closeAfterDrop();
            throw new UnreachableException("connection to " + where() + " dropped during the command", out, err);
        }
        return new ExecResult(-1, out, (err.isEmpty() ? "" : err + "\n") + "the command ended without an exit status", false,
                stdout.bytes(), stderr.bytes());
    }

    /** A session channel left running, for a command session; see {@link herd.engine.transport.CommandSessions}. */
    @Override
    public Optional<Running> start(String command) throws UnreachableException {
        Session session = openSession();
        Session.Command running;
        try {
            running = session.exec(command);
        } catch (IOException e) {
            closeAfterDrop();
            throw new UnreachableException("connection to " + where() + " lost: " + e.getMessage());
        }
        String where = where();
        return Optional.of(new Running() {
            @Override
            public OutputStream stdin() {
                return running.getOutputStream();
            }

            @Override
            public java.io.InputStream stdout() {
                return running.getInputStream();
            }

            @Override
            public java.io.InputStream stderr() {
                return running.getErrorStream();
            }

            @Override
            public boolean isOpen() {
                return running.isOpen();
            }

            @Override
            public String where() {
                return where;
            }

            @Override
            public void close() {
                quietly(running);
                quietly(session);
            }
        });
    }

    /** Over an exec channel with the bytes on standard input; see {@link ShellFiles} for why not SFTP. */
    @Override
    public void put(String path, byte[] content, int mode) throws UnreachableException, FileTransferException {
        ShellFiles.put(this, path, content, mode);
    }

    @Override
    public byte[] fetch(String path) throws UnreachableException, FileTransferException {
        return ShellFiles.fetch(this, path);
    }

    /**
     * A new session channel; a connection that dropped since the last step (a restarted sshd, a NAT that
     * forgot us) is opened again once before the host is declared unreachable.
     */
    private Session openSession() throws UnreachableException {
        connect();
        try {
            return client.startSession();
        } catch (IOException first) {
            closeAfterDrop();
        }
        connect();
        try {
            return client.startSession();
        } catch (IOException e) {
            closeAfterDrop();
            throw new UnreachableException("connection to " + where() + " lost: " + e.getMessage());
        }
    }

    private static boolean isTimeout(ConnectionException e) {
        return String.valueOf(e.getMessage()).toLowerCase().contains("timeout")
                || e.getCause() instanceof java.util.concurrent.TimeoutException;
    }

    private static void stop(Session.Command command) {
        try {
            command.signal(Signal.KILL);
        } catch (TransportException ignored) {
            // the channel is closed below either way
        }
        quietly(command);
    }

    private void closeAfterDrop() {
        quietly(client);
        client = null;
        quietly(jumpLease);
        jumpLease = null;
    }

    @Override
    public synchronized void close() {
        if (client != null) {
            quietly(client);
            client = null;
        }
        quietly(jumpLease);
        jumpLease = null;
    }

    private static void quietly(AutoCloseable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (Exception ignored) {
            // closing is best effort; the connection is gone either way
        }
    }
}
