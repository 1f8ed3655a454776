package herd.engine.transport;

/**
 * One ssh option from the inventory's {@code ansible_ssh_common_args} / {@code ansible_ssh_extra_args},
 * as an ssh_config keyword (lower case) and its value: {@code -J b} is {@code proxyjump b}.
 *
 * @param origin the variable it came from, for messages
 */
public record SshOption(String keyword, String value, String origin) {
}
