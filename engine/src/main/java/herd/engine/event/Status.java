package herd.engine.event;

import java.util.Locale;

/** The outcome of one step on one host, in Ansible's words. */
public enum Status {
    OK, CHANGED, FAILED, SKIPPED, UNREACHABLE;

    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }
}
