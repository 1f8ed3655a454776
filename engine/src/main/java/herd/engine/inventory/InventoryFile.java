package herd.engine.inventory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import herd.engine.load.Position;
import herd.engine.load.Problem;

/**
 * One inventory file, read in the format Ansible would pick with its default plugins (script, auto,
 * yaml, ini, in that order): a file with no extension or {@code .yml}, {@code .yaml}, {@code .json}
 * is read as YAML when it is a YAML mapping, and as INI otherwise; any other file is INI.
 */
final class InventoryFile {
    private static final List<String> YAML_EXTENSIONS = List.of(".yml", ".yaml", ".json");

    private InventoryFile() {
    }

    static void read(Path file, InventoryBuilder builder) {
        if (isScript(file)) {
            builder.problems().add(Problem.at(new Position(file, 1, 1), "herd does not run inventory scripts",
                    "save the hosts in Ansible's YAML or INI format, or remove the execute permission if it is not a script"));
            return;
        }
        String ext = Inventories.extension(file.getFileName().toString());
        boolean yamlCandidate = ext.isEmpty() || YAML_EXTENSIONS.contains(ext);
        Optional<List<Problem>> yamlDeclined = Optional.empty();
        if (yamlCandidate) {
            yamlDeclined = YamlInventory.read(file, builder);
            if (yamlDeclined.isEmpty()) {
                return;
            }
        }
        List<String> lines;
        try {
            byte[] bytes = herd.engine.load.InputFiles.read(file);
            lines = new String(herd.engine.vault.Vault.decrypted(bytes), java.nio.charset.StandardCharsets.UTF_8)
                    .lines().toList();
            if (herd.engine.vault.VaultText.isVault(bytes)) {
                // every value of a vault inventory is a secret
                for (String line : lines) {
                    for (String word : line.split("\\s+")) {
                        int eq = word.indexOf('=');
                        if (eq > 0) {
                            herd.engine.vault.Secrets.add(word.substring(eq + 1).replaceAll("^[\"']|[\"']$", ""));
                        }
                    }
                }
            }
        } catch (herd.engine.vault.VaultException e) {
            builder.problems().add(Problem.at(new herd.engine.load.Position(file, 1, 1), "cannot decrypt the vault file: "
                    + e.getMessage()));
            return;
        } catch (CharacterCodingException e) {
            builder.problems().add(Problem.at(Position.of(file.toString()), "the file is not UTF-8 text"));
            return;
        } catch (herd.engine.load.InputFiles.TooLarge e) {
            builder.problems().add(Problem.at(new Position(file, 1, 1), e.getMessage()));
            return;
        } catch (IOException e) {
            builder.problems().add(Problem.at(Position.of(file.toString()), "cannot read the file: " + e.getMessage()));
            return;
        }
        List<Problem> iniProblems = IniInventory.read(file, lines, builder);
        if (iniProblems.isEmpty()) {
            return;
        }
        // Neither reader took the file: the problems of the format its name claims are the ones that help.
        builder.problems().addAll(YAML_EXTENSIONS.contains(ext) ? yamlDeclined.orElseThrow() : iniProblems);
    }

    /** Ansible's script plugin takes an executable file that starts with #!; herd does not run it. */
    private static boolean isScript(Path file) {
        if (!Files.isExecutable(file)) {
            return false;
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] start = in.readNBytes(2);
            return start.length == 2 && start[0] == '#' && start[1] == '!';
        } catch (IOException e) {
            return false;
        }
    }
}
