package herd.engine.run;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import herd.engine.load.Position;
import herd.engine.playbook.Action;
import herd.engine.playbook.Play;
import herd.engine.playbook.PlaybookLoader;
import herd.engine.playbook.Task;
import herd.engine.template.Templates;

class CommandBuilderTest {
    private static final CommandBuilder BUILDER = new CommandBuilder(new Templates());

    @TempDir
    Path dir;

    /** What /bin/sh made of a command line: its exit code and everything it printed. */
    private record Ran(int rc, String output) {
    }

    /** Runs a command line as an SSH server's login shell would, in the test's own folder. */
    private Ran sh(String command, Map<String, String> env) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder("/bin/sh", "-c", command).redirectErrorStream(true)
                .directory(dir.toFile());
        builder.environment().putAll(env);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), UTF_8);
        return new Ran(process.waitFor(), output);
    }

    private Ran sh(String command) throws IOException, InterruptedException {
        return sh(command, Map.of());
    }

    private Play play(String yaml) throws IOException {
        Path file = dir.resolve("play.yml");
        Files.writeString(file, yaml);
        return PlaybookLoader.load(file).plays().getFirst();
    }

    /** The command of a command or shell task, as the runner prepares it. */
    static PreparedCommand prepare(CommandBuilder builder, Play play, Task task, Map<String, Object> vars)
            throws TemplateProblem {
        return switch (task.action()) {
            case Action.Command c -> builder.prepare(play, task, c, vars);
            case Action.Shell s -> builder.prepare(play, task, s, vars);
            case Action.Module m -> throw new AssertionError(m.module() + " is not a command");
            case Action.Include i -> throw new AssertionError(i.module() + " is not a command");
            case Action.Block b -> throw new AssertionError("a block is not a command");
        };
    }

    /** The command of the play's only task. */
    private PreparedCommand prepare(String yaml, Map<String, Object> vars) throws Exception {
        Play play = play(yaml);
        return prepare(BUILDER, play, play.tasks().getFirst(), new HashMap<>(vars));
    }

    private String command(String yaml, Map<String, Object> vars) throws Exception {
        PreparedCommand prepared = prepare(yaml, vars);
        assertEquals(Optional.empty(), prepared.guard());
        return prepared.command();
    }

    private String command(String yaml) throws Exception {
        return command(yaml, Map.of());
    }

    @Test
    void commandQuotesEachWordForTheShell() throws Exception {
        String line = command("""
                - hosts: all
                  tasks:
                    - command: echo "a b" c
                """);
        assertEquals("/bin/sh -c 'echo '\"'\"'a b'\"'\"' c'", line);
    }

    @Test
    void commandPassesEachWordAsOneArgument() throws Exception {
        String line = command("""
                - hosts: all
                  tasks:
                    - command: printf '[%s]\\n' "a b" c '' "it's"
                """);
        assertEquals("/bin/sh -c 'printf '\"'\"'[%s]\\n'\"'\"' '\"'\"'a b'\"'\"' c '\"'\"''\"'\"' '\"'\"'it'\"'\"'\"'\"'\"'\"'\"'\"'s'\"'\"''",
                line);
        assertEquals(new Ran(0, "[a b]\n[c]\n[]\n[it's]\n"), sh(line));
    }

    @Test
    void commandInterpretsNoShellSyntax() throws Exception {
        String line = command("""
                - hosts: all
                  tasks:
                    - command: echo $HOME; ls
                """);
        assertEquals("/bin/sh -c 'echo '\"'\"'$HOME;'\"'\"' ls'", line);
        assertEquals(new Ran(0, "$HOME; ls\n"), sh(line, Map.of("HOME", "/home/deploy")));
    }

    @Test
    void commandDoesNotRunWhatAVariableSmuggles() throws Exception {
        String line = command("""
                - hosts: all
                  tasks:
                    - command: printf '[%s]' {{ msg }}
                """, Map.of("msg", "$(id) `id` | cat > x"));
        assertEquals(new Ran(0, "[$(id)][`id`][|][cat][>][x]"), sh(line));
        assertFalse(Files.exists(dir.resolve("x")));
    }

    @Test
    void commandDoesNotTreatALeadingAssignmentAsShellSyntax() throws Exception {
        String line = command("""
                - hosts: all
                  tasks:
                    - command: HERD_PROBE=1 printenv HERD_PROBE
                """);
        Ran ran = sh(line);
        assertFalse(ran.output().equals("1\n"), "the shell took HERD_PROBE=1 as an assignment");
        assertEquals(127, ran.rc(), "Ansible runs a program named 'HERD_PROBE=1', which does not exist");
    }

    @Test
    void aLeadingAssignmentInArgvOrFromAVariableIsAProgramNameToo() throws Exception {
        Ran argv = sh(command("""
                - hosts: all
                  tasks:
                    - command:
                        argv: [HERD_PROBE=1, printenv, HERD_PROBE]
                """));
        assertEquals(127, argv.rc(), argv.output());
        Ran filled = sh(command("""
                - hosts: all
                  tasks:
                    - command: "{{ probe }} printenv HERD_PROBE"
                """, Map.of("probe", "HERD_PROBE=1")));
        assertEquals(127, filled.rc(), filled.output());
    }

    @Test
    void aLeadingShellKeywordIsAProgramName() throws Exception {
        for (String keyword : List.of("if", "while", "until", "for", "case", "!", "{")) {
            String line = command("""
                    - hosts: all
                      tasks:
                        - command: "%s true"
                    """.formatted(keyword));
            Ran ran = sh(line);
            assertEquals(127, ran.rc(), keyword + " ran as shell syntax: " + line + " -> " + ran.output());
        }
        assertEquals("/bin/sh -c ''\"'\"'if'\"'\"' true'", command("""
                - hosts: all
                  tasks:
                    - command: if true
                """));
    }

    @Test
    void aKeywordLaterInTheLineIsAnArgument() throws Exception {
        assertEquals(new Ran(0, "if then fi\n"), sh(command("""
                - hosts: all
                  tasks:
                    - command: echo if then fi
                """)));
    }

    @Test
    void freeFormParametersBecomeChdirAndGuard() throws Exception {
        PreparedCommand prepared = prepare("""
                - hosts: all
                  tasks:
                    - command: bin/buildout -N chdir=/srv/app creates={{marker}}
                """, Map.of("marker", "bin/instance"));
        assertEquals("/bin/sh -c 'cd /srv/app || exit 1\nbin/buildout -N'", prepared.command());
        assertEquals(Optional.of(new PreparedCommand.Guard("/bin/sh -c 'cd /srv/app || exit 1\ntest -e bin/instance'",
                        true, "skipped, since bin/instance exists", Optional.of(new herd.engine.transport.ExecRequest.Session(
                        "", "cd /srv/app || exit 1\ntest -e bin/instance")))),
                prepared.guard());
        // a command session as the login user runs the same script
        assertEquals(Optional.of(new herd.engine.transport.ExecRequest.Session("", "cd /srv/app || exit 1\nbin/buildout -N")),
                prepared.session());
    }

    @Test
    void freeFormParametersMayBeTemplatesWithBlanks() throws Exception {
        PreparedCommand prepared = prepare("""
                - hosts: all
                  tasks:
                    - command: bin/buildout -N chdir={{ app }} creates="{{ app }}/bin/instance"
                """, Map.of("app", "/srv/my app"));
        assertEquals("/bin/sh -c 'cd '\"'\"'/srv/my app'\"'\"' || exit 1\nbin/buildout -N'", prepared.command());
        assertEquals("skipped, since /srv/my app/bin/instance exists", prepared.guard().orElseThrow().message());
    }

    @Test
    void argvWordsAreNeverSplitOrReparsed() throws Exception {
        String line = command("""
                - hosts: all
                  tasks:
                    - command:
                        argv: [printf, "[%s]", "{{ words }}", "{{ quote }}", "a  b"]
                """, Map.of("words", "one two", "quote", "\"unclosed"));
        assertEquals(new Ran(0, "[one two][\"unclosed][a  b]"), sh(line));
    }

    @Test
    void shellRunsTheLineThroughTheShell() throws Exception {
        String line = command("""
                - hosts: all
                  tasks:
                    - shell: echo $HOME; echo "second"
                """);
        assertEquals("/bin/sh -c 'echo $HOME; echo \"second\"'", line);
        assertEquals(new Ran(0, "/home/deploy\nsecond\n"), sh(line, Map.of("HOME", "/home/deploy")));
    }

    @Test
    void aSafeCommandIsNotQuoted() throws Exception {
        assertEquals("/bin/sh -c whoami", command("""
                - hosts: all
                  tasks:
                    - command: whoami
                """));
    }

    @Test
    void argvWordsReachTheProgramUnchanged() throws Exception {
        String line = command("""
                - hosts: all
                  tasks:
                    - command:
                        argv: [printf, "[%s]", "a b", "it's", "", "$HOME", "{{ word }}"]
                """, Map.of("word", "x y"));
        assertEquals(new Ran(0, "[a b][it's][][$HOME][x y]"), sh(line));
    }

    @Test
    void argvWordsWithAQuoteInAVariableReachTheProgramUnchanged() throws Exception {
        String line = command("""
                - hosts: all
                  tasks:
                    - command:
                        argv: [printf, "[%s]", "{{ word }}"]
                """, Map.of("word", "it's"));
        assertEquals(new Ran(0, "[it's]"), sh(line));
    }

    @Test
    void templatesAreFilledIncludingNestedOnes() throws Exception {
        String line = command("""
                - hosts: all
                  tasks:
                    - command: ls {{ app_dir }}
                """, Map.of("app_dir", "{{ base }}/app", "base", "/srv"));
        assertEquals("/bin/sh -c 'ls /srv/app'", line);
    }

    @Test
    void aFilledValueIsSplitIntoWordsUnlessTheLineQuotesIt() throws Exception {
        Map<String, Object> vars = Map.of("path", "my site");
        assertEquals(new Ran(0, "[my][site]"), sh(command("""
                - hosts: all
                  tasks:
                    - command: printf [%s] {{ path }}
                """, vars)));
        assertEquals(new Ran(0, "[my site]"), sh(command("""
                - hosts: all
                  tasks:
                    - command: printf [%s] "{{ path }}"
                """, vars)));
    }

    @Test
    void rawBlocksStayLiteral() throws Exception {
        String line = command("""
                - hosts: all
                  tasks:
                    - shell: docker inspect -f '{% raw %}{{ .State.Running }}{% endraw %}' web
                """);
        assertEquals("/bin/sh -c 'docker inspect -f '\"'\"'{{ .State.Running }}'\"'\"' web'", line);
    }

    @Test
    void becomeWithABecomeUserRunsThroughSudo() throws Exception {
        String line = command("""
                - hosts: all
                  become: true
                  become_user: plone_daemon
                  tasks:
                    - command: bin/instance start
                """);
        assertEquals("sudo -n -H -u plone_daemon -- /bin/sh -c 'bin/instance start'", line);
    }

    @Test
    void theTaskBecomeUserOverridesThePlays() throws Exception {
        String line = command("""
                - hosts: all
                  become: true
                  become_user: plone_daemon
                  tasks:
                    - command: id
                      become_user: "{{ svc }}"
                """, Map.of("svc", "my svc"));
        assertEquals("sudo -n -H -u 'my svc' -- /bin/sh -c id", line);
    }

    @Test
    void becomeWithoutAUserBecomesRoot() throws Exception {
        assertEquals("sudo -n -H -u root -- /bin/sh -c id", command("""
                - hosts: all
                  tasks:
                    - command: id
                      become: yes
                """));
    }

    @Test
    void aBecomeUserAloneDoesNotBecome() throws Exception {
        assertEquals("/bin/sh -c id", command("""
                - hosts: all
                  become_user: plone_daemon
                  tasks:
                    - command: id
                """));
        assertEquals("/bin/sh -c id", command("""
                - hosts: all
                  become: true
                  tasks:
                    - command: id
                      become: false
                      become_user: plone_daemon
                """));
    }

    @Test
    void theInventoryBecomeUserIsUsedWhenThePlaybookNamesNone() throws Exception {
        String yaml = """
                - hosts: all
                  become: true
                  tasks:
                    - command: id
                """;
        assertEquals("sudo -n -H -u app -- /bin/sh -c id", command(yaml, Map.of("ansible_become_user", "app")));
        assertEquals("sudo -n -H -u plone_daemon -- /bin/sh -c id", command("""
                - hosts: all
                  become: true
                  tasks:
                    - command: id
                      become_user: plone_daemon
                """, Map.of("ansible_become_user", "app")));
    }

    @Test
    void becomeWrittenAsATemplateIsDecidedPerHost() throws Exception {
        String yaml = """
                - hosts: all
                  become: "{{ use_sudo }}"
                  become_user: plone
                  tasks:
                    - command: id
                """;
        assertEquals("sudo -n -H -u plone -- /bin/sh -c id", command(yaml, Map.of("use_sudo", "yes")));
        assertEquals("/bin/sh -c id", command(yaml, Map.of("use_sudo", false)));
        assertEquals("/bin/sh -c id", command("""
                - hosts: all
                  become: "{{ use_sudo }}"
                  tasks:
                    - command: id
                      become: false
                """, Map.of("use_sudo", true)), "the task's become wins");
        TemplateProblem problem = assertThrows(TemplateProblem.class, () -> prepare(yaml, Map.of("use_sudo", "maybe")));
        assertEquals("'become' must be a boolean, not 'maybe'", problem.getMessage());
    }

    @Test
    void theInventoryCanTurnBecomeOn() throws Exception {
        String yaml = """
                - hosts: all
                  tasks:
                    - command: id
                """;
        assertEquals("sudo -n -H -u app -- /bin/sh -c id",
                command(yaml, Map.of("ansible_become", "yes", "ansible_become_user", "app")));
        assertEquals("/bin/sh -c id", command(yaml, Map.of("ansible_become", false, "ansible_become_user", "app")));
    }

    @Test
    void chdirChangesDirectoryFirstAndStopsWhenItCannot() throws Exception {
        String yaml = """
                - hosts: all
                  tasks:
                    - command:
                        cmd: pwd
                        chdir: "{{ dir }}"
                """;
        assertEquals("/bin/sh -c 'cd '\"'\"'/srv/my app'\"'\"' || exit 1\npwd'",
                command(yaml, Map.of("dir", "/srv/my app")));

        Path work = Files.createDirectories(dir.resolve("my work"));
        assertEquals(new Ran(0, work.toRealPath() + "\n"), sh(command(yaml, Map.of("dir", work.toString()))));
        Ran missing = sh(command(yaml, Map.of("dir", dir.resolve("missing").toString())));
        assertEquals(1, missing.rc());
        assertFalse(missing.output().contains(dir.toString() + "\n"), missing.output());
    }

    @Test
    void chdirFromArgsAppliesToAShellTask() throws Exception {
        assertEquals("/bin/sh -c 'cd /srv || exit 1\nls | wc -l'", command("""
                - hosts: all
                  tasks:
                    - shell: ls | wc -l
                      args:
                        chdir: /srv
                """));
    }

    @Test
    void createsGuardsTheCommandWithATest() throws Exception {
        PreparedCommand prepared = prepare("""
                - hosts: all
                  become: true
                  tasks:
                    - command:
                        cmd: bin/buildout
                        chdir: /srv/app
                        creates: "{{ marker }}"
                """, Map.of("marker", "bin/instance"));
        assertEquals("sudo -n -H -u root -- /bin/sh -c 'cd /srv/app || exit 1\nbin/buildout'", prepared.command());
        assertEquals(Optional.of(new PreparedCommand.Guard(
                        "sudo -n -H -u root -- /bin/sh -c 'cd /srv/app || exit 1\ntest -e bin/instance'",
                        true, "skipped, since bin/instance exists", Optional.of(new herd.engine.transport.ExecRequest.Session(
                        "sudo -n -H -u root -- ", "cd /srv/app || exit 1\ntest -e bin/instance")))),
                prepared.guard());
        // a command session started by the same sudo runs the same script
        assertEquals(Optional.of(new herd.engine.transport.ExecRequest.Session("sudo -n -H -u root -- ",
                "cd /srv/app || exit 1\nbin/buildout")), prepared.session());
    }

    @Test
    void removesGuardsTheCommandWithATest() throws Exception {
        Path flag = dir.resolve("a flag");
        PreparedCommand prepared = prepare("""
                - hosts: all
                  tasks:
                    - shell: rm "{{ flag }}"
                      args:
                        removes: "{{ flag }}"
                """, Map.of("flag", flag.toString()));
        PreparedCommand.Guard guard = prepared.guard().orElseThrow();
        assertEquals("/bin/sh -c 'test -e '\"'\"'" + flag + "'\"'\"''", guard.command());
        assertEquals(false, guard.skipWhenTrue());
        assertEquals("skipped, since " + flag + " does not exist", guard.message());

        assertEquals(1, sh(guard.command()).rc(), "the test fails while the file is missing: skip");
        Files.writeString(flag, "");
        assertEquals(0, sh(guard.command()).rc());
        assertEquals(0, sh(prepared.command()).rc());
        assertFalse(Files.exists(flag));
    }

    @Test
    void anUndefinedVariableNamesTheTextThatFailed() throws Exception {
        Play play = play("""
                - hosts: all
                  tasks:
                    - command: echo {{ nope }}
                """);
        TemplateProblem problem = assertThrows(TemplateProblem.class,
                () -> prepare(BUILDER, play, play.tasks().getFirst(), new HashMap<>()));
        assertEquals("'nope' is undefined", problem.getMessage());
        assertEquals("echo {{ nope }}", problem.text().raw());
        assertEquals(new Position(dir.resolve("play.yml"), 3, 16), problem.text().position());
    }

    @Test
    void aCommandThatCannotBeSplitOrIsEmptyIsAProblem() throws Exception {
        Play play = play("""
                - hosts: all
                  tasks:
                    - command: echo "{{ msg }}
                    - command: "{{ nothing }}"
                """);
        TemplateProblem unclosed = assertThrows(TemplateProblem.class,
                () -> prepare(BUILDER, play, play.tasks().get(0), new HashMap<>(Map.of("msg", "hi"))));
        assertEquals("cannot split the command into words: no closing quotation in: echo \"hi", unclosed.getMessage());
        TemplateProblem empty = assertThrows(TemplateProblem.class,
                () -> prepare(BUILDER, play, play.tasks().get(1), new HashMap<>(Map.of("nothing", ""))));
        assertEquals("the command is empty", empty.getMessage());
    }

    @Test
    void aBecomePasswordMakesSudoReadItFromStdinAndNeverPutsItInTheCommand() throws Exception {
        CommandBuilder builder = new CommandBuilder(new Templates(), Optional.of(new BecomePassword("s3cret pw")));
        Play play = play("""
                - hosts: all
                  become: true
                  become_user: plone_daemon
                  tasks:
                    - command: bin/instance start
                      args:
                        creates: /tmp/started
                """);
        PreparedCommand prepared = prepare(builder, play, play.tasks().getFirst(), new HashMap<>());
        assertEquals("sudo -S -p '' -H -u plone_daemon -- /bin/sh -c 'exec </dev/null; bin/instance start'",
                prepared.command());
        assertEquals("sudo -S -p '' -H -u plone_daemon -- /bin/sh -c 'exec </dev/null; test -e /tmp/started'",
                prepared.guard().orElseThrow().command());
        assertEquals(Optional.of(new BecomePassword("s3cret pw")), prepared.password());
        assertFalse(prepared.toString().contains("s3cret"), prepared::toString);
    }

    @Test
    void withoutBecomeThePasswordIsNotUsed() throws Exception {
        CommandBuilder builder = new CommandBuilder(new Templates(), Optional.of(new BecomePassword("s3cret")));
        Play play = play("""
                - hosts: all
                  tasks:
                    - command: id
                """);
        PreparedCommand prepared = prepare(builder, play, play.tasks().getFirst(), new HashMap<>());
        assertEquals("/bin/sh -c id", prepared.command());
        assertEquals(Optional.empty(), prepared.password());
    }

    @Test
    void theHostsAnsibleBecomePasswordIsATemplateAndWinsOverTheRunsPassword() throws Exception {
        CommandBuilder builder = new CommandBuilder(new Templates(), Optional.of(new BecomePassword("from -K")));
        Play play = play("""
                - hosts: all
                  become: true
                  tasks:
                    - command: id
                """);
        Task task = play.tasks().getFirst();
        Map<String, Object> vars = new HashMap<>(Map.of("ansible_become_password", "{{ vault_pw }}",
                "vault_pw", "from vault"));
        assertEquals(Optional.of(new BecomePassword("from vault")), prepare(builder, play, task, vars).password());
        vars = new HashMap<>(Map.of("ansible_become_pass", "short name"));
        assertEquals(Optional.of(new BecomePassword("short name")), prepare(builder, play, task, vars).password());
        assertEquals(Optional.of(new BecomePassword("from -K")),
                prepare(builder, play, task, new HashMap<>()).password());
        assertEquals(Optional.of(new BecomePassword("only the host's")),
                prepare(BUILDER, play, task, new HashMap<>(Map.of("ansible_become_password", "only the host's"))).password());
        assertEquals("sudo -n -H -u root -- /bin/sh -c id", prepare(BUILDER, play, task, new HashMap<>()).command());
    }

    @Test
    void aBecomePasswordNeverShowsInToStringAndCannotHoldALineBreak() {
        assertEquals("BecomePassword[hidden]", new BecomePassword("s3cret").toString());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new BecomePassword("a\nb"));
        assertEquals("the become password cannot contain a line break", e.getMessage());
    }

    @Test
    void theWrappedCommandNeverSeesThePasswordLineOnItsStdin() throws Exception {
        // as sudo leaves it when it needs no password (NOPASSWD, already root): the line is still unread
        String line = Sudo.wrap("cat; echo done", Optional.of(new Sudo("root", Optional.of(new BecomePassword("pw")))));
        String inner = line.substring(line.indexOf(" -- ") + 4);
        ProcessBuilder builder = new ProcessBuilder("/bin/sh", "-c", inner).redirectErrorStream(true);
        Process process = builder.start();
        process.getOutputStream().write("pw\n".getBytes(UTF_8));
        process.getOutputStream().close();
        assertEquals("done\n", new String(process.getInputStream().readAllBytes(), UTF_8));
        assertEquals(0, process.waitFor());
    }

    @Test
    void theConfigsBecomeDefaultsLieBelowThePlayAndTheInventory() throws Exception {
        CommandBuilder builder = new CommandBuilder(new Templates(), Optional.empty(), new BecomeDefaults(true, "admin"));
        Play play = play("""
                - hosts: all
                  tasks:
                    - command: id
                    - command: id
                      become: false
                    - command: id
                      become_user: plone
                """);
        assertEquals(Optional.of("admin"), builder.becomeUser(play, play.tasks().get(0), new HashMap<>()));
        assertEquals(Optional.empty(), builder.becomeUser(play, play.tasks().get(1), new HashMap<>()));
        assertEquals(Optional.of("plone"), builder.becomeUser(play, play.tasks().get(2), new HashMap<>()));
        assertEquals(Optional.empty(), builder.becomeUser(play, play.tasks().get(0),
                new HashMap<>(Map.of("ansible_become", false))));
        assertEquals(Optional.of("web"), builder.becomeUser(play, play.tasks().get(0),
                new HashMap<>(Map.of("ansible_become_user", "web"))));
    }

    /** Runs a prepared command with its standard input, as a transport does. */
    private Ran withStdin(PreparedCommand prepared) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("/bin/sh", "-c", prepared.command()).redirectErrorStream(true)
                .directory(dir.toFile()).start();
        try (var in = process.getOutputStream()) {
            in.write(prepared.stdin().orElse(new byte[0]));
        }
        String output = new String(process.getInputStream().readAllBytes(), UTF_8);
        return new Ran(process.waitFor(), output);
    }

    @Test
    void stdinReachesTheCommandOnItsStandardInputNeverInItsLine() throws Exception {
        PreparedCommand prepared = prepare("""
                - hosts: all
                  tasks:
                    - command: cat
                      args:
                        stdin: "secret {{ word }}"
                """, Map.of("word", "s3cr3t"));
        assertFalse(prepared.command().contains("s3cr3t"));
        assertEquals(new Ran(0, "secret s3cr3t\n"), withStdin(prepared));
    }

    @Test
    void stdinWithoutTheNewlineAndAfterTheEnvironment() throws Exception {
        Play play = play("""
                - hosts: all
                  tasks:
                    - shell: printf '%s|' "$GREETING" "$(cat)"
                      args:
                        stdin: "two lines\\nno newline"
                        stdin_add_newline: false
                """);
        Task task = play.tasks().getFirst();
        PreparedCommand prepared = BUILDER.prepare(play, task, (Action.Shell) task.action(), new HashMap<>(),
                Map.of("GREETING", "hello"));
        assertEquals(new Ran(0, "hello|two lines\nno newline|"), withStdin(prepared));
    }

    @Test
    void stdinInAFreeFormLine() throws Exception {
        PreparedCommand prepared = prepare("""
                - hosts: all
                  tasks:
                    - command: cat stdin=free
                """, Map.of());
        assertEquals("cat", prepared.command().substring(prepared.command().length() - 4, prepared.command().length() - 1));
        assertEquals(new Ran(0, "free\n"), withStdin(prepared));
    }
}
