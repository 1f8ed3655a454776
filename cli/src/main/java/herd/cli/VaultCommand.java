package herd.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import herd.engine.load.InputException;
import herd.engine.load.Position;
import herd.engine.load.Problem;
import herd.engine.shell.ShellWords;
import herd.engine.vault.VaultCipher;
import herd.engine.vault.VaultException;
import herd.engine.vault.VaultSecrets;
import herd.engine.vault.VaultText;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code herd vault}: ansible-vault's commands, reading and writing the same files (1.1, and 1.2
 * with a vault id label), with the same password sources.
 */
@Command(name = "vault", mixinStandardHelpOptions = true,
        description = "Encrypt, decrypt, view and edit files and values as ansible-vault does.")
final class VaultCommand {
    @Spec
    CommandSpec spec;

    @ParentCommand
    HerdCommand herd;

    /** The options every vault command takes. */
    static final class Common {
        @Mixin
        VaultOptions passwords;

        @Option(names = "--encrypt-vault-id", paramLabel = "LABEL", description = "The vault id to encrypt with.")
        String encryptId;

        @Option(names = "--output", paramLabel = "FILE", description = "Write here instead of in place ('-': standard output).")
        Path output;
    }

    @Command(name = "encrypt", description = "Encrypt files (standard input when none or '-').")
    int encrypt(@Mixin Common common, @Parameters(paramLabel = "FILE", arity = "0..*") List<Path> files)
            throws IOException {
        VaultSecrets.Secret secret = encryptSecret(common);
        for (Path file : orStdin(files)) {
            byte[] plain = input(file);
            if (VaultText.isVault(plain)) {
                throw problem(file, "input is already encrypted");
            }
            String text = VaultCipher.encrypt(plain, secret.password(), Optional.of(secret.label())).format();
            output(common, file, text.getBytes(StandardCharsets.US_ASCII));
        }
        spec.commandLine().getErr().println("Encryption successful");
        return 0;
    }

    @Command(name = "decrypt", description = "Decrypt files (standard input when none or '-').")
    int decrypt(@Mixin Common common, @Parameters(paramLabel = "FILE", arity = "0..*") List<Path> files)
            throws IOException {
        VaultSecrets secrets = common.passwords.secrets(herd.config());
        for (Path file : orStdin(files)) {
            output(common, file, plain(secrets, file));
        }
        spec.commandLine().getErr().println("Decryption successful");
        return 0;
    }

    @Command(name = "view", description = "Print the plaintext of vault files.")
    int view(@Mixin VaultOptions passwords, @Parameters(paramLabel = "FILE", arity = "1..*") List<Path> files)
            throws IOException {
        VaultSecrets secrets = passwords.secrets(herd.config());
        PrintWriter out = spec.commandLine().getOut();
        for (Path file : files) {
            out.print(new String(plain(secrets, file), StandardCharsets.UTF_8));
        }
        out.flush();
        return 0;
    }

    @Command(name = "encrypt_string", description = "Encrypt a value as a !vault YAML value.")
    int encryptString(@Mixin Common common,
                      @Option(names = {"-n", "--name"}, paramLabel = "NAME", description = "The variable's name.")
                      List<String> names,
                      @Option(names = "--stdin-name", paramLabel = "NAME", description = "The name for the value read"
                              + " from standard input.") String stdinName,
                      @Parameters(paramLabel = "STRING", arity = "0..*") List<String> values) throws IOException {
        VaultSecrets.Secret secret = encryptSecret(common);
        List<String> plain = new ArrayList<>(values == null ? List.of() : values);
        List<String> named = new ArrayList<>(names == null ? List.of() : names);
        if (plain.isEmpty() || plain.equals(List.of("-"))) {
            plain = List.of(new String(System.in.readAllBytes(), StandardCharsets.UTF_8));
            named = stdinName == null ? named : List.of(stdinName);
        }
        PrintWriter out = spec.commandLine().getOut();
        for (int i = 0; i < plain.size(); i++) {
            String text = VaultCipher.encrypt(plain.get(i).getBytes(StandardCharsets.UTF_8), secret.password(),
                    Optional.of(secret.label())).format();
            StringBuilder b = new StringBuilder(i < named.size() ? named.get(i) + ": " : "").append("!vault |\n");
            text.lines().forEach(line -> b.append("          ").append(line).append('\n'));
            out.print(b);
        }
        out.flush();
        spec.commandLine().getErr().println("Encryption successful");
        return 0;
    }

    @Command(name = "rekey", description = "Encrypt vault files again with a new password.")
    int rekey(@Mixin Common common,
              @Option(names = "--new-vault-password-file", paramLabel = "FILE") Path newFile,
              @Option(names = "--new-vault-id", paramLabel = "LABEL@SOURCE") String newId,
              @Parameters(paramLabel = "FILE", arity = "1..*") List<Path> files) throws IOException {
        VaultSecrets secrets = common.passwords.secrets(herd.config());
        VaultSecrets.Secret fresh = newSecret(newFile, newId);
        for (Path file : files) {
            byte[] plain = plain(secrets, file);
            write(file, VaultCipher.encrypt(plain, fresh.password(), Optional.of(fresh.label())).format()
                    .getBytes(StandardCharsets.US_ASCII));
        }
        spec.commandLine().getErr().println("Rekey successful");
        return 0;
    }

