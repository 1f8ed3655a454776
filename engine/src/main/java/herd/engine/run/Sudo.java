package herd.engine.run;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import herd.engine.shell.ShellWords;
import herd.engine.transport.ExecRequest;
import herd.engine.transport.ExecResult;
import herd.engine.transport.UnreachableException;

/**
 * How a task becomes another user. With sudo: {@code sudo -n} without a password (fails at once when
 * sudo would ask), or {@code sudo -S -p ''} with the password written as the first line of standard
 * input. With su: {@code su USER -c} without a password (the login user is root), or, since su reads a
 * password from a terminal only, herd's small program ({@code su.py}, run by the host's python3) that
 * gives su a terminal and the password from the first line of standard input.
 *
 * @param method {@code sudo} or {@code su}
 */
record Sudo(String user, Optional<BecomePassword> password, List<String> flags, String method) {
    /** sudo's options where become_flags names none: a login-like HOME, as Ansible's default. */
    static final List<String> DEFAULT_FLAGS = List.of("-H");
    private static final String SU_PROGRAM = program("su.py");

    Sudo(String user, Optional<BecomePassword> password, List<String> flags) {
        this(user, password, flags, "sudo");
    }

    Sudo(String user, Optional<BecomePassword> password) {
        this(user, password, DEFAULT_FLAGS);
    }

    /** Runs a script through /bin/sh, as the become user when there is one. */
    static String wrap(String script, Optional<Sudo> sudo) {
        return sudo.map(s -> s.wrap(script)).orElse(sh(script));
    }

    /**
     * A command line for the host, and how a command session runs the same script (none with su,
     * which reads its password from a terminal).
     */
    record Line(String command, Optional<ExecRequest.Session> session) {
    }

    /** {@link #wrap}, with its session form. */
    static Line line(String script, Optional<Sudo> sudo) {
        return new Line(wrap(script, sudo), session(script, sudo));
    }

    /** {@link #wrapReadingStdin}, with its session form. */
    static Line lineReadingStdin(String script, Optional<Sudo> sudo) {
        return new Line(wrapReadingStdin(script, sudo), session(script, sudo));
    }

    /**
     * Runs a script through /bin/sh that first reads a task's {@link Environment} from its standard
     * input (after sudo's password line, or skipping it where sudo read none), then runs with no
     * standard input; with its session form.
     */
    static Line lineWithEnvironment(String script, Optional<Sudo> sudo) {
        return lineReadingStdin(Environment.READER + "exec </dev/null; " + script, sudo);
    }

    /**
     * A session as the login user, or started by this sudo command line: there the script reads only its
     * own input (the password line went to sudo once, when the session started).
     */
    private static Optional<ExecRequest.Session> session(String script, Optional<Sudo> sudo) {
        if (sudo.isEmpty()) {
            return Optional.of(new ExecRequest.Session("", script));
        }
        return sudo.get().su() ? Optional.empty() : Optional.of(new ExecRequest.Session(sudo.get().prefix(), script));
    }

    /**
     * Runs a program that reads its standard input; with a password, the line after it reaches the
     * program. Only for herd's own programs, which read the last line (see {@link herd.engine.module.Target#program}).
     */
    static String wrapReadingStdin(String script, Optional<Sudo> sudo) {
        return sudo.map(s -> s.su() ? s.su(script) : s.prefix() + sh(script)).orElse(sh(script));
    }

    private boolean su() {
        return method.equals("su");
    }

    private String wrap(String script) {
        if (su()) {
            return su(script);
        }
        // sudo reads no line when it needs no password (NOPASSWD, cached, already root): the
        // command then must not see the password on its standard input, and it has nothing else there
        return prefix() + sh(password.isPresent() ? "exec </dev/null; " + script : script);
    }

    /** su runs the script with the user's shell's -c; with a password, through herd's terminal program. */
    private String su(String script) {
        StringBuilder options = new StringBuilder();
        for (String flag : flags) {
            options.append(' ').append(ShellWords.quote(flag));
        }
        if (password.isEmpty()) {
            return "su" + options + " " + ShellWords.quote(user) + " -c " + ShellWords.quote(sh(script));
        }
        return "python3 -c " + ShellWords.quote(SU_PROGRAM) + " " + ShellWords.quote(user) + " "
                + ShellWords.quote(sh(script)) + options;
    }

    /** One of herd's own programs for the host, from its jar. */
    static String program(String name) {
        try (java.io.InputStream in = Sudo.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.io.IOException | NullPointerException e) {
            throw new IllegalStateException("herd's " + name + " is missing from its jar", e);
        }
    }

    private String prefix() {
        StringBuilder options = new StringBuilder();
        for (String flag : flags) {
            // -n and -S are herd's to decide (with or without a password), as Ansible decides them
            if (!flag.equals("-n") && !flag.equals("-S")) {
                options.append(ShellWords.quote(flag)).append(' ');
            }
        }
        return (password.isPresent() ? "sudo -S -p '' " : "sudo -n ") + options + "-u " + ShellWords.quote(user) + " -- ";
    }

    private static String sh(String script) {
        return "/bin/sh -c " + ShellWords.quote(script);
    }

    /**
     * Runs a command wrapped by {@link #wrap} or {@link #wrapReadingStdin}: the password line first on
     * its standard input, then {@code stdin}.
     *
     * @throws BecomeRefused when sudo refused the password
     */
    static ExecResult exec(HostExec host, Line command, Optional<byte[]> stdin, Optional<Duration> timeout,
                           Optional<BecomePassword> password) throws UnreachableException {
        if (password.isEmpty()) {
            return host.exec(new ExecRequest(command.command(), stdin, timeout, command.session()));
        }
        byte[] line = password.get().line();
        byte[] rest = stdin.orElse(new byte[0]);
        byte[] all = new byte[line.length + rest.length];
        System.arraycopy(line, 0, all, 0, line.length);
        System.arraycopy(rest, 0, all, line.length, rest.length);
        ExecResult result = host.exec(new ExecRequest(command.command(), Optional.of(all), timeout,
                command.session().map(s -> new ExecRequest.Session(s.launcher(), s.script(), line.length))));
        if (refused(result)) {
            throw new BecomeRefused(result);
        }
        return result;
    }

    /** sudo's own words when every attempt failed ("sudo: 1 incorrect password attempt"), or su's. */
    private static boolean refused(ExecResult result) {
        return result.rc() == 1 && (result.stderr().contains("incorrect password attempt")
                || result.stderr().contains("su: Authentication failure"));
    }

    /** sudo refused the become password: the step fails, with sudo's words, and nothing ran. */
    static final class BecomeRefused extends RuntimeException {
        private final transient ExecResult result;

        BecomeRefused(ExecResult result) {
            super((result.stderr().contains("su: Authentication failure") ? "su" : "sudo")
                    + " refused the become password", null, false, false);
            this.result = result;
        }

        ExecResult result() {
            return result;
        }

        /** sudo's last line, for example "sudo: 1 incorrect password attempt". */
        String sudoSays() {
            String[] lines = result.stderr().strip().split("\n");
            for (int i = lines.length - 1; i >= 0; i--) {
                if (lines[i].contains("incorrect password attempt") || lines[i].contains("Authentication failure")) {
                    return lines[i].strip();
                }
            }
            return lines[lines.length - 1].strip();
        }
    }
}
