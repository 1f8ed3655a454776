package herd.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "herd", mixinStandardHelpOptions = true, versionProvider = HerdCommand.Version.class,
        description = "Runs Ansible-style playbooks over SSH on many hosts, in order and in parallel.",
        subcommands = {RunCommand.class, CheckCommand.class, HostsCommand.class, CommandLine.HelpCommand.class})
final class HerdCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

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
