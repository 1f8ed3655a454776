package herd.engine.inventory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import herd.engine.load.InputException;
import herd.engine.load.Position;
import herd.engine.load.Problem;

/**
 * Loads the inventory sources given with -i, as Ansible's inventory manager does: each source is
 * a file (YAML or INI), a folder (every file in it, sub-folders too, in sorted order, except hidden
 * files, {@code group_vars}/{@code host_vars} and the extensions Ansible ignores), or a comma-separated
 * host list. Later sources add hosts and groups and override variables. Then the variables of the
 * {@code group_vars/} and {@code host_vars/} folders beside each source (and beside the playbook)
 * are merged with Ansible's precedence (listed in the README, section Inventory).
 */
public final class Inventories {
    /** Ansible's INVENTORY_IGNORE_EXTS (its REJECT_EXTS plus .orig, .ini, .cfg, .retry) and what it always skips. */
    private static final Pattern IGNORED = Pattern.compile(
            "^\\.|^host_vars$|^group_vars$|^vars_plugins$|(?:\\.pyc|\\.pyo|\\.swp|\\.bak|~|\\.rpm|\\.md|\\.txt|\\.rst"
                    + "|\\.orig|\\.ini|\\.cfg|\\.retry)$");

    /** Names in the order Python sorts them as bytes. */
    static final Comparator<Path> BY_NAME = (a, b) -> Arrays.compareUnsigned(
            a.getFileName().toString().getBytes(StandardCharsets.UTF_8), b.getFileName().toString().getBytes(StandardCharsets.UTF_8));

    private Inventories() {
    }

    /** Loads the sources with no playbook folder: only the group_vars/ and host_vars/ beside the sources apply. */
    public static Inventory load(List<Path> sources) {
        return load(sources, Optional.empty());
    }

    /**
     * Loads the sources in order into one inventory. {@code playbookDir}'s group_vars/ and host_vars/
     * apply above those of the sources, as Ansible's playbook-adjacent variables do.
     *
     * @throws InputException with every problem found, each with its file, line and column
     */
    public static Inventory load(List<Path> sources, Optional<Path> playbookDir) {
        if (sources.isEmpty()) {
            throw new InputException(Problem.at(Position.of("-i"), "no inventory given",
                    "pass one with -i, e.g. -i inventories/demo.yml"));
        }
        List<Problem> problems = new ArrayList<>();
        InventoryBuilder builder = new InventoryBuilder(new Position(sources.getFirst(), 0, 0), problems);
        List<VarsDirectory> varsDirs = new ArrayList<>();
        for (Path source : sources) {
            if (!Files.exists(source) && source.toString().contains(",")) {
                hostList(source.toString(), builder);
                continue;
            }
            if (!Files.exists(source)) {
                problems.add(Problem.at(Position.of(source.toString()), "inventory not found",
                        "give a file, a folder or a comma-separated list of hosts with -i"));
                continue;
            }
            readSource(source, builder);
            Path parent = source.getParent();
            Path dir = Files.isDirectory(source) ? source : parent == null ? Path.of("") : parent;
            varsDirs.add(new VarsDirectory(dir, problems));
        }
        if (!problems.isEmpty()) {
            throw new InputException(problems);
        }
        builder.reconcile();
        Optional<VarsDirectory> playbookVars = playbookDir.map(dir -> new VarsDirectory(dir, problems));
        Inventory inventory = InventoryAssembly.build(builder, varsDirs, playbookVars);
        if (!problems.isEmpty()) {
            throw new InputException(problems);
        }
        return inventory;
    }

    private static void readSource(Path source, InventoryBuilder builder) {
        if (!Files.isDirectory(source)) {
            InventoryFile.read(source, builder);
            return;
        }
        List<Path> entries;
        try (Stream<Path> list = Files.list(source)) {
            entries = list.sorted(BY_NAME).toList();
        } catch (IOException e) {
            builder.problems().add(Problem.at(Position.of(source.toString()), "cannot read the folder: " + e.getMessage()));
            return;
        }
        for (Path entry : entries) {
            if (!IGNORED.matcher(entry.getFileName().toString()).find()) {
                readSource(entry, builder);
            }
        }
    }

    /** Ansible's host_list plugin: {@code -i 'web1,web2:2222,'} names ungrouped hosts. */
    private static void hostList(String list, InventoryBuilder builder) {
        Position at = Position.of("-i " + list);
        InventoryBuilder.GroupDraft ungrouped = builder.group(InventoryBuilder.UNGROUPED, at);
        for (String item : list.split(",")) {
            String text = item.strip();
            if (text.isEmpty()) {
                continue;
            }
            HostRange.Expansion host = HostRange.plain(text);
            builder.host(host.hosts().getFirst(), at, ungrouped, host.port());
        }
    }

    /** Python's {@code os.path.splitext} extension: from the last dot, leading dots not counting. */
    static String extension(String name) {
        int start = 0;
        while (start < name.length() && name.charAt(start) == '.') {
            start++;
        }
        int dot = name.lastIndexOf('.');
        return dot > start ? name.substring(dot) : "";
    }
}
