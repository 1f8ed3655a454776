package herd.engine.transport;

import java.nio.file.Path;
import java.util.Optional;

/** Where and how to reach one host, resolved from its inventory variables and the run's options. */
public record Endpoint(String hostName, Kind kind, String address, int port, Optional<String> user,
                       Optional<Path> privateKey) {

    public enum Kind { SSH, LOCAL }
}
