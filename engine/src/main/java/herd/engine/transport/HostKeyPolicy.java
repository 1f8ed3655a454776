package herd.engine.transport;

/** StrictHostKeyChecking: yes refuses unknown hosts, accept-new adds them, no accepts any key but a changed one. */
public enum HostKeyPolicy { YES, ACCEPT_NEW, NO }
