package herd.engine.run;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Who holds a host's run lock, as written in the lock folder's {@code holder} file: one
 * {@code key=value} per line, so that a person can read it with cat at 3 a.m.
 *
 * @param runId a random id of the run: a run removes only a lock that carries its own id
 */
public record LockHolder(String user, String controller, long pid, Instant since, String playbook, String runId) {

    /** This run, on this controller. */
    public static LockHolder current(String playbook) {
        return new LockHolder(System.getProperty("user.name", "unknown"), controllerName(), ProcessHandle.current().pid(),
                Instant.now().truncatedTo(ChronoUnit.SECONDS), playbook, UUID.randomUUID().toString());
    }

    /** This controller's host name, as holder files name it. */
    public static String controllerName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return Optional.ofNullable(System.getenv("HOSTNAME")).orElse("localhost");
        }
    }

    /** The holder file's text. Values lose their line breaks, which would end the line early. */
    public String text() {
        return "run=" + runId + "\nuser=" + oneLine(user) + "\ncontroller=" + oneLine(controller) + "\npid=" + pid
                + "\nsince=" + since + "\nplaybook=" + oneLine(playbook) + "\n";
    }

    private static String oneLine(String value) {
        return value.replaceAll("[\r\n]", " ");
    }

    /** Reads a holder file; empty when it is missing, cut short or not herd's. */
    public static Optional<LockHolder> parse(String text) {
        Map<String, String> values = new HashMap<>();
        for (String line : text.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                values.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        try {
            return Optional.of(new LockHolder(values.get("user"), values.get("controller"),
                    Long.parseLong(values.get("pid")), Instant.parse(values.get("since")), values.get("playbook"),
                    values.get("run")))
                    .filter(h -> h.user() != null && h.controller() != null && h.playbook() != null && h.runId() != null);
        } catch (NumberFormatException | DateTimeParseException | NullPointerException e) {
            return Optional.empty();
        }
    }

    /** "alice@laptop pid 4242 since 2026-11-26T02:00:00Z running playbooks/rolling-restart.yml" */
    public String describe() {
        return user + "@" + controller + " pid " + pid + " since " + since + " running " + playbook;
    }

    /**
     * Whether this holder's process is known to be gone: it ran on this controller and its pid is
     * dead, or was taken by a process that started after the lock was. A holder on another
     * controller is never known to be gone.
     */
    public boolean goneFromHere(String thisController) {
        if (!controller.equals(thisController)) {
            return false;
        }
        Optional<ProcessHandle> process = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
        return process.isEmpty() || process.get().info().startInstant().map(s -> s.isAfter(since.plusSeconds(1)))
                .orElse(false);
    }
}
