package herd.engine.module.builtin;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import herd.engine.module.ModuleCall;
import herd.engine.module.ModuleSpec;
import herd.engine.module.Outcome;
import herd.engine.module.Trait;
import herd.engine.transport.ExecResult;
import herd.engine.transport.UnreachableException;

/**
 * ansible.builtin.service_facts on hosts without systemd: {@code ansible_facts.services} from
 * {@code service --status-all} (sysv: {@code [ + ]} running, {@code [ - ]} stopped) and from upstart's
 * {@code initctl list}, with Ansible's choice of tools, in one command. Hosts that run systemd, and
 * those with chkconfig or OpenRC, are not read yet: they report no services.
 */
public final class ServiceFacts extends Builtin {
    private static final ModuleSpec SPEC = ModuleSpec.of("service_facts", "ansible.builtin");
    private static final String SECTION = "@@herd-service-facts ";
    /** Finds the tools where Ansible's get_bin_path looks (PATH and the sbin folders), then asks them. */
    static final String SCRIPT = "PATH=\"$PATH:/sbin:/usr/sbin:/usr/local/sbin\"; export LANG=C LC_ALL=C; "
            + "w() { command -v \"$1\" 2>/dev/null; }; s=$(w service); c=$(w chkconfig); i=$(w initctl); r=$(w rc-status); "
            + "if [ -n \"$s\" ] && [ -z \"$c\" ] && [ -z \"$r\" ]; then "
            + "out=$(\"$s\" --status-all 2>/dev/null); rc=$?; [ -d /etc/init.d ] && d=1 || d=0; "
            + "printf '" + SECTION + "sysv %s %s\\n%s\\n' \"$rc\" \"$d\" \"$out\"; fi; "
            + "if [ -n \"$i\" ] && [ -z \"$c\" ]; then out=$(\"$i\" list 2>/dev/null); rc=$?; "
            + "printf '" + SECTION + "upstart %s 1\\n%s\\n' \"$rc\" \"$out\"; fi; exit 0";
    private static final Pattern SYSV = Pattern.compile("^\\s*\\[ (?<state>[+-]) \\]\\s+(?<name>.+)$", Pattern.MULTILINE);
    private static final Pattern UPSTART = Pattern.compile(
            "^\\s?(?<name>.*)\\s(?<goal>\\w+)/(?<state>\\w+)(,\\sprocess\\s(?<pid>[0-9]+))?\\s*$");

    public ServiceFacts() {
        super(SPEC, Trait.CHECK_MODE);
    }

    @Override
    public Set<String> sets(Map<String, Object> args) {
        return Set.of("ansible_facts", "services");
    }

    @Override
    public Outcome run(ModuleCall call) throws UnreachableException {
        ExecResult result = call.target().sh(SCRIPT);
        if (result.rc() != 0) {
            return Outcome.failed("service_facts could not list the services (rc " + result.rc() + "): "
                    + result.stderr().strip());
        }
        List<String> warnings = new ArrayList<>();
        Map<String, Object> services = parse(result.stdout(), warnings);
        Map<String, Object> fields = new LinkedHashMap<>();
        if (services.isEmpty()) {
            fields.put("skipped", true);
            fields.put("msg", "Failed to find any services. This can be due to privileges or some other configuration issue.");
        } else {
            fields.put("ansible_facts", Map.of("services", services));
        }
        fields.put("changed", false);
        if (!warnings.isEmpty()) {
            fields.put("warnings", warnings);
        }
        Outcome outcome = Outcome.fromResult(fields);
        return services.isEmpty() ? outcome.withStatus(herd.engine.event.Status.SKIPPED, outcome.message()) : outcome;
    }

    /** The services the script's sections list, by name. */
    public static Map<String, Object> parse(String out, List<String> warnings) {
        Map<String, Object> services = new LinkedHashMap<>();
        String[] sections = out.split("(?m)^" + Pattern.quote(SECTION));
        for (String section : sections) {
            int nl = section.indexOf('\n');
            if (nl < 0 || section.isBlank()) {
                continue;
            }
            String[] head = section.substring(0, nl).split(" ");
            String body = section.substring(nl + 1);
            if (head.length < 3) {
                continue;
            }
            String kind = head[0];
            int rc = Integer.parseInt(head[1]);
            if (kind.equals("sysv")) {
                if (rc == 4 && head[2].equals("0")) {
                    continue;
                }
                if (rc != 0) {
                    warnings.add("Unable to query 'service' tool (" + rc + ")");
                }
                Matcher m = SYSV.matcher(body);
                while (m.find()) {
                    String name = m.group("name");
                    Map<String, Object> s = new LinkedHashMap<>();
                    s.put("name", name);
                    s.put("state", m.group("state").equals("+") ? "running" : "stopped");
                    s.put("source", "sysv");
                    services.put(name, s);
                }
            } else if (kind.equals("upstart")) {
                if (rc != 0) {
                    warnings.add("Unable to query upstart for service data");
                    continue;
                }
                for (String line : body.replace("\r", "").split("\n")) {
                    Matcher m = UPSTART.matcher(line);
                    if (!m.matches()) {
                        continue;
                    }
                    Map<String, Object> s = new LinkedHashMap<>();
                    s.put("name", m.group("name"));
                    s.put("state", m.group("state"));
                    s.put("goal", m.group("goal"));
                    s.put("source", "upstart");
                    services.put(m.group("name"), s);
                }
            }
        }
        return services;
    }
}
