package herd.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code ansible-playbook} as the issue describes it: pipelining on, ControlMaster with ControlPersist,
 * forks = hosts, no facts, host keys checked. Clean means exit 0 and ok == steps for every host in the
 * PLAY RECAP.
 */
final class AnsibleContender implements Contender {
    private static final Pattern RECAP = Pattern.compile("^(\\S+)\\s*:\\s*ok=(\\d+)\\s", Pattern.MULTILINE);

    @Override
    public Tool tool() {
        return Tool.ANSIBLE;
    }

    @Override
    public Measurement run(Workload workload, Cluster cluster, int round) throws IOException, InterruptedException {
        Path dir = cluster.dir();
        String tag = "ansible-r" + round;
        try (ControlSockets sockets = ControlSockets.fresh("hb-cp-")) {
            Path cfg = Files.writeString(dir.resolve(tag + ".cfg"),
                    config(workload.forks().get(Tool.ANSIBLE), cluster, sockets.dir()));
            Map<String, String> env = Map.of("ANSIBLE_CONFIG", cfg.toString(), "ANSIBLE_NOCOLOR", "1");
            Proc.Result r = Proc.run(List.of("ansible-playbook", "-i", cluster.inventory().toString(),
                            cluster.playbook().toString()), dir, env, dir.resolve(tag + ".out"),
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
            return new Measurement(tool(), round, r.nanos(), errors, OptionalLong.empty(), problem);
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
