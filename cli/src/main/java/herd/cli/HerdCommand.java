package herd.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

import herd.engine.config.AnsibleConfig;
import herd.engine.config.AnsibleConfigLoader;

import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "herd", mixinStandardHelpOptions = true, versionProvider = HerdCommand.Version.class,
        description = "Runs Ansible-style playbooks over SSH on many hosts, in order and in parallel.",
        subcommands = {RunCommand.class, CheckCommand.class, HostsCommand.class, ConfigCommand.class, VaultCommand.class,
                CommandLine.HelpCommand.class})
final class HerdCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private final AnsibleConfigLoader loader;
    private AnsibleConfig config;

    HerdCommand(AnsibleConfigLoader loader) {
        this.loader = loader;
    }

    /** The ansible.cfg settings, read once; warnings about how the file was found go to stderr. */
    AnsibleConfig config() {
        if (config == null) {
            config = loader.load();
            config.warnings().forEach(w -> spec.commandLine().getErr().println("[WARNING]: " + w));
            spec.commandLine().getErr().flush();
        }
        return config;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() throws IOException {
            Properties p = new Properties();
            try (InputStream in = HerdCommand.class.getResourceAsStream("version.properties")) {
                if (in != null) {
                    p.load(in);
                }
            }
            return new String[] {"herd " + p.getProperty("version", "unknown"),
                    "Java " + Runtime.version() + " (" + System.getProperty("java.vendor") + ")"};
        }
    }
}
