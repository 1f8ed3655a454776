package herd.engine.inventory;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Timeout;

import com.code_intelligence.jazzer.junit.FuzzTest;

import herd.engine.load.FuzzInput;
import java.util.List;

import herd.engine.load.InputException;

/**
 * Fuzzes the inventory readers through {@link Inventories#load}: a {@code .yml} file (YAML, then INI
 * when the YAML reader declines it) and a {@code .ini} file (INI only). Any file gives an inventory or
 * an {@link InputException} whose problems say where.
 */
class InventoryFuzzTest {

    @FuzzTest
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void yamlInventory(byte[] data) {
        load(data, "hosts.yml");
    }

    @FuzzTest
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void iniInventory(byte[] data) {
        load(data, "hosts.ini");
    }

    private static void load(byte[] data, String name) {
        if (!FuzzInput.fits(data)) {
            return;
        }
        try {
            Inventory inventory = Inventories.load(List.of(FuzzInput.file("inventory-" + name, name, data)));
            HostPattern.parse("all").select(inventory);
        } catch (InputException e) {
            FuzzInput.assertPositioned(e);
        }
    }
}
