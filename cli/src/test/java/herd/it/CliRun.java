package herd.it;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import herd.cli.Cli;
import herd.engine.config.AnsibleConfigLoader;

/** Runs the herd command line in-process and captures what it printed. */
public record CliRun(int exitCode, String out, String err) {

    /** Isolated from this machine's Ansible configuration: no ANSIBLE_ variable, ~/.ansible.cfg or /etc/ansible. */
    public static CliRun of(String... args) {
        return with(isolated(Path.of(System.getProperty("user.dir"))), args);
    }

    /** The configuration herd finds when started in {@code cwd}, and none of this machine's. */
    public static AnsibleConfigLoader isolated(Path cwd) {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.keySet().removeIf(name -> name.startsWith("ANSIBLE_"));
        return new AnsibleConfigLoader(env, cwd, Path.of("/nonexistent/home"), Path.of("/nonexistent/ansible.cfg"));
    }

    /** With the ansible.cfg and ANSIBLE_* variables this loader finds, instead of this process's. */
    public static CliRun with(AnsibleConfigLoader config, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            code = Cli.execute(config, o, e, args);
        }
        return new CliRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "exit " + exitCode + "\n--- out:\n" + out + "\n--- err:\n" + err;
    }
}
