package herd.engine.config;

import java.util.List;
import java.util.Optional;

/**
 * The ansible.cfg settings herd reads, each with Ansible's name (as {@code ansible-config dump} prints
 * it), its ini section and keys, its environment variables, its type and herd's default. When a setting
 * has several keys or variables, the later one wins, as in Ansible.
 */
public enum Setting {
    INVENTORY("DEFAULT_HOST_LIST", "defaults", List.of("inventory"), List.of("ANSIBLE_INVENTORY"), Type.PATHLIST, null),
    REMOTE_USER("DEFAULT_REMOTE_USER", "defaults", List.of("remote_user"), List.of("ANSIBLE_REMOTE_USER"), Type.STRING, null),
    PRIVATE_KEY_FILE("DEFAULT_PRIVATE_KEY_FILE", "defaults", List.of("private_key_file"), List.of("ANSIBLE_PRIVATE_KEY_FILE"),
            Type.PATH, null),
    FORKS("DEFAULT_FORKS", "defaults", List.of("forks"), List.of("ANSIBLE_FORKS"), Type.COUNT, "20"),
    HOST_KEY_CHECKING("HOST_KEY_CHECKING", "defaults", List.of("host_key_checking"), List.of("ANSIBLE_HOST_KEY_CHECKING"),
            Type.BOOLEAN, "True"),
    ROLES_PATH("DEFAULT_ROLES_PATH", "defaults", List.of("roles_path"), List.of("ANSIBLE_ROLES_PATH"), Type.PATHSPEC,
            "~/.ansible/roles:/usr/share/ansible/roles:/etc/ansible/roles"),
    TIMEOUT("DEFAULT_TIMEOUT", "defaults", List.of("timeout"), List.of("ANSIBLE_TIMEOUT"), Type.COUNT, "10"),
    GATHERING("DEFAULT_GATHERING", "defaults", List.of("gathering"), List.of("ANSIBLE_GATHERING"), Type.GATHERING, "implicit"),
    VAULT_PASSWORD_FILE("DEFAULT_VAULT_PASSWORD_FILE", "defaults", List.of("vault_password_file"),
            List.of("ANSIBLE_VAULT_PASSWORD_FILE"), Type.PATH, null),
    VAULT_IDENTITY_LIST("DEFAULT_VAULT_IDENTITY_LIST", "defaults", List.of("vault_identity_list"),
            List.of("ANSIBLE_VAULT_IDENTITY_LIST"), Type.LIST, ""),
    LIBRARY("DEFAULT_MODULE_PATH", "defaults", List.of("library"), List.of("ANSIBLE_LIBRARY"), Type.PATHSPEC,
            "~/.ansible/plugins/modules:/usr/share/ansible/plugins/modules"),
    COLLECTIONS_PATH("COLLECTIONS_PATHS", "defaults", List.of("collections_paths", "collections_path"),
            List.of("ANSIBLE_COLLECTIONS_PATHS", "ANSIBLE_COLLECTIONS_PATH"), Type.PATHSPEC,
            "~/.ansible/collections:/usr/share/ansible/collections"),
    BECOME("DEFAULT_BECOME", "privilege_escalation", List.of("become"), List.of("ANSIBLE_BECOME"), Type.BOOLEAN, "False"),
    BECOME_USER("DEFAULT_BECOME_USER", "privilege_escalation", List.of("become_user"), List.of("ANSIBLE_BECOME_USER"),
            Type.STRING, "root"),
    BECOME_METHOD("DEFAULT_BECOME_METHOD", "privilege_escalation", List.of("become_method"), List.of("ANSIBLE_BECOME_METHOD"),
            Type.STRING, "sudo"),
    /** The ssh connection plugin's {@code ssh_args} (not in Ansible's base settings, so it has no DEFAULT_ name). */
    SSH_ARGS("SSH_ARGS", "ssh_connection", List.of("ssh_args"), List.of("ANSIBLE_SSH_ARGS"), Type.STRING,
            "-C -o ControlMaster=auto -o ControlPersist=60s");

    /** How a setting's text is read, as Ansible's {@code ensure_type} reads it. */
    public enum Type {
        /** Text; matching outer quotes are removed. */
        STRING,
        /** Comma-separated text items, each stripped; empty items dropped. */
        LIST,
        /** A whole number of at least 1 (herd has no use for less). */
        COUNT,
        /** yes/no, true/false, on/off, 1/0 (also y/n, t/f), any case. */
        BOOLEAN,
        /** A path: $VARIABLES and ~ expanded, relative to the ansible.cfg's folder (to the current folder from the environment). */
        PATH,
        /** Comma-separated paths, each as PATH. */
        PATHLIST,
        /** Colon-separated paths, each as PATH. */
        PATHSPEC,
        /** implicit, explicit or smart. */
        GATHERING
    }

    private final String ansibleName;
    private final String section;
    private final List<String> keys;
    private final List<String> variables;
    private final Type type;
    private final String defaultText;

    Setting(String ansibleName, String section, List<String> keys, List<String> variables, Type type, String defaultText) {
        this.ansibleName = ansibleName;
        this.section = section;
        this.keys = keys;
        this.variables = variables;
        this.type = type;
        this.defaultText = defaultText;
    }

    /** The name {@code ansible-config dump} prints, such as DEFAULT_FORKS. */
    public String ansibleName() {
        return ansibleName;
    }

    public String section() {
        return section;
    }

    /** The ini keys, the winning one last. */
    public List<String> keys() {
        return keys;
    }

    /** The environment variables, the winning one last. */
    public List<String> variables() {
        return variables;
    }

    public Type type() {
        return type;
    }

    /** herd's default as ansible.cfg would write it; empty when the setting has none. */
    public Optional<String> defaultText() {
        return Optional.ofNullable(defaultText);
    }

    /** {@code [section] key}, for messages. */
    public String iniName() {
        return "[" + section + "] " + keys.getLast();
    }
}
