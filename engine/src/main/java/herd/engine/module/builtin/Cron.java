package herd.engine.module.builtin;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import herd.engine.load.Booleans;
import herd.engine.module.Arg;
import herd.engine.module.ModuleCall;
import herd.engine.module.ModuleSpec;
import herd.engine.module.Outcome;
import herd.engine.module.Trait;
import herd.engine.shell.ShellWords;
import herd.engine.transport.ExecResult;
import herd.engine.transport.FileTransferException;
import herd.engine.transport.UnreachableException;

/**
 * ansible.builtin.cron: a job (or an environment variable) in a user's crontab or in a file under
 * /etc/cron.d, with Ansible's {@code #Ansible: NAME} marker lines ({@link CronTab}). A user's
 * crontab is read with {@code crontab -l} and written with {@code crontab -}, its text on standard
 * input; a cron file is written whole, atomically.
 */
public final class Cron extends Builtin {
    private static final ModuleSpec SPEC = ModuleSpec.of("cron", "ansible.builtin",
            Arg.str("name").mandatory(), Arg.str("user"), Arg.str("job").aliases("value"), Arg.str("cron_file"),
            Arg.str("state").withDefault("present").choices("present", "absent"),
            Arg.of("backup", Arg.Type.BOOL).withDefault(false),
            Arg.str("minute").withDefault("*"), Arg.str("hour").withDefault("*"),
            Arg.str("day").withDefault("*").aliases("dom"), Arg.str("month").withDefault("*"),
            Arg.str("weekday").withDefault("*").aliases("dow"),
            Arg.str("special_time").choices("reboot", "yearly", "annually", "monthly", "weekly", "daily", "hourly"),
            Arg.of("disabled", Arg.Type.BOOL).withDefault(false), Arg.of("env", Arg.Type.BOOL).withDefault(false),
            Arg.str("insertafter"), Arg.str("insertbefore"))
            .exclusive("insertafter", "insertbefore");

    public Cron() {
        super(SPEC, Trait.CHECK_MODE);
    }

