package herd.engine.module.builtin.files;

import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What a path on the host is, as one {@link RemoteFile#probe} command found it.
 *
 * @param path       the path as the task named it
 * @param umask      the umask of the user the call runs as
 * @param lstat      the path itself (a link as a link); empty when nothing is there
 * @param followed   where a link leads (the path itself when it is no link); empty when nothing is
 *                   there or the link is broken
 * @param linkTarget a link's target as written ({@code readlink}), for a link only
 * @param realPath   the path with every link resolved ({@code readlink -f}), for a link only
 * @param checksum   the checksum of the file (links followed) when asked for and readable
 * @param access     which of {@code r}, {@code w}, {@code x} the calling user has (links followed)
 * @param ids        the uid or gid of each owner or group name asked for, keyed {@code user:NAME} and
 *                   {@code group:NAME}; a name the host does not know is missing
 * @param extra      what else was asked: {@code mime} ({@code file --mime-type --mime-encoding}'s
 *                   answer), {@code lsattr} (its answer), {@code denied} (nothing seen: a folder on the way
 *                   may not be searched)
 */
public record PathState(String path, int umask, Optional<Inode> lstat, Optional<Inode> followed,
                        Optional<String> linkTarget, Optional<String> realPath, Optional<String> checksum,
                        String access, Map<String, Long> ids, Map<String, String> extra) {
    public PathState {
        ids = Map.copyOf(ids);
        extra = Map.copyOf(extra);
    }

    /** Nothing seen, because a folder on the way may not be searched by the user the call runs as. */
    public boolean denied() {
        return extra.containsKey("denied");
    }

    /** Something is there, a broken link too. */
    public boolean exists() {
        return lstat.isPresent();
    }

    public boolean isLink() {
        return lstat.map(i -> i.kind() == Inode.Kind.LINK).orElse(false);
    }

    /** A folder, or a link to one when {@code follow}. */
    public boolean isDirectory(boolean follow) {
        return inode(follow).map(i -> i.kind() == Inode.Kind.DIRECTORY).orElse(false);
    }

    /** A regular file, or a link to one when {@code follow}. */
    public boolean isFile(boolean follow) {
        return inode(follow).map(i -> i.kind() == Inode.Kind.FILE).orElse(false);
    }

    /** The path itself, or where it leads when {@code follow} and it is a link. */
    public Optional<Inode> inode(boolean follow) {
        return follow && isLink() ? followed : lstat;
    }

    /** The uid of a user name (or a number as it is); empty when the host knows no such user. */
    public OptionalLong uid(String user) {
        return id("user", user);
    }

    /** The gid of a group name (or a number as it is); empty when the host knows no such group. */
    public OptionalLong gid(String group) {
        return id("group", group);
    }

    private OptionalLong id(String kind, String name) {
        if (name.matches("\\d+")) {
            return OptionalLong.of(Long.parseLong(name));
        }
        Long id = ids.get(kind + ":" + name);
        return id == null ? OptionalLong.empty() : OptionalLong.of(id);
    }

    /**
     * The fields Ansible's modules add to a result about the path they worked on ({@code
     * add_path_info}): uid, gid, owner, group, mode, state ({@code file}, {@code directory},
     * {@code link}, {@code hard}), size; none when nothing is there or a link is broken.
     */
    public Map<String, Object> info() {
        Map<String, Object> out = new java.util.LinkedHashMap<>();
        if (followed.isEmpty() || lstat.isEmpty()) {
            return out;
        }
        Inode self = lstat.get();
        out.put("uid", self.uid());
        out.put("gid", self.gid());
        out.put("owner", self.owner());
        out.put("group", self.group());
        out.put("mode", self.mode());
        out.put("state", state());
        out.put("size", self.size());
        return out;
    }

    /**
     * The path's state in the file module's words: {@code absent}, {@code link}, {@code directory},
     * {@code hard} (a file with more than one name), {@code file} (anything else).
     */
    public String state() {
        if (lstat.isEmpty()) {
            return "absent";
        }
        if (isLink()) {
            return "link";
        }
        Inode self = lstat.get();
        if (self.kind() == Inode.Kind.DIRECTORY) {
            return "directory";
        }
        return self.nlink() > 1 ? "hard" : "file";
    }
}
