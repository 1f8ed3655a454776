package herd.engine.transport.ssh;

import java.io.IOException;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import net.schmizz.sshj.transport.verification.HostKeyVerifier;

import herd.engine.transport.HostKeyPolicy;

/**
 * Verifies one server's host key against the known_hosts files with a StrictHostKeyChecking policy.
 * A revoked or changed key is refused under every policy; an unknown one is refused (yes), added to
 * the first file (accept-new) or let through (no). Why a key was refused is kept for the message.
 */
final class HostKeyCheck implements HostKeyVerifier {
    private final List<KnownHosts> files;
    /** The machine's own known hosts (GlobalKnownHostsFile): looked up, never written. */
    private final List<KnownHosts> global;
    private final HostKeyPolicy policy;
    private final String where;
    private volatile String refusal;

    /** {@code where} names the server in messages ({@code host:port}). */
    HostKeyCheck(List<KnownHosts> files, HostKeyPolicy policy, String where) {
        this(files, List.of(), policy, where);
    }

    HostKeyCheck(List<KnownHosts> files, List<KnownHosts> global, HostKeyPolicy policy, String where) {
        this.files = List.copyOf(files);
        this.global = List.copyOf(global);
        this.policy = policy;
        this.where = where;
    }

    /** Why the last offered key was refused, if it was. */
    Optional<String> refusal() {
        return Optional.ofNullable(refusal);
    }

    @Override
    public boolean verify(String hostname, int port, PublicKey key) {
        String fingerprint = KnownHosts.fingerprint(key);
        List<KnownHosts.Check> checks = new ArrayList<>();
        for (KnownHosts file : files) {
            checks.add(file.check(hostname, port, key));
        }
        for (KnownHosts file : global) {
            checks.add(file.check(hostname, port, key));
        }
        for (KnownHosts.Check check : checks) {
            if (check.verdict() == KnownHosts.Verdict.REVOKED) {
                refusal = "host key of " + where + " (" + fingerprint + ") is revoked in "
                        + check.entry().orElseThrow().where() + ": refused. Nothing was run on this host";
                return false;
            }
        }
        // as OpenSSH: a matching line anywhere wins over a different key for the same host elsewhere
        if (checks.stream().anyMatch(c -> c.verdict() == KnownHosts.Verdict.MATCH)) {
            return true;
        }
        KnownHosts.Check changed = checks.stream().filter(c -> c.verdict() == KnownHosts.Verdict.CHANGED)
                .findFirst().orElse(null);
        if (changed != null) {
            KnownHosts.Entry old = changed.entry().orElseThrow();
            refusal = "HOST KEY CHANGED for " + where + ": the server offers " + fingerprint + " but "
                    + old.where() + " has " + old.fingerprint() + "; someone may be intercepting the connection."
                    + " Nothing was run on this host. If the host was reinstalled, remove line " + old.line()
                    + " of " + old.file() + " and connect again";
            return false;
        }
        return switch (policy) {
            case NO -> true;
            case ACCEPT_NEW -> accept(hostname, port, key, fingerprint);
            case YES -> {
                Path first = files.isEmpty() ? Path.of("~/.ssh/known_hosts") : files.getFirst().file();
                refusal = "host key of " + where + " is not in " + names() + " (" + fingerprint
                        + "); verify it, then add it with: ssh-keyscan -p " + port + " " + hostname + " >> " + first
                        + " (or run with --host-key-checking accept-new)";
                yield false;
            }
        };
    }

    private boolean accept(String hostname, int port, PublicKey key, String fingerprint) {
        if (files.isEmpty()) {
            return true;
        }
        try {
            files.getFirst().add(hostname, port, key);
            return true;
        } catch (IOException e) {
            refusal = "cannot add the host key of " + where + " (" + fingerprint + ") to " + files.getFirst().file()
                    + ": " + e.getMessage();
            return false;
        }
    }

    private String names() {
        List<String> names = new ArrayList<>();
        files.forEach(f -> names.add(f.file().toString()));
        return String.join(" or ", names);
    }

    @Override
    public List<String> findExistingAlgorithms(String hostname, int port) {
        List<String> out = new ArrayList<>();
        for (KnownHosts file : files) {
            for (String algorithm : file.algorithms(hostname, port)) {
                if (!out.contains(algorithm)) {
                    out.add(algorithm);
                }
            }
        }
        return out;
    }
}
