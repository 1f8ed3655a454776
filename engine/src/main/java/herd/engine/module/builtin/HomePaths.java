package herd.engine.module.builtin;

import herd.engine.module.Target;
import herd.engine.transport.ExecResult;
import herd.engine.transport.UnreachableException;

/**
 * A path argument that starts with {@code ~} or {@code ~user}, expanded on the host as Ansible's
 * {@code type='path'} arguments are: the home folder of the user the task runs as (or of the user
 * named), as the host's shell knows it.
 */
final class HomePaths {
    private HomePaths() {
    }

    static String expand(Target target, String path) throws UnreachableException {
        if (!path.startsWith("~")) {
            return path;
        }
        int slash = path.indexOf('/');
        String user = path.substring(1, slash < 0 ? path.length() : slash);
        if (!user.matches("[A-Za-z0-9._][A-Za-z0-9._-]*|")) {
            return path;
        }
        // The name is checked above, so the shell sees nothing but a tilde prefix.
        ExecResult r = target.sh("printf '%s\\n' ~" + user);
        String home = r.stdout().strip();
        if (r.rc() != 0 || home.isEmpty() || home.startsWith("~")) {
            return path;
        }
        return home + (slash < 0 ? "" : path.substring(slash));
    }
}
