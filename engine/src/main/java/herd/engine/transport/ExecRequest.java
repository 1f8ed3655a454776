package herd.engine.transport;

import java.time.Duration;
import java.util.Optional;

/**
 * A command to run. The standard input, when present, is written to the command and closed: it is
 * how secrets reach a remote program without appearing in an argument list.
 */
public record ExecRequest(String command, Optional<byte[]> stdin, Optional<Duration> timeout) {
    public static ExecRequest of(String command, Optional<Duration> timeout) {
        return new ExecRequest(command, Optional.empty(), timeout);
    }
}