    @Command(name = "create", description = "Create a vault file with $EDITOR.")
    int create(@Mixin Common common, @Parameters(paramLabel = "FILE") Path file) throws IOException, InterruptedException {
        if (Files.exists(file)) {
            throw problem(file, "the file already exists; use 'herd vault edit' to change it");
        }
        VaultSecrets.Secret secret = encryptSecret(common);
        Optional<byte[]> edited = edit(new byte[0]);
        if (edited.isPresent()) {
            write(file, VaultCipher.encrypt(edited.get(), secret.password(), Optional.of(secret.label())).format()
                    .getBytes(StandardCharsets.US_ASCII));
        }
        return 0;
    }

    @Command(name = "edit", description = "Edit a vault file with $EDITOR.")
    int edit(@Mixin Common common, @Parameters(paramLabel = "FILE") Path file) throws IOException, InterruptedException {
        VaultSecrets secrets = common.passwords.secrets(herd.config());
        String envelope = Files.readString(file, StandardCharsets.US_ASCII);
        byte[] plain = plain(secrets, file);
        Optional<byte[]> edited = edit(plain);
        if (edited.isPresent() && !java.util.Arrays.equals(edited.get(), plain)) {
            Optional<String> label = label(envelope);
            VaultSecrets.Secret secret = label.flatMap(l -> secrets.forLabel(Optional.of(l)))
                    .orElse(secrets.secrets().getFirst());
            write(file, VaultCipher.encrypt(edited.get(), secret.password(), Optional.of(secret.label())).format()
                    .getBytes(StandardCharsets.US_ASCII));
        }
        return 0;
    }

    private static Optional<String> label(String envelope) {
        try {
            return VaultText.parse(envelope).label();
        } catch (VaultException e) {
            return Optional.empty();
        }
    }

    /** Runs $EDITOR (else vi) on a private temporary copy; the edited bytes, or empty when the file was emptied. */
    private static Optional<byte[]> edit(byte[] content) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("herd-vault", PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwx------")));
        Path tmp = dir.resolve("edit");
        try {
            Files.write(tmp, content);
            String editor = Optional.ofNullable(System.getenv("EDITOR")).filter(e -> !e.isBlank()).orElse("vi");
            List<String> command = new ArrayList<>(ShellWords.split(editor));
            command.add(tmp.toString());
            int rc = new ProcessBuilder(command).inheritIO().start().waitFor();
            if (rc != 0) {
                throw new InputException(Problem.at(Position.of(editor), "the editor exited with " + rc
                        + "; nothing was written"));
            }
            byte[] edited = Files.readAllBytes(tmp);
            return edited.length == 0 ? Optional.empty() : Optional.of(edited);
        } finally {
            Files.deleteIfExists(tmp);
            Files.deleteIfExists(dir);
        }
    }

    private VaultSecrets.Secret encryptSecret(Common common) {
        VaultSecrets secrets = common.passwords.secrets(herd.config());
        if (secrets.isEmpty()) {
            throw new InputException(Problem.at(Position.of("herd vault"), "a vault password is needed to encrypt",
                    "give --vault-password-file FILE, --vault-id LABEL@SOURCE or --ask-vault-pass"));
        }
        if (common.encryptId != null) {
            return secrets.forLabel(Optional.of(common.encryptId)).orElseThrow(() -> new InputException(Problem.at(
                    Position.of("--encrypt-vault-id"), "no vault password has the vault id " + common.encryptId)));
        }
        if (secrets.secrets().stream().map(VaultSecrets.Secret::label).distinct().count() > 1) {
            throw new InputException(Problem.at(Position.of("herd vault"), "several vault ids are given: choose the one"
                    + " to encrypt with", "add --encrypt-vault-id LABEL"));
        }
        return secrets.secrets().getFirst();
    }

    private VaultSecrets.Secret newSecret(Path file, String id) {
        if (file == null && id == null) {
            throw new InputException(Problem.at(Position.of("herd vault rekey"), "rekey needs the new password",
                    "give --new-vault-password-file FILE or --new-vault-id LABEL@SOURCE"));
        }
        String label = "default";
        Path source = file;
        if (id != null) {
            int at = id.indexOf('@');
            label = at > 0 ? id.substring(0, at) : "default";
            source = Path.of(at > 0 ? id.substring(at + 1) : id);
        }
        return new VaultSecrets.Secret(label, VaultOptions.read(source, label), source.toString());
    }

    private static List<Path> orStdin(List<Path> files) {
        return files == null || files.isEmpty() ? List.of(Path.of("-")) : files;
    }

    private static byte[] input(Path file) throws IOException {
        return file.toString().equals("-") ? System.in.readAllBytes() : Files.readAllBytes(file);
    }

    private static byte[] plain(VaultSecrets secrets, Path file) throws IOException {
        byte[] bytes = input(file);
        if (!VaultText.isVault(bytes)) {
            throw problem(file, "input is not vault encrypted data");
        }
        try {
            return secrets.decrypt(new String(bytes, StandardCharsets.US_ASCII));
        } catch (VaultException e) {
            throw problem(file, "cannot decrypt: " + e.getMessage());
        }
    }

    private void output(Common common, Path file, byte[] bytes) throws IOException {
        Path target = common.output != null ? common.output : file;
        if (target.toString().equals("-")) {
            System.out.write(bytes);
            System.out.flush();
        } else {
            write(target, bytes);
        }
    }

    /** Replaces a file through a temporary one beside it, keeping its permissions (0600 for a new one). */
    private static void write(Path file, byte[] bytes) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        Path tmp = Files.createTempFile(parent, "." + file.getFileName(), ".herd");
        try {
            Files.write(tmp, bytes);
            Files.setPosixFilePermissions(tmp, Files.exists(file) ? Files.getPosixFilePermissions(file)
                    : PosixFilePermissions.fromString("rw-------"));
            Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static InputException problem(Path file, String message) {
        return new InputException(Problem.at(Position.of(file.toString()), message));
    }
}
