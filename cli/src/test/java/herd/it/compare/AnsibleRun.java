package herd.it.compare;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Runs Debian's ansible-playbook (ansible-core 2.14) in isolation: its own ansible.cfg, HOME and
 * temporary folders, host keys checked against the given known_hosts, Ansible's default (implicit)
 * fact gathering as herd's, pipelining, and herd's own {@code herd_compare} stdout callback, so
 * nothing of the machine's Ansible setup leaks in.
 */
public final class AnsibleRun {
    public static final Path ANSIBLE_PLAYBOOK = Path.of("/usr/bin/ansible-playbook");
    private static final long TIMEOUT_SECONDS = 180;

    /** herd's own stdout callback (needs nothing beyond ansible-core): see the file's own comment. */
    private static final String CALLBACK = "/ansible/herd_compare.py";

    private final Path dir;
    private final Path config;

    /** Writes ansible.cfg and the callback into {@code dir}; host keys are checked against {@code knownHosts}. */
    public AnsibleRun(Path dir, Path knownHosts) {
        this.dir = dir;
        this.config = dir.resolve("ansible.cfg");
        try {
            Files.createDirectories(dir.resolve("callback_plugins"));
            Files.createDirectories(dir.resolve("home"));
            Files.createDirectories(dir.resolve("local_tmp"));
            Files.createDirectories(dir.resolve("cp"));
            try (InputStream in = AnsibleRun.class.getResourceAsStream(CALLBACK)) {
                Files.copy(Objects.requireNonNull(in, CALLBACK), dir.resolve("callback_plugins/herd_compare.py"));
            }
            Files.writeString(config, """
                    [defaults]
                    host_key_checking = True
                    retry_files_enabled = False
                    interpreter_python = /usr/bin/python3
                    stdout_callback = herd_compare
                    callback_plugins = %1$s/callback_plugins
                    callbacks_enabled =
                    local_tmp = %1$s/local_tmp
                    remote_tmp = /tmp/.ansible-compare
                    forks = 10
                    timeout = 10
                    deprecation_warnings = False

                    [ssh_connection]
                    pipelining = True
                    control_path_dir = %1$s/cp
                    ssh_args = -o ControlMaster=auto -o ControlPersist=30s -o UserKnownHostsFile=%2$s -o StrictHostKeyChecking=yes -o IdentitiesOnly=yes
                    """.formatted(dir.toAbsolutePath(), knownHosts.toAbsolutePath()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Fails (never skips) when ansible-playbook is not installed: the suite is pointless without it. */
    public static void requireInstalled() {
        if (!Files.isExecutable(ANSIBLE_PLAYBOOK)) {
            throw new IllegalStateException(ANSIBLE_PLAYBOOK + " is missing: the comparison with Ansible needs Debian's"
                    + " ansible-core 2.14. Install it with: bin/install-deps");
        }
    }

    /** The result of one run: the exit code, the JSON the callback printed, and the raw output. */
    public record Result(int exitCode, JsonNode report, String stdout, String stderr) {
        public Observed observed() {
            return AnsibleReport.parse(exitCode, report);
        }
    }

    /** Runs the playbook; {@code out} receives stdout.json and stderr.txt for a person to read. */
    public Result run(Path playbook, Path inventory, List<String> args, Path out) throws IOException, InterruptedException {
        Files.createDirectories(out);
        List<String> command = new ArrayList<>(List.of(ANSIBLE_PLAYBOOK.toString(), "-i", inventory.toString()));
        command.addAll(args);
        command.add(playbook.toString());
        ProcessBuilder pb = new ProcessBuilder(command)
                .redirectOutput(out.resolve("ansible.stdout.json").toFile())
                .redirectError(out.resolve("ansible.stderr.txt").toFile());
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("ANSIBLE_"));
        env.put("ANSIBLE_CONFIG", config.toString());
        env.put("ANSIBLE_NOCOLOR", "1");
        env.put("ANSIBLE_LOCAL_TEMP", dir.resolve("local_tmp").toString());
        env.put("ANSIBLE_REMOTE_TEMP", "/tmp/.ansible-compare");
        env.put("HOME", dir.resolve("home").toString());
        Process p = pb.start();
        p.getOutputStream().close();
        if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
            throw new IllegalStateException("ansible-playbook did not finish within " + TIMEOUT_SECONDS + " s: " + command);
        }
        String stdout = Files.readString(out.resolve("ansible.stdout.json"));
        String stderr = Files.readString(out.resolve("ansible.stderr.txt"));
        JsonNode report;
        try {
            report = new ObjectMapper().readTree(stdout.substring(Math.max(0, stdout.indexOf('{'))));
        } catch (IOException e) {
            throw new IllegalStateException("ansible-playbook (exit " + p.exitValue() + ") printed no JSON report:\n"
                    + stdout + "\n" + stderr, e);
        }
        if (report == null || !report.has("plays")) {
            throw new IllegalStateException("ansible-playbook (exit " + p.exitValue() + ") printed no JSON report:\n"
                    + stdout + "\n" + stderr);
        }
        return new Result(p.exitValue(), report, stdout, stderr);
    }
}
