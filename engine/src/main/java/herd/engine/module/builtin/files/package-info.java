/**
 * The file core the file modules share (copy, template, file, stat, and lineinfile, blockinfile,
 * replace): {@link herd.engine.module.builtin.files.RemoteFile} learns what a path is in one command
 * ({@link herd.engine.module.builtin.files.PathState}, {@link herd.engine.module.builtin.files.Inode},
 * what else to learn in a {@link herd.engine.module.builtin.files.Probe}) and writes content as
 * Ansible's modules do (staged beside the file, validated, backed up, owner/group/mode kept or set,
 * renamed into place); {@link herd.engine.module.builtin.files.FileAttributes} applies owner, group
 * and mode idempotently with Ansible's diff; {@link herd.engine.module.builtin.files.Modes} computes
 * octal and symbolic modes as chmod does. Failures are
 * {@link herd.engine.module.builtin.files.FileError}s in Ansible's words.
 *
 * <p>Everything goes through the call's {@link herd.engine.module.Target}, so as the become user:
 * a file written with become root is root's, as with Ansible; changing the owner needs root.
 * Check mode is the caller's: probe, compute, and skip {@code write}; {@code FileAttributes.apply}
 * takes the flag itself.
 */
package herd.engine.module.builtin.files;
