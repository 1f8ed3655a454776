package herd.engine.transport;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Where and how to reach one host, as its inventory variables say; what they leave open the SSH
 * client configuration and the run's options fill in (see the ssh transport).
 *
 * @param hostName   the inventory name
 * @param address    ansible_host, else the inventory name: the name given to ssh (and matched by its configuration)
 * @param givenPort  ansible_port, when the inventory sets one
 * @param user       ansible_user, when set
 * @param privateKey ansible_ssh_private_key_file, when set
 * @param sshOptions the options of ansible_ssh_common_args and ansible_ssh_extra_args, in that order
 */
public record Endpoint(String hostName, Kind kind, String address, Optional<Integer> givenPort, Optional<String> user,
                       Optional<Path> privateKey, List<SshOption> sshOptions) {

    public enum Kind { SSH, LOCAL }

    public Endpoint {
        sshOptions = List.copyOf(sshOptions);
    }

    /** An endpoint whose inventory sets the port and passes no ssh options. */
    public Endpoint(String hostName, Kind kind, String address, int port, Optional<String> user, Optional<Path> privateKey) {
        this(hostName, kind, address, Optional.of(port), user, privateKey, List.of());
    }

    /** The inventory's port, else 22 (the SSH client configuration may still name another). */
    /** The same host reached as another login user (a task's remote_user). */
    public Endpoint withUser(String login) {
        return new Endpoint(hostName, kind, address, givenPort, Optional.of(login), privateKey, sshOptions);
    }

    public int port() {
        return givenPort.orElse(22);
    }
}
