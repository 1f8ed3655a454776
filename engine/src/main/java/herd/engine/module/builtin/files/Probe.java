package herd.engine.module.builtin.files;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What {@link RemoteFile#probe} learns beyond the path's stat, umask, link target and access: a
 * checksum (an algorithm of {@code md5}, {@code sha1}, {@code sha224}, {@code sha256}, {@code sha384},
 * {@code sha512}), the ids of user and group names, the MIME type, the lsattr attributes. All in the
 * same single command.
 */
public record Probe(Optional<String> checksum, List<String> users, List<String> groups, boolean mime,
                    boolean attributes) {
    public Probe {
        users = List.copyOf(users);
        groups = List.copyOf(groups);
    }

    /** The stat, umask, link target and access only. */
    public static final Probe PLAIN = new Probe(Optional.empty(), List.of(), List.of(), false, false);

    /** With the file's SHA-1 checksum, as Ansible compares files. */
    public Probe withChecksum() {
        return withChecksum("sha1");
    }

    public Probe withChecksum(String algorithm) {
        return new Probe(Optional.of(algorithm), users, groups, mime, attributes);
    }

    /** With the uid of a user name (a number needs no lookup). */
    public Probe withUser(String name) {
        List<String> more = new ArrayList<>(users);
        more.add(name);
        return new Probe(checksum, more, groups, mime, attributes);
    }

    /** With the gid of a group name. */
    public Probe withGroup(String name) {
        List<String> more = new ArrayList<>(groups);
        more.add(name);
        return new Probe(checksum, users, more, mime, attributes);
    }

    public Probe withMime() {
        return new Probe(checksum, users, groups, true, attributes);
    }

    public Probe withAttributes() {
        return new Probe(checksum, users, groups, mime, true);
    }
}