    @Override
    public Outcome run(ModuleCall call) throws UnreachableException {
        String name = call.string("name", "");
        Optional<String> user = opt(call, "user");
        Optional<String> job = opt(call, "job");
        Optional<String> cronFile = opt(call, "cron_file")
                .map(f -> f.startsWith("/") ? f : "/etc/cron.d/" + f);
        boolean install = call.string("state", "present").equals("present");
        Optional<String> special = opt(call, "special_time");
        boolean env = flag(call, "env");
        Optional<String> after = opt(call, "insertafter");
        Optional<String> before = opt(call, "insertbefore");
        List<String> warnings = new ArrayList<>();
        if (cronFile.isPresent()) {
            if (cronFile.get().equals("/etc/crontab")) {
                return Outcome.failed("Will not manage /etc/crontab via cron_file, see documentation.");
            }
            String base = cronFile.get().substring(cronFile.get().lastIndexOf('/') + 1);
            if (!base.matches("(?i)^[A-Z0-9_-]+$")) {
                warnings.add("Filename portion of cron_file (\"" + base + "\") should consist solely of upper- and"
                        + " lower-case letters, digits, underscores, and hyphens");
            }
        }
        Host host = new Host(call, user, cronFile);
        Optional<String> problem = host.find();
        if (problem.isPresent()) {
            return Outcome.failed(problem.get());
        }
        CronTab tab = host.read();
        if (tab == null) {
            return Outcome.failed("Unable to read crontab");
        }
        Map<String, Object> diff = new LinkedHashMap<>();
        diff.put("before", tab.existing());
        diff.put("before_header", host.header());
        List<String> fields = List.of("minute", "hour", "day", "month", "weekday");
        if (special.isPresent() && fields.stream().anyMatch(f -> !call.string(f, "*").equals("*"))) {
            return Outcome.failed("You must specify time and date fields or special time.");
        }
        if (install) {
            if (cronFile.isPresent() && user.isEmpty()) {
                return Outcome.failed("To use cron_file=... parameter you must specify user=... as well");
            }
            if (job.isEmpty()) {
                return Outcome.failed("You must specify 'job' to install a new cron job or variable");
            }
            if ((after.isPresent() || before.isPresent()) && !env) {
                return Outcome.failed("Insertafter and insertbefore parameters are valid only with env=yes");
            }
        }
        String backupFile = null;
        if (flag(call, "backup") && !call.checkMode()) {
            backupFile = host.backup(tab.render());
        }
        boolean changed = false;
        if (env) {
            if (name.contains(" ")) {
                return Outcome.failed("Invalid name for environment variable");
            }
            String decl = name + "=\"" + job.orElse("") + "\"";
            Optional<Integer> old = tab.findEnv(name);
            if (install) {
                if (old.isEmpty()) {
                    if (!tab.addEnv(decl, after, before)) {
                        return Outcome.failed("Variable named '" + after.or(() -> before).get() + "' not found.");
                    }
                    changed = true;
                } else if (!tab.line(old.get()).equals(decl)) {
                    tab.updateEnv(name, Optional.of(decl));
                    changed = true;
                }
            } else if (old.isPresent()) {
                tab.updateEnv(name, Optional.empty());
                changed = true;
            }
        } else if (install) {
            String command = job.get();
            String inner = command.replaceAll("^[\r\n]+|[\r\n]+$", "");
            if (inner.contains("\r") || inner.contains("\n")) {
                warnings.add("Job should not contain line breaks");
            }
            String line = CronTab.jobLine(call.string("minute", "*"), call.string("hour", "*"), call.string("day", "*"),
                    call.string("month", "*"), call.string("weekday", "*"), command, special, flag(call, "disabled"),
                    cronFile.isPresent() ? user : Optional.empty());
            List<String> old = tab.findJob(name, Optional.of(line));
            if (old.isEmpty()) {
                tab.addJob(name, line);
                changed = true;
            }
            if (!old.isEmpty() && !old.get(1).equals(line) || old.size() > 2) {
                tab.updateJob(name, Optional.of(line));
                changed = true;
            }
        } else if (!tab.findJob(name, Optional.empty()).isEmpty()) {
            tab.updateJob(name, Optional.empty());
            changed = true;
            if (cronFile.isPresent() && tab.isEmpty()) {
                Map<String, Object> result = new LinkedHashMap<>();
                result.put("changed", call.checkMode() ? host.fileExists() : host.removeFile());
                result.put("cron_file", call.string("cron_file", ""));
                result.put("state", "absent");
                Map<String, Object> removed = new LinkedHashMap<>();
                if (call.diff()) {
                    removed.putAll(diff);
                    removed.put("after", "");
                    removed.put("after_header", "/dev/null");
                }
                result.put("diff", removed);
                return Outcome.fromResult(result);
            }
        }
        if (!changed && !tab.existing().isEmpty() && !tab.existing().endsWith("\n") && !tab.existing().endsWith("\r")) {
            changed = true;
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("jobs", tab.jobNames());
        result.put("envs", tab.envNames());
        if (!warnings.isEmpty()) {
            result.put("warnings", warnings);
        }
        result.put("changed", changed);
        if (changed) {
            if (!call.checkMode()) {
                Optional<String> failed = host.write(tab.render());
                if (failed.isPresent()) {
                    return Outcome.failed(failed.get());
                }
            }
            if (call.diff()) {
                diff.put("after", tab.render());
                diff.put("after_header", host.header());
                result.put("diff", diff);
            }
        }
        if (backupFile != null) {
            if (changed) {
                result.put("backup_file", backupFile);
            } else {
                call.target().sh("rm -f -- " + ShellWords.quote(backupFile));
            }
        }
        cronFile.ifPresent(f -> result.put("cron_file", call.string("cron_file", "")));
        return Outcome.fromResult(result);
    }

    private static Optional<String> opt(ModuleCall call, String name) {
        return Optional.ofNullable(call.args().get(name)).map(Object::toString);
    }

    private static boolean flag(ModuleCall call, String name) {
        Object v = call.args().get(name);
        return v != null && (v instanceof Boolean b ? b : Booleans.truthy(v));
    }

    /** The crontab on the host: a user's (through the crontab program) or a cron file. */
    private static final class Host {
        private final ModuleCall call;
        private final Optional<String> user;
        private final Optional<String> file;
        private String crontab;
        private String userFlag = "";

        Host(ModuleCall call, Optional<String> user, Optional<String> file) {
            this.call = call;
            this.user = user;
            this.file = file;
        }

        /** Finds crontab (required, as by Ansible, even for a cron file) and who runs it. */
        Optional<String> find() throws UnreachableException {
            ExecResult r = call.target().sh("p=$PATH; for d in /sbin /usr/sbin /usr/local/sbin; do case \":$p:\" in "
                    + "*\":$d:\"*) ;; *) [ -e \"$d\" ] && p=$p:$d ;; esac; done; "
                    + "c=$(PATH=$p command -v crontab) || { echo \"missing $p\"; exit 0; }; echo \"$c\"; id -un");
            List<String> lines = r.stdout().lines().toList();
            if (lines.isEmpty()) {
                return Optional.of("crontab could not be looked for on the host: " + r.stderr());
            }
            if (lines.getFirst().startsWith("missing ")) {
                return Optional.of("Failed to find required executable \"crontab\" in paths: "
                        + lines.getFirst().substring("missing ".length()));
            }
            crontab = ShellWords.quote(lines.getFirst());
            if (user.isPresent() && lines.size() > 1 && !lines.get(1).strip().equals(user.get())) {
                userFlag = " -u " + ShellWords.quote(user.get());
            }
            return Optional.empty();
        }

        /** The crontab as it is; null when crontab -l fails otherwise than for an empty crontab. */
        CronTab read() throws UnreachableException {
            if (file.isPresent()) {
                try {
                    return CronTab.ofFile(new String(call.target().fetch(file.get()), StandardCharsets.UTF_8));
                } catch (FileTransferException e) {
                    return CronTab.ofFile("");
                }
            }
            ExecResult r = call.target().sh(crontab + userFlag + " -l");
            if (r.rc() != 0 && r.rc() != 1) {
                return null;
            }
            return CronTab.ofUser(new String(r.stdoutBytes(), StandardCharsets.UTF_8));
        }

        String header() {
            return file.orElseGet(() -> user.map(u -> "crontab for user \"" + u + "\"").orElse("crontab"));
        }

        /** Writes the crontab as it is now to a fresh /tmp/crontabXXXXXXXX file, as Ansible's backup. */
        String backup(String text) throws UnreachableException {
            ExecResult r = StdinPayload.run(call, "{ f=$(mktemp /tmp/crontabXXXXXXXX) && cat > \"$f\" && echo \"$f\"; }",
                    text.getBytes(StandardCharsets.UTF_8));
            return r.stdout().strip();
        }

        /** Writes the new text; empty, or crontab's error. */
        Optional<String> write(String text) throws UnreachableException {
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            if (file.isPresent()) {
                ExecResult mode = call.target().sh("stat -c %a -- " + ShellWords.quote(file.get()) + " 2>/dev/null");
                int octal = mode.rc() == 0 && mode.stdout().strip().matches("[0-7]+")
                        ? Integer.parseInt(mode.stdout().strip(), 8) : 0644;
                try {
                    call.target().put(file.get(), bytes, octal);
                    return Optional.empty();
                } catch (FileTransferException e) {
                    return Optional.of(e.getMessage());
                }
            }
            ExecResult r = StdinPayload.run(call, crontab + userFlag + " -", bytes);
            return r.rc() == 0 ? Optional.empty() : Optional.of(r.stderr());
        }

        boolean fileExists() throws UnreachableException {
            return call.target().sh("[ -f " + ShellWords.quote(file.orElseThrow()) + " ]").rc() == 0;
        }

        boolean removeFile() throws UnreachableException {
            return call.target().sh("rm -- " + ShellWords.quote(file.orElseThrow()) + " 2>/dev/null").rc() == 0;
        }
    }
}
