package herd.engine.inventory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import herd.engine.load.InputException;
import herd.engine.load.Position;
import herd.engine.load.Problem;

/** Loads the inventory sources given with -i. */
public final class Inventories {
    private Inventories() {
    }

    public static Inventory load(List<Path> sources) {
        if (sources.isEmpty()) {
            throw new InputException(Problem.at(Position.of("-i"), "no inventory given",
                    "pass one with -i, e.g. -i inventories/demo.yml"));
        }
        if (sources.size() > 1) {
            throw new InputException(Problem.at(Position.of(sources.get(1).toString()),
                    "herd reads one inventory per run for now", "merge the files into one, or run once per inventory"));
        }
        Path source = sources.getFirst();
        if (Files.isDirectory(source)) {
            throw new InputException(Problem.at(Position.of(source.toString()),
                    "an inventory folder is not supported yet", "pass the inventory file itself with -i"));
        }
        return YamlInventory.load(source);
    }
}
