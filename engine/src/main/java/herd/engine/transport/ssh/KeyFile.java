package herd.engine.transport.ssh;

import java.io.IOException;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.List;
import java.util.Optional;

import net.schmizz.sshj.common.Factory;
import net.schmizz.sshj.common.KeyType;
import net.schmizz.sshj.userauth.keyprovider.FileKeyProvider;
import net.schmizz.sshj.userauth.keyprovider.KeyFormat;
import net.schmizz.sshj.userauth.keyprovider.KeyProvider;
import net.schmizz.sshj.userauth.keyprovider.KeyProviderUtil;
import net.schmizz.sshj.userauth.password.PasswordFinder;
import net.schmizz.sshj.userauth.password.Resource;

import herd.engine.transport.KeyPassphrases;

/**
 * A private key file, shared by every connection of a run. The public half comes from the
 * {@code -cert.pub} (an OpenSSH user certificate) or {@code .pub} file beside it when there is one, so an
 * encrypted key is decrypted only when a server accepts it, and then once: its passphrase is asked
 * once per file and run, and a wrong one is remembered rather than asked again for every host.
 */
final class KeyFile implements KeyProvider {
    private final Path path;
    private final FileKeyProvider provider;
    private final KeyPassphrases passphrases;
    private boolean askedForPassphrase;
    private boolean gotPassphrase;
    private PrivateKey privateKey;
    private String problem;

    private KeyFile(Path path, FileKeyProvider provider, KeyPassphrases passphrases) {
        this.path = path;
        this.provider = provider;
        this.passphrases = passphrases;
    }

    /** Reads which format {@code path} is in; the key itself is read when first needed. */
    static KeyFile open(Path path, List<Factory.Named<FileKeyProvider>> formats, KeyPassphrases passphrases)
            throws IOException {
        KeyFormat format;
        try {
            format = KeyProviderUtil.detectKeyFileFormat(path.toFile());
        } catch (IOException e) {
            throw new IOException("cannot read private key " + path + ": " + e.getMessage(), e);
        }
        FileKeyProvider provider = Factory.Named.Util.create(formats, format.toString());
        if (provider == null) {
            throw new IOException("cannot read private key " + path + ": unknown key format " + format);
        }
        KeyFile file = new KeyFile(path, provider, passphrases);
        provider.init(path.toFile(), file.finder());
        return file;
    }

    Path path() {
        return path;
    }

    /** Why the private key could not be used (a wrong or missing passphrase), once it was tried. */
    synchronized Optional<String> problem() {
        return Optional.ofNullable(problem);
    }

    private PasswordFinder finder() {
        return new PasswordFinder() {
            @Override
            public char[] reqPassword(Resource<?> resource) {
                askedForPassphrase = true;
                Optional<char[]> passphrase = passphrases.forKey(path);
                gotPassphrase = passphrase.isPresent();
                return passphrase.orElse(null);
            }

            @Override
            public boolean shouldRetry(Resource<?> resource) {
                return false;
            }
        };
    }

    @Override
    public synchronized PrivateKey getPrivate() throws IOException {
        if (privateKey != null) {
            return privateKey;
        }
        if (problem != null) {
            throw new IOException(problem);
        }
        try {
            privateKey = provider.getPrivate();
            return privateKey;
        } catch (IOException | RuntimeException e) {
            problem = describe(e);
            throw new IOException(problem, e);
        }
    }

    private String describe(Exception e) {
        if (askedForPassphrase && gotPassphrase) {
            return "wrong passphrase for private key " + path;
        }
        if (askedForPassphrase) {
            return "private key " + path + " is encrypted and no passphrase was given: set "
                    + KeyPassphrases.VARIABLE + ", run herd on a terminal to be asked, or add the key to ssh-agent";
        }
        return "cannot read private key " + path + ": " + e.getMessage();
    }

    @Override
    public synchronized PublicKey getPublic() throws IOException {
        try {
            return provider.getPublic();
        } catch (IOException | RuntimeException e) {
            // without a .pub file the public half is in the encrypted file: same failure as the private half
            getPrivate();
            throw new IOException(describe(e), e);
        }
    }

    /** The public key blob from the file beside the key, without decrypting anything; empty without one. */
    synchronized Optional<PublicKey> publicWithoutPassphrase() {
        if (com.hierynomus.sshj.userauth.keyprovider.OpenSSHKeyFileUtil.getPublicKeyFile(path.toFile()) == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(provider.getPublic());
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    @Override
    public KeyType getType() throws IOException {
        return KeyType.fromKey(getPublic());
    }

    @Override
    public String toString() {
        return "private key " + path;
    }
}
