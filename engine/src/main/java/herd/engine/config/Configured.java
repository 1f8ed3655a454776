package herd.engine.config;

import java.util.Objects;

/** A setting's value, typed, with where it came from. */
public record Configured<T>(T value, Origin origin) {
    public Configured {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(origin, "origin");
    }

    /** True when the cfg file or an environment variable set it, not herd's default. */
    public boolean isSet() {
        return !(origin instanceof Origin.Default);
    }
}
