package herd.engine.run;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import herd.engine.inventory.Host;
import herd.engine.playbook.Text;
import herd.engine.load.Position;
import herd.engine.template.TemplateError;
import herd.engine.template.Templates;
import herd.engine.shell.ShellWords;
import herd.engine.transport.Endpoint;
import herd.engine.transport.SshArgs;
import herd.engine.transport.SshOption;

/** Reads a host's connection variables (ansible_host, ansible_port, ...) into an {@link Endpoint}. */
final class Endpoints {
    private Endpoints() {
    }

    /**
     * @param remoteUser the play's {@code remote_user}: the login user where the host's variables name none
     * @param playConnection the play's {@code connection}: how the host is reached where its variables do not say
     */
    static Endpoint of(Host host, Map<String, Object> vars, CommandBuilder renderer, Position at,
                       Optional<String> remoteUser, Optional<String> playConnection) throws TemplateProblem {
        String connection = string(vars, renderer, at, "ansible_connection").or(() -> playConnection).orElse("ssh");
        Endpoint.Kind kind = switch (connection) {
            case "ssh", "smart", "paramiko" -> Endpoint.Kind.SSH;
            case "local" -> Endpoint.Kind.LOCAL;
            default -> throw new TemplateProblem(new Text(connection, at), "host " + host.name()
                    + ": ansible_connection '" + connection + "' is not supported; herd connects with 'ssh' or 'local'");
        };
        String address = string(vars, renderer, at, "ansible_host").orElse(host.name());
        Optional<Integer> port = Optional.empty();
        Optional<String> portText = string(vars, renderer, at, "ansible_port", "ansible_ssh_port");
        if (portText.isPresent()) {
            port = Optional.of(port(host, portText.get(), at));
        }
        Optional<String> user = string(vars, renderer, at, "ansible_user", "ansible_ssh_user").or(() -> remoteUser);
        Optional<Path> key = string(vars, renderer, at, "ansible_ssh_private_key_file", "ansible_private_key_file")
                .map(Endpoints::expandHome);
        List<SshOption> options = new ArrayList<>();
        for (String name : List.of("ansible_ssh_common_args", "ansible_ssh_extra_args")) {
            Optional<String> args = string(vars, renderer, at, name);
            if (args.isPresent()) {
                options.addAll(sshOptions(host, name, args.get(), at));
            }
        }
        return new Endpoint(host.name(), kind, address, port, user, key, options);
    }

    private static int port(Host host, String text, Position at) throws TemplateProblem {
        try {
            int port = Integer.parseInt(text.trim());
            if (port >= 1 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new TemplateProblem(new Text(text, at), "host " + host.name() + ": ansible_port '" + text
                + "' is not a port number");
    }

    /** The ssh options herd applies from one of Ansible's ssh argument variables. */
    private static List<SshOption> sshOptions(Host host, String name, String text, Position at) throws TemplateProblem {
        try {
            return SshArgs.parse(ShellWords.split(text), name);
        } catch (IllegalArgumentException e) {
            throw new TemplateProblem(new Text(text, at), "host " + host.name() + ": " + name + " '" + text + "': "
                    + e.getMessage());
        }
    }

    /** The first of the named variables that is set, rendered. */
    private static Optional<String> string(Map<String, Object> vars, CommandBuilder renderer, Position at,
                                           String... names) throws TemplateProblem {
        Object host = vars.get("inventory_hostname");
        for (String name : names) {
            Object value;
            try {
                value = Templates.resolved(vars.get(name));
            } catch (TemplateError e) {
                throw new TemplateProblem(new Text(name, at), "host " + host + ": " + name + ": " + e.getMessage());
            }
            if (value != null) {
                return Optional.of(renderer.render(new Text(value.toString(), at), vars));
            }
        }
        return Optional.empty();
    }

    private static Path expandHome(String path) {
        if (path.equals("~") || path.startsWith("~/")) {
            return Path.of(System.getProperty("user.home") + path.substring(1));
        }
        return Path.of(path);
    }
}
