package herd.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * herd reads inventories as Ansible does: for every case of {@code inventory-corpus/} (a folder with
 * an {@code args} file holding the -i options, paths relative to the folder), real
 * {@code ansible-inventory ARGS --list} and {@code herd hosts ARGS --json} must print the same JSON
 * tree (object keys in any order, lists in order), and {@code --graph --vars} the same text as
 * {@code herd hosts ARGS}, unless the case has a {@code graph-differs} file saying why.
 * Adding a case is adding a folder.
 */
class InventoryComparisonTest {
    private static final Path CORPUS = Path.of("src/test/resources/inventory-corpus").toAbsolutePath();
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path home;

    private static Path ansibleInventory;

    @BeforeAll
    static void findAnsible() {
        ansibleInventory = Stream.of(System.getenv("PATH").split(File.pathSeparator))
                .map(dir -> Path.of(dir, "ansible-inventory")).filter(Files::isExecutable).findFirst()
                .orElseGet(() -> fail("ansible-inventory is not installed: run bin/install-deps (Debian's ansible-core)"));
    }

    @TestFactory
    Stream<DynamicTest> herdReadsEveryCaseAsAnsibleDoes() throws IOException {
        List<Path> cases;
        try (Stream<Path> s = Files.list(CORPUS)) {
            cases = s.filter(Files::isDirectory).sorted().toList();
        }
        assertTrue(cases.size() >= 10, "the corpus went missing: " + cases);
        return cases.stream().flatMap(dir -> {
            List<String> args = args(dir);
            String name = dir.getFileName().toString();
            DynamicTest list = DynamicTest.dynamicTest(name + ": --json as ansible-inventory --list", () -> {
                CliRun herd = CliRun.of(with(args, "hosts", "--json"));
                assertEquals(0, herd.exitCode(), herd::toString);
                String ansible = ansible(dir, args, "--list");
                JsonNode expected = JSON.readTree(ansible);
                assertTrue(expected.valueStream().anyMatch(group -> group.has("hosts")),
                        "Ansible found no hosts in " + name + ": the case tests nothing\n" + ansible);
                assertEquals(expected, JSON.readTree(herd.out()),
                        () -> "herd and ansible-inventory differ for " + name + "\n--- ansible-inventory:\n" + ansible
                                + "\n--- herd hosts --json:\n" + herd.out());
            });
            if (Files.exists(dir.resolve("graph-differs"))) {
                return Stream.of(list);
            }
            DynamicTest graph = DynamicTest.dynamicTest(name + ": the tree as ansible-inventory --graph --vars", () -> {
                CliRun herd = CliRun.of(with(args, "hosts"));
                assertEquals(0, herd.exitCode(), herd::toString);
                assertEquals(ansible(dir, args, "--graph", "--vars"), herd.out());
            });
            return Stream.of(list, graph);
        });
    }

    private static String[] with(List<String> args, String command, String... more) {
        List<String> all = new ArrayList<>();
        all.add(command);
        all.addAll(args);
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }

    /** The words of the case's args file; a word naming a file or folder of the case becomes its absolute path. */
    private static List<String> args(Path dir) {
        try {
            List<String> words = new ArrayList<>();
            for (String word : Files.readString(dir.resolve("args")).trim().split("\\s+")) {
                Path path = dir.resolve(word);
                words.add(!word.startsWith("-") && Files.exists(path) ? path.toString() : word);
            }
            return words;
        } catch (IOException e) {
            throw new IllegalStateException(dir + " needs an args file", e);
        }
    }

    /**
     * Runs the real ansible-inventory, isolated from any ansible.cfg, ANSIBLE_ variable or home
     * folder of the machine, and failing on any source it cannot parse (instead of a warning).
     */
    private static String ansible(Path dir, List<String> args, String... action) throws IOException, InterruptedException {
        Path config = Files.writeString(home.resolve("ansible.cfg"), "");
        List<String> command = new ArrayList<>(List.of(ansibleInventory.toString()));
        command.addAll(args);
        command.addAll(List.of(action));
        ProcessBuilder builder = new ProcessBuilder(command).directory(home.toFile());
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(k -> k.startsWith("ANSIBLE_"));
        env.put("HOME", home.toString());
        env.put("ANSIBLE_CONFIG", config.toString());
        env.put("ANSIBLE_INVENTORY_UNPARSED_WARNING", "False");
        env.put("ANSIBLE_INVENTORY_ANY_UNPARSED_IS_FAILED", "True");
        env.put("ANSIBLE_DEPRECATION_WARNINGS", "False");
        env.put("ANSIBLE_LOCALHOST_WARNING", "False");
        env.put("ANSIBLE_NOCOLOR", "1");
        Path err = home.resolve("ansible.err");
        Process process = builder.redirectError(err.toFile()).start();
        process.getOutputStream().close();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        // A guard against a hung process, not a timing assertion.
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail("ansible-inventory did not finish for " + dir);
        }
        assertEquals(0, process.exitValue(), () -> "ansible-inventory failed for " + dir + ": " + command + "\n" + readQuietly(err));
        return out;
    }

    private static String readQuietly(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "";
        }
    }
}
