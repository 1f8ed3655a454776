package herd.engine.module.builtin.files;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import herd.engine.module.Target;
import herd.engine.shell.ShellWords;
import herd.engine.transport.ExecResult;
import herd.engine.transport.UnreachableException;

/**
 * The owner, group and mode a task asks for (Ansible's file common arguments), applied to a path
 * as Ansible's {@code set_fs_attributes_if_different} does: only what differs is changed, the
 * {@code diff} says what (uids and gids as numbers, modes as {@code 0644}), check mode changes
 * nothing. Names are looked up on the host by {@link RemoteFile#probe} (ask with {@link #names}).
 *
 * @param mode a number, an octal string or a symbolic mode, see {@link Modes}
 */
public record FileAttributes(Optional<String> owner, Optional<String> group, Optional<Object> mode) {

    public static final FileAttributes NONE = new FileAttributes(Optional.empty(), Optional.empty(), Optional.empty());

    /** The {@code owner}, {@code group} and {@code mode} arguments of a call. */
    public static FileAttributes of(Map<String, Object> args) {
        return new FileAttributes(text(args.get("owner")), text(args.get("group")),
                Optional.ofNullable(args.get("mode")));
    }

    private static Optional<String> text(Object value) {
        return value == null ? Optional.empty() : Optional.of(value.toString());
    }

    /** The same attributes with another mode (copy's {@code mode: preserve}, {@code directory_mode}). */
    public FileAttributes withMode(Optional<Object> newMode) {
        return new FileAttributes(owner, group, newMode);
    }

    /** True when nothing is asked for. */
    public boolean isEmpty() {
        return owner.isEmpty() && group.isEmpty() && mode.isEmpty();
    }

    /** The probe with the lookups these attributes need: the owner's uid, the group's gid. */
    public Probe names(Probe probe) {
        Probe p = probe;
        if (owner.isPresent()) {
            p = p.withUser(owner.get());
        }
        if (group.isPresent()) {
            p = p.withGroup(group.get());
        }
        return p;
    }

    /** The mode asked for, computed against the current one; a bad mode is Ansible's failure. */
    public int resolveMode(int current, boolean directory, int umask, String path) throws FileError {
        try {
            return Modes.resolve(mode.orElseThrow(), current, directory, umask);
        } catch (Modes.BadMode e) {
            throw new FileError(e.getMessage(), Map.of("path", path, "details", e.details()));
        }
    }

    /** The uid asked for; Ansible's failure when the host knows no such user. */
    public OptionalLong uid(PathState state, String path) throws FileError {
        if (owner.isEmpty()) {
            return OptionalLong.empty();
        }
        OptionalLong uid = state.uid(owner.get());
        if (uid.isEmpty()) {
            throw new FileError("chown failed: failed to look up user " + owner.get(), Map.of("path", path));
        }
        return uid;
    }

    /** The gid asked for; Ansible's failure when the host knows no such group. */
    public OptionalLong gid(PathState state, String path) throws FileError {
        if (group.isEmpty()) {
            return OptionalLong.empty();
        }
        OptionalLong gid = state.gid(group.get());
        if (gid.isEmpty()) {
            throw new FileError("chgrp failed: failed to look up group " + group.get(), Map.of("path", path));
        }
        return gid;
    }

    /** chown's {@code UID:GID}, {@code UID} or {@code :GID} for what is asked; empty when neither is. */
    String chownSpec(PathState state, String path) throws FileError {
        OptionalLong uid = uid(state, path);
        OptionalLong gid = gid(state, path);
        return (uid.isPresent() ? Long.toString(uid.getAsLong()) : "")
                + (gid.isPresent() ? ":" + gid.getAsLong() : "");
    }

    /**
     * What {@link #apply} changed (or would change, in check mode).
     *
     * @param before the old values of what changed ({@code owner}, {@code group}: ids; {@code mode}: octal text)
     * @param after  the new values, likewise
     */
    public record Applied(boolean changed, Map<String, Object> before, Map<String, Object> after) {
        public Applied {
            before = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(before));
            after = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(after));
        }
    }

    /**
     * Sets what differs on an existing path, one command; nothing in check mode.
     *
     * @param state  the path now, from a {@link RemoteFile#probe} with {@link #names}
     * @param follow for a link: change where it leads (else the link itself: owner and group; a
     *               link has no mode of its own on Linux, so its mode is left alone)
     */
    public Applied apply(Target target, String path, PathState state, boolean follow, boolean checkMode)
            throws UnreachableException, FileError {
        Inode inode = state.inode(follow).orElseThrow(() -> new FileError("file (" + path + ") is absent, cannot continue",
                Map.of("path", path)));
        boolean onLink = inode.kind() == Inode.Kind.LINK;
        String where = follow && state.isLink() ? state.realPath().orElse(path) : path;
        Map<String, Object> before = new LinkedHashMap<>();
        Map<String, Object> after = new LinkedHashMap<>();
        StringBuilder s = new StringBuilder("p=").append(ShellWords.quote(where)).append("; ");
        OptionalLong uid = uid(state, path);
        if (uid.isPresent() && uid.getAsLong() != inode.uid()) {
            before.put("owner", inode.uid());
            after.put("owner", uid.getAsLong());
            s.append("e=$(chown -h -- ").append(uid.getAsLong()).append(" \"$p\" 2>&1) || { printf 'chown failed: %s\\n' \"$e\" >&2; exit 1; }; ");
        }
        OptionalLong gid = gid(state, path);
        if (gid.isPresent() && gid.getAsLong() != inode.gid()) {
            before.put("group", inode.gid());
            after.put("group", gid.getAsLong());
            s.append("chgrp -h -- ").append(gid.getAsLong()).append(" \"$p\" 2>/dev/null || { echo 'chgrp failed' >&2; exit 1; }; ");
        }
        if (mode.isPresent()) {
            int now = inode.permissions();
            int wanted = resolveMode(now, inode.kind() == Inode.Kind.DIRECTORY, state.umask(), path);
            if (wanted != now) {
                before.put("mode", Modes.octal(now));
                after.put("mode", Modes.octal(wanted));
                if (!onLink) {
                    s.append("chmod ").append(Modes.octal(wanted)).append(" \"$p\" || exit 1; ");
                }
            }
        }
        boolean changed = !before.isEmpty();
        if (changed && !checkMode) {
            s.append(":");
            ExecResult r = target.sh(s.toString());
            if (r.rc() != 0) {
                throw new FileError(RemoteFile.denied(RemoteFile.words(r), where), Map.of("path", path));
            }
        }
        return new Applied(changed, before, after);
    }
}
