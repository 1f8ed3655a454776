package herd.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import herd.engine.inventory.Inventory;
import herd.engine.inventory.YamlInventory;
import herd.engine.playbook.PlaybookLoader;

/** Every file in inventories/ and playbooks/ loads, so the examples never rot. */
class ExamplesTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    private static List<Path> files(String folder) throws IOException {
        try (Stream<Path> s = Files.list(ROOT.resolve(folder))) {
            return s.filter(p -> p.toString().endsWith(".yml") || p.toString().endsWith(".yaml")).sorted().toList();
        }
    }

    @TestFactory
    Stream<DynamicTest> everyInventoryLoads() throws IOException {
        List<Path> files = files("inventories");
        assertFalse(files.isEmpty());
        return files.stream().map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> {
            Inventory inventory = YamlInventory.load(f);
            assertFalse(inventory.hosts().isEmpty(), f + " has no hosts");
        }));
    }

    @TestFactory
    Stream<DynamicTest> everyPlaybookLoads() throws IOException {
        List<Path> files = files("playbooks");
        assertFalse(files.isEmpty());
        return files.stream().map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> {
            assertFalse(PlaybookLoader.load(f).plays().isEmpty(), f + " has no plays");
        }));
    }

    @Test
    void theReadmeDemoRuns() {
        CliRun r = CliRun.of("run", ROOT.resolve("playbooks/demo.yml").toString(),
                "-i", ROOT.resolve("inventories/demo.yml").toString(), "-e", "buildout=" + dir);
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.out().contains("demo-app2 : ok=4"), r::toString);
        assertTrue(Files.exists(dir.resolve("var/client1.state")));
    }
}
