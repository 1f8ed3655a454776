package herd.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code ansible-playbook} as the issue describes it: pipelining on, ControlMaster with ControlPersist,
 * forks = hosts, no facts, host keys checked; with {@code mitogen}, the same under Mitogen's
 * {@code mitogen_linear} strategy (Debian's ansible-mitogen). Clean means exit 0 and ok == steps for
 * every host in the PLAY RECAP.
 */
final class AnsibleContender implements Contender {
    private static final Pattern RECAP = Pattern.compile("^(\\S+)\\s*:\\s*ok=(\\d+)\\s", Pattern.MULTILINE);
    /** Where Debian's ansible-mitogen installs its strategy plugins. */
    static final Path MITOGEN_STRATEGIES = Path.of("/usr/lib/python3/dist-packages/ansible_mitogen/plugins/strategy");

    private final boolean mitogen;

    AnsibleContender(boolean mitogen) {
        this.mitogen = mitogen;
    }

    @Override
    public Tool tool() {
        return mitogen ? Tool.MITOGEN : Tool.ANSIBLE;
    }

    @Override
    public Measurement run(Workload workload, Cluster cluster, int round) throws IOException, InterruptedException {
        Path dir = cluster.dir();
        String tag = tool().label() + "-r" + round;
        try (ControlSockets sockets = ControlSockets.fresh("hb-cp-")) {
            String cfgText = config(workload.forks().get(tool()), cluster, sockets.dir());
            if (mitogen) {
                cfgText = cfgText.replace("[defaults]\n", "[defaults]\nstrategy_plugins = " + MITOGEN_STRATEGIES
                        + "\nstrategy = mitogen_linear\n");
            }
            Path cfg = Files.writeString(dir.resolve(tag + ".cfg"), cfgText);
            Map<String, String> env = Map.of("ANSIBLE_CONFIG", cfg.toString(), "ANSIBLE_NOCOLOR", "1");
            Path timed = dir.resolve(tag + ".time");
            Proc.Result r = Proc.run(Timed.wrap(timed, List.of("ansible-playbook", "-i", cluster.inventory().toString(),
                            cluster.playbook().toString())), dir, env, dir.resolve(tag + ".out"),
                    dir.resolve(tag + ".err"), Proc.TIMEOUT);
            int errors = Recap.errors(cluster.hostNames(), workload.steps(), okCounts(r.stdout()));
            String problem = "";
            if (r.timedOut()) {
                problem = "killed after " + Proc.TIMEOUT.toMinutes() + " min";
            } else if (r.exit() != 0) {
                problem = "exit " + r.exit() + "\n" + r.tail();
            }
            if (!problem.isEmpty() && errors == 0) {
                errors = cluster.hostNames().size() * workload.steps();
            }
            return new Measurement(tool(), round, r.nanos(), errors, Timed.read(timed), problem);
        }
    }

    static String config(int forks, Cluster cluster, Path controlDir) {
        return "[defaults]\n"
                + "forks = " + forks + "\n"
                + "host_key_checking = True\n"
                + "gathering = explicit\n"
                + "interpreter_python = /usr/bin/python3\n"
                + "retry_files_enabled = False\n"
                + "\n"
                + "[ssh_connection]\n"
                + "pipelining = True\n"
                + "ssh_args = -o ControlMaster=auto -o ControlPersist=60s -o UserKnownHostsFile="
                + cluster.knownHosts() + " -o IdentitiesOnly=yes\n"
                + "control_path_dir = " + controlDir + "\n";
    }

    private static Map<String, Integer> okCounts(Path stdout) throws IOException {
        Map<String, Integer> ok = new HashMap<>();
        String text = Files.readString(stdout);
        int recap = text.lastIndexOf("PLAY RECAP");
        if (recap < 0) {
            return ok;
        }
        Matcher m = RECAP.matcher(text.substring(recap));
        while (m.find()) {
            ok.put(m.group(1), Integer.parseInt(m.group(2)));
        }
        return ok;
    }
}
