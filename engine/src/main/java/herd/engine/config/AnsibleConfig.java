package herd.engine.config;

import java.nio.file.Path;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import herd.engine.load.Problem;
import herd.engine.shell.ShellWords;
import herd.engine.transport.SshArgs;
import herd.engine.transport.SshOption;

/**
 * The ansible.cfg settings herd uses, read as Ansible 2.14 reads them: each typed, with where its value
 * came from (a line of the file, an environment variable, or herd's default). Command-line options win
 * over all of these; that is the CLI's business.
 *
 * @param file     the ansible.cfg that was read; empty when none was found
 * @param warnings what the user should know about how the file was found (an ignored ./ansible.cfg)
 * @param values   every setting's value; settings without a default and not set are absent
 */
public record AnsibleConfig(Optional<Path> file, List<String> warnings, Map<Setting, Configured<?>> values) {

    public AnsibleConfig {
        warnings = List.copyOf(warnings);
        EnumMap<Setting, Configured<?>> copy = new EnumMap<>(Setting.class);
        copy.putAll(values);
        values = Collections.unmodifiableMap(copy);
    }

    /** Inventory sources ({@code inventory}, ANSIBLE_INVENTORY); Ansible's /etc/ansible/hosts is not herd's default. */
    public Optional<Configured<List<Path>>> inventory() {
        return get(Setting.INVENTORY);
    }

    public Optional<Configured<String>> remoteUser() {
        return get(Setting.REMOTE_USER);
    }

    public Optional<Configured<Path>> privateKeyFile() {
        return get(Setting.PRIVATE_KEY_FILE);
    }

    /** How many hosts work at once (herd's default 20, not Ansible's 5). */
    public Configured<Integer> forks() {
        return required(Setting.FORKS);
    }

    /** False turns host-key checking off; true leaves it to the SSH client configuration, as in Ansible. */
    public Configured<Boolean> hostKeyChecking() {
        return required(Setting.HOST_KEY_CHECKING);
    }

    /** Where roles are looked for after the playbook's roles/ folder. */
    public Configured<List<Path>> rolesPath() {
        return required(Setting.ROLES_PATH);
    }

    /** The connect timeout in seconds. */
    public Configured<Integer> timeout() {
        return required(Setting.TIMEOUT);
    }

    /** The fact-gathering policy: when plays gather facts. */
    public Configured<Gathering> gathering() {
        return required(Setting.GATHERING);
    }

    /** The vault password file (or script). */
    public Optional<Configured<Path>> vaultPasswordFile() {
        return get(Setting.VAULT_PASSWORD_FILE);
    }

    /** Vault ids, each {@code label@source}. */
    public Optional<Configured<List<String>>> vaultIdentityList() {
        return get(Setting.VAULT_IDENTITY_LIST);
    }

    /** Where modules herd has no native version of are looked for first (the bridge). */
    public Configured<List<Path>> library() {
        return required(Setting.LIBRARY);
    }

    /** Where collections are looked for (the bridge). */
    public Configured<List<Path>> collectionsPath() {
        return required(Setting.COLLECTIONS_PATH);
    }

    /** Whether tasks become by default, below every play, task and inventory setting. */
    public Configured<Boolean> become() {
        return required(Setting.BECOME);
    }

    public Configured<String> becomeUser() {
        return required(Setting.BECOME_USER);
    }

    public Configured<String> becomeMethod() {
        return required(Setting.BECOME_METHOD);
    }

    /** {@code ssh_args} as written. */
    public Configured<String> sshArgs() {
        return required(Setting.SSH_ARGS);
    }

    /** The ssh options of {@code ssh_args} herd applies (the loader checked they parse). */
    public List<SshOption> sshOptions() {
        return sshOptions(sshArgs().value());
    }

    static List<SshOption> sshOptions(String text) {
        return SshArgs.parse(ShellWords.split(text), "ssh_args");
    }

    /** A problem with a setting's value, at its origin: {@code [defaults] forks must be ...}. */
    public static Problem problem(Setting setting, Origin origin, String mustBe) {
        return Problem.at(origin.position(), origin.name(setting) + " " + mustBe);
    }

    @SuppressWarnings("unchecked")
    private <T> Optional<Configured<T>> get(Setting setting) {
        return Optional.ofNullable((Configured<T>) values.get(setting));
    }

    private <T> Configured<T> required(Setting setting) {
        return this.<T>get(setting).orElseThrow(() -> new IllegalStateException(setting + " has a default"));
    }
}
