package herd.engine.run;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import herd.engine.event.Status;
import herd.engine.load.InputException;
import herd.engine.load.Position;
import herd.engine.load.Problem;

/**
 * The steps a run completed, one JSON line per host and task, written and flushed as each step
 * ends, so that {@code --resume} can skip them after a broken or interrupted run. A step is keyed by
 * its play and task (file:line:column), the loop items of the includes around it, and the host. The
 * line keeps what the step registered and set, so later tasks see the same variables on resume.
 */
public final class Journal implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A step done in an earlier run: its status, what it registered (under which name), the facts it set. */
    public record Done(Status status, String task, Optional<String> register, Object registered,
                       Map<String, Object> facts) {
    }

    /** What a journal holds: the playbook it ran and every step it completed, by key. */
    public record Completed(String playbook, Map<String, Done> steps) {
        public static final Completed NONE = new Completed("", Map.of());
    }

    private final Path file;
    private final BufferedWriter out;
    /** The first write that failed (a full disk, a folder made read-only): later writes are not tried. */
    private volatile String broken;

    private Journal(Path file, BufferedWriter out) {
        this.file = file;
        this.out = out;
    }

    /** Opens the journal for appending and writes the run's first line. */
    public static Journal open(Path file, String playbook, Instant start) {
        try {
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            Journal journal = new Journal(file, Files.newBufferedWriter(file, StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND));
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("run", start.toString());
            line.put("playbook", playbook);
            journal.write(line);
            if (journal.broken != null) {
                journal.close();
                throw new UncheckedIOException(journal.broken().orElseThrow(), new IOException(journal.broken));
            }
            return journal;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the journal " + file + ": " + e.getMessage(), e);
        }
    }

    public Path file() {
        return file;
    }

    static String key(herd.engine.playbook.Play play, herd.engine.playbook.Task task, String prefix, String host) {
        return where(play.position()) + "|" + where(task.position()) + "|" + prefix + "|" + host;
    }

    /** Absolute, so that a run resumed from another folder finds its steps. */
    private static String where(Position position) {
        return position.file().toAbsolutePath().normalize() + ":" + position.line() + ":" + position.column();
    }

    /** A completed step; failed and unreachable steps are not written, so a resumed run does them again. */
    synchronized void done(String key, String host, String task, Status status, Optional<String> register,
                           Object registered, Map<String, Object> facts) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("key", key);
        line.put("host", host);
        line.put("task", herd.engine.vault.Secrets.mask(task));
        line.put("status", status.word());
        // a secret never reaches the journal: a resumed run reads it again from the vault
        register.ifPresent(name -> {
            line.put("register", name);
            line.put("registered", herd.engine.vault.Secrets.maskValue(registered));
        });
        if (!facts.isEmpty()) {
            line.put("facts", herd.engine.vault.Secrets.maskValue(facts));
        }
        write(line);
    }

    /** The run's last line: how it ended. */
    public synchronized void end(int exitCode) {
        write(Map.of("end", Instant.now().toString(), "exit_code", exitCode));
    }

    private void write(Map<String, Object> line) {
        if (broken != null) {
            return;
        }
        try {
            out.write(JSON.writeValueAsString(line));
            out.newLine();
            out.flush();
        } catch (IOException e) {
            broken = String.valueOf(e.getMessage());
        }
    }

    /** Why the journal stopped taking lines, if it did: a resumed run would do the unrecorded steps again. */
    public Optional<String> broken() {
        return Optional.ofNullable(broken).map(why -> "cannot write the journal " + file + ": " + why);
    }

    @Override
    public synchronized void close() {
        try {
            out.close();
        } catch (IOException e) {
            // a journal that cannot be closed lost its last lines: said with the first failed write, or now
            broken = broken != null ? broken : String.valueOf(e.getMessage());
        }
    }

    /** Reads a journal for --resume: every step any run in it completed. */
    public static Completed read(Path file) {
        List<String> lines;
        try {
            lines = herd.engine.load.InputFiles.lines(file, 64 * 1024 * 1024);
        } catch (IOException e) {
            throw new InputException(Problem.at(Position.of(file.toString()), "cannot read the journal: " + e.getMessage(),
                    "give the journal file a run printed at its end"));
        }
        String playbook = "";
        Map<String, Done> steps = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            JsonNode line;
            try {
                line = JSON.readTree(lines.get(i));
            } catch (JsonProcessingException e) {
                // a run killed in the middle of a line leaves it cut: what came before still counts
                if (i == lines.size() - 1) {
                    break;
                }
                throw new InputException(Problem.at(new Position(file, i + 1, 1), "not a journal line: "
                        + e.getOriginalMessage()));
            }
            if (line.has("playbook")) {
                playbook = line.get("playbook").asText();
            }
            if (line.has("key")) {
                if (!line.path("status").isTextual() || line.has("facts") && !line.get("facts").isObject()) {
                    throw new InputException(Problem.at(new Position(file, i + 1, 1),
                            "not a journal line: a step needs a status word and its facts as an object",
                            "give the journal file a run printed at its end"));
                }
                Optional<String> register = Optional.ofNullable(line.get("register")).map(JsonNode::asText);
                @SuppressWarnings("unchecked")
                Map<String, Object> facts = line.has("facts") ? JSON.convertValue(line.get("facts"), Map.class) : Map.of();
                Object registered = line.has("registered") ? JSON.convertValue(line.get("registered"), Object.class) : null;
                steps.put(line.get("key").asText(), new Done(status(line.get("status").asText()),
                        line.path("task").asText(), register, registered, facts));
            }
        }
        return new Completed(playbook, steps);
    }

    private static Status status(String word) {
        for (Status s : Status.values()) {
            if (s.word().equals(word)) {
                return s;
            }
        }
        return Status.OK;
    }
}
