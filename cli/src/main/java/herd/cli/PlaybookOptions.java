package herd.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import herd.engine.config.AnsibleConfig;
import herd.engine.config.Configured;
import herd.engine.load.ExtraVars;
import herd.engine.run.TagFilter;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** What every command that reads a playbook shares: the playbook, inventories, limit, extra vars and tags. */
final class PlaybookOptions {
    @Parameters(index = "0", paramLabel = "PLAYBOOK", description = "The playbook.")
    Path playbook;

    @Option(names = {"-i", "--inventory"}, paramLabel = "INVENTORY",
            description = "Inventory file or folder (Ansible INI or YAML); repeat to merge several"
                    + " (default: ANSIBLE_INVENTORY, else ansible.cfg's inventory).")
    List<Path> inventories = new ArrayList<>();

    @Option(names = {"-l", "--limit"}, paramLabel = "PATTERN", description = "Further limit the hosts with a pattern.")
    String limit;

    @Option(names = {"-e", "--extra-vars"}, paramLabel = "VARS",
            description = "Extra variables: key=value, a JSON/YAML mapping, or @file. Highest precedence.")
    List<String> extraVars = new ArrayList<>();

    @Option(names = {"-t", "--tags"}, paramLabel = "TAGS", split = ",",
            description = "Run only tasks with these tags (comma-separated; 'always' tasks run too).")
    List<String> tags = new ArrayList<>();

    @Option(names = "--skip-tags", paramLabel = "TAGS", split = ",", description = "Skip tasks with these tags.")
    List<String> skipTags = new ArrayList<>();

    List<Path> inventorySources(AnsibleConfig config) {
        return inventorySources(inventories, config);
    }

    /** The -i sources, else ANSIBLE_INVENTORY's, else ansible.cfg's inventory, as ansible-playbook does. */
    static List<Path> inventorySources(List<Path> inventories, AnsibleConfig config) {
        if (!inventories.isEmpty()) {
            return inventories;
        }
        return config.inventory().map(Configured::value).orElse(List.of());
    }

    Optional<String> limit() {
        return Optional.ofNullable(limit);
    }

    Map<String, Object> extraVars() {
        return ExtraVars.parse(extraVars);
    }

    TagFilter tagFilter() {
        return new TagFilter(tagSet(tags), tagSet(skipTags));
    }

    private static Set<String> tagSet(List<String> given) {
        return given.stream().map(String::strip).filter(t -> !t.isEmpty()).collect(Collectors.toSet());
    }
}
