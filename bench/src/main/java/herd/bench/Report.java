package herd.bench;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/** The results as markdown: the table, the targets, the machine, the skipped tools and the command. */
final class Report {
    private Report() {
    }

    static String table(List<Outcome> outcomes) {
        StringBuilder md = new StringBuilder()
                .append("| workload | hosts x steps | containers | rounds | herd s | ssh s | ansible s | herd/ssh"
                        + " | ansible/herd | herd peak RSS MB | errors herd/ssh/ansible | load avg before -> after |\n")
                .append("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n");
        for (Outcome o : outcomes) {
            Workload w = o.workload();
            md.append("| ").append(w.name())
                    .append(" | ").append(w.hosts()).append(" x ").append(w.steps())
                    .append(" | ").append(w.containers())
                    .append(" | ").append(o.rounds())
                    .append(" | ").append(number(o.median(Tool.HERD), "%.2f"))
                    .append(" | ").append(number(o.median(Tool.SSH), "%.2f"))
                    .append(" | ").append(number(o.median(Tool.ANSIBLE), "%.2f"))
                    .append(" | ").append(number(o.ratio(Tool.HERD, Tool.SSH), "%.2f"))
                    .append(" | ").append(number(o.ratio(Tool.ANSIBLE, Tool.HERD), "%.1f"))
                    .append(" | ").append(number(o.peakRssMb(Tool.HERD), "%.0f"))
                    .append(" | ").append(errors(o, Tool.HERD)).append('/').append(errors(o, Tool.SSH)).append('/')
                    .append(errors(o, Tool.ANSIBLE))
                    .append(" | ").append(o.load())
                    .append(" |\n");
        }
        return md.toString();
    }

    static String document(List<Outcome> outcomes, List<Target> targets, Map<String, String> machine,
                           Startup startup, String command) {
        StringBuilder md = new StringBuilder()
                .append("# herd benchmark results\n\n")
                .append("Written by `bench/run` on ")
                .append(ZonedDateTime.now(java.time.ZoneOffset.UTC).truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                        .format(DateTimeFormatter.ISO_OFFSET_DATE_TIME))
                .append(". Reproduce with:\n\n```sh\n").append(command).append("\n```\n\n")
                .append("Wall times are medians over the rounds, in seconds, from start to end of the whole command"
                        + " (herd's and Ansible's start-up included; the ssh loop's time includes opening its"
                        + " ControlMasters). Tools alternate within each round, in a rotated order. Errors are"
                        + " host-steps that did not end ok, summed over the rounds. `./herd --version`: median "
                        + String.format("%.3f", startup.version()) + " s of 10 runs; `./herd " + String.join(" ", Startup.CHECK)
                        + "`: median " + String.format("%.3f", startup.check()) + " s of 10 runs.\n\n")
                .append(table(outcomes))
                .append("\n## Every tool\n\n")
                .append("Medians over the rounds. CPU is user + system time of the command and the children it waited"
                        + " for (ssh ControlMasters, which outlive the command, are not in it); RSS is the peak of the"
                        + " largest process. The ratio is the tool's wall time over herd's as users run it (with its"
                        + " lock), or over herd --no-lock where herd+lock did not run.\n\n")
                .append(tools(outcomes))
                .append("\n## Targets (issues 3 and 18)\n\n```\n");
        for (Target t : targets) {
            md.append(t.line()).append('\n');
        }
        md.append("```\n");
        md.append("\n## Every round\n\n")
                .append("Wall times in seconds, in the order the rounds ran them; a spread between rounds is other"
                        + " work on the machine. The load average is the machine's 1-minute figure before and after"
                        + " the workload; the benchmark's own processes (up to a thousand sshd and ssh at 500 hosts)"
                        + " count in it too.\n\n")
                .append("| workload | tool | rounds (s) |\n| --- | --- | --- |\n");
        for (Outcome o : outcomes) {
            for (Tool tool : o.workload().tools()) {
                md.append("| ").append(o.workload().name()).append(" | ").append(tool.label()).append(" | ")
                        .append(String.join(", ", o.of(tool).stream()
                                .map(m -> String.format("%.2f", m.seconds()) + (m.errors() == 0 ? "" : " (" + m.errors() + " errors)"))
                                .toList()))
                        .append(" |\n");
            }
        }
        StringBuilder skipped = new StringBuilder();
        for (Outcome o : outcomes) {
            o.workload().skipped().forEach((tool, why) ->
                    skipped.append("- ").append(o.workload().name()).append(", ").append(tool.label()).append(": ")
                            .append(why).append('\n'));
        }
        if (!skipped.isEmpty()) {
            md.append("\n## Not run\n\n").append(skipped);
        }
        md.append("\n## Machine\n\n| | |\n| --- | --- |\n");
        machine.forEach((k, v) -> md.append("| ").append(k).append(" | ").append(v.replace("|", "\\|")).append(" |\n"));
        return md.toString();
    }

    static String tools(List<Outcome> outcomes) {
        StringBuilder md = new StringBuilder("| workload | tool | wall s | tool/herd | CPU s | peak RSS MB | errors |\n"
                + "| --- | --- | --- | --- | --- | --- | --- |\n");
        for (Outcome o : outcomes) {
            Tool base = o.ran(Tool.HERD_LOCKED) ? Tool.HERD_LOCKED : Tool.HERD;
            for (Tool tool : o.workload().tools()) {
                md.append("| ").append(o.workload().name()).append(" | ").append(tool.label())
                        .append(" | ").append(number(o.median(tool), "%.2f"))
                        .append(" | ").append(number(o.ratio(tool, base), "%.2f"))
                        .append(" | ").append(number(o.cpuSeconds(tool), "%.2f"))
                        .append(" | ").append(number(o.peakRssMb(tool), "%.0f"))
                        .append(" | ").append(errors(o, tool)).append(" |\n");
            }
        }
        return md.toString();
    }

    private static String errors(Outcome o, Tool tool) {
        return o.ran(tool) ? Integer.toString(o.errors(tool)) : "-";
    }

    private static String number(OptionalDouble value, String format) {
        return value.isPresent() ? String.format(format, value.getAsDouble()) : "-";
    }
}
