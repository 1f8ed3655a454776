package herd.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

import herd.engine.vault.Secrets;
import herd.engine.vault.Vault;
import herd.engine.inventory.Inventories;
import herd.engine.inventory.Inventory;
import herd.engine.inventory.InventoryGraph;
import herd.engine.inventory.InventoryListing;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "hosts", mixinStandardHelpOptions = true,
        description = {"Show the hosts, groups and variables of an inventory as herd reads it.",
                "Without --json, a tree as 'ansible-inventory --graph --vars' draws it; with --json, the output of "
                        + "'ansible-inventory --list'. A PATTERN keeps only the hosts it selects."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the inventory was read", "1:an unexpected error", "4:the inventory could not be read",
                "5:bad command-line options"})
final class HostsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @ParentCommand
    HerdCommand herd;

    @Parameters(index = "0", arity = "0..1", paramLabel = "PATTERN", description = "Only the hosts this pattern selects.")
    String pattern;

    @Option(names = {"-i", "--inventory"}, paramLabel = "INVENTORY",
            description = "Inventory file, folder or host list (YAML or INI); repeat to merge several"
                    + " (default: ANSIBLE_INVENTORY, else ansible.cfg's inventory).")
    List<Path> inventories = new ArrayList<>();

    @Option(names = "--playbook-dir", paramLabel = "DIR",
            description = "Also apply DIR/group_vars and DIR/host_vars, as for a playbook in DIR.")
    Path playbookDir;

    @Option(names = "--json", description = "Print JSON in the shape of 'ansible-inventory --list'.")
    boolean json;

    @Mixin
    Verbose verbose;

    @Mixin
    VaultOptions vault;

    @Override
    public Integer call() {
        Vault.use(vault.secrets(herd.config()));
        Inventory inventory = Inventories.load(PlaybookOptions.inventorySources(inventories, herd.config()),
                Optional.ofNullable(playbookDir));
        Optional<String> only = Optional.ofNullable(pattern);
        String text = json ? InventoryListing.json(inventory, only) + "\n" : InventoryGraph.text(inventory, only);
        // vault values are secrets: shown masked, never in clear
        spec.commandLine().getOut().print(Secrets.mask(text));
        spec.commandLine().getOut().flush();
        return 0;
    }
}
