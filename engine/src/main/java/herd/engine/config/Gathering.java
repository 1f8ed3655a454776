package herd.engine.config;

/** Ansible's fact-gathering policy ({@code gathering}): per play, only when asked, or once per host. */
public enum Gathering {
    IMPLICIT, EXPLICIT, SMART;

    /** The name as written in ansible.cfg. */
    public String text() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
