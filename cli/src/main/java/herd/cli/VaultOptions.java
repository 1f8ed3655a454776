package herd.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import herd.engine.config.AnsibleConfig;
import herd.engine.load.InputException;
import herd.engine.load.Position;
import herd.engine.load.Problem;
import herd.engine.vault.Secrets;
import herd.engine.vault.VaultSecrets;
import picocli.CommandLine.Option;

/**
 * Where vault passwords come from, as ansible-playbook takes them: {@code --vault-id LABEL@SOURCE}
 * (repeatable) and ansible.cfg's {@code vault_identity_list} first, then {@code --vault-password-file}
 * and {@code vault_password_file} / {@code ANSIBLE_VAULT_PASSWORD_FILE}, then {@code --ask-vault-pass}.
 * A source is {@code prompt} (the terminal), an executable (its standard output; a
 * {@code *-client} script is given {@code --vault-id LABEL}) or a file (its text, stripped).
 */
final class VaultOptions {
    @Option(names = "--vault-id", paramLabel = "LABEL@SOURCE",
            description = "A vault password: LABEL@FILE, LABEL@SCRIPT or LABEL@prompt (repeatable).")
    List<String> vaultIds = new ArrayList<>();

    @Option(names = {"--vault-password-file", "--vault-pass-file"}, paramLabel = "FILE",
            description = "A file holding the vault password, or a script printing it (repeatable).")
    List<Path> passwordFiles = new ArrayList<>();

    @Option(names = {"-J", "--ask-vault-pass", "--ask-vault-password"},
            description = "Ask for the vault password on the terminal.")
    boolean ask;

    /** The passwords, read now; every one is also a secret that output never shows. */
    VaultSecrets secrets(AnsibleConfig config) {
        Secrets.reset();
        List<String> ids = new ArrayList<>(vaultIds);
        config.vaultIdentityList().ifPresent(list -> ids.addAll(list.value()));
        List<Path> files = new ArrayList<>(passwordFiles);
        config.vaultPasswordFile().map(c -> c.value()).filter(f -> !files.contains(f)).ifPresent(files::add);
        files.forEach(f -> ids.add("default@" + f));
        if (ask) {
            ids.add("default@prompt");
        }
        List<VaultSecrets.Secret> out = new ArrayList<>();
        for (String id : ids) {
            int at = id.indexOf('@');
            String label = at > 0 ? id.substring(0, at) : "default";
            String source = at > 0 ? id.substring(at + 1) : id;
            byte[] password = source.equals("prompt") ? prompt(label) : read(Path.of(source), label);
            Secrets.add(new String(password, StandardCharsets.UTF_8));
            out.add(new VaultSecrets.Secret(label, password, source.equals("prompt") ? "the password typed for "
                    + label : source));
        }
        return new VaultSecrets(out);
    }

    private static byte[] prompt(String label) {
        if (!Terminal.isInteractive()) {
            throw new InputException(Problem.at(Position.of("--ask-vault-pass"), "asking for the vault password"
                    + " needs a terminal", "give it with --vault-password-file FILE or --vault-id LABEL@FILE"));
        }
        char[] typed = System.console().readPassword(label.equals("default") ? "Vault password: "
                : "Vault password (" + label + "): ");
        if (typed == null || typed.length == 0) {
            throw new InputException(Problem.at(Position.of("--ask-vault-pass"), "no vault password was typed"));
        }
        return new String(typed).getBytes(StandardCharsets.UTF_8);
    }

    /** A password file's text, or an executable's output, as Ansible reads them. */
    static byte[] read(Path file, String label) {
        Position where = Position.of(file.toString());
        if (!Files.isRegularFile(file)) {
            throw new InputException(Problem.at(where, "the vault password file does not exist"));
        }
        try {
            if (Files.isExecutable(file)) {
                List<String> command = new ArrayList<>(List.of(file.toAbsolutePath().toString()));
                String name = file.getFileName().toString().replaceFirst("\\.[^.]*$", "");
                if (name.endsWith("-client")) {
                    command.addAll(List.of("--vault-id", label));
                }
                Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
                p.getOutputStream().close();
                byte[] out = p.getInputStream().readAllBytes();
                if (!p.waitFor(60, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new InputException(Problem.at(where, "the vault password script did not finish in 60 s"));
                }
                if (p.exitValue() != 0) {
                    throw new InputException(Problem.at(where, "the vault password script exited with " + p.exitValue()));
                }
                return nonEmpty(strip(out, true), where);
            }
            return nonEmpty(strip(Files.readAllBytes(file), false), where);
        } catch (IOException e) {
            throw new InputException(Problem.at(where, "cannot read the vault password file: " + e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InputException(Problem.at(where, "interrupted while the vault password script ran"));
        }
    }

    private static byte[] nonEmpty(byte[] password, Position where) {
        if (password.length == 0) {
            throw new InputException(Problem.at(where, "the vault password is empty"));
        }
        return password;
    }

    /** A script's output loses its line ends; a file's text all surrounding white space, as in Ansible. */
    private static byte[] strip(byte[] bytes, boolean lineEndsOnly) {
        int start = 0;
        int end = bytes.length;
        while (start < end && (lineEndsOnly ? bytes[start] == '\n' || bytes[start] == '\r'
                : Character.isWhitespace(bytes[start]))) {
            start++;
        }
        while (end > start && (lineEndsOnly ? bytes[end - 1] == '\n' || bytes[end - 1] == '\r'
                : Character.isWhitespace(bytes[end - 1]))) {
            end--;
        }
        return Arrays.copyOfRange(bytes, start, end);
    }
}
