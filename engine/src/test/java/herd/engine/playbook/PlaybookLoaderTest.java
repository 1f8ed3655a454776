package herd.engine.playbook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import herd.engine.load.InputException;
import herd.engine.load.Position;
import herd.engine.load.Problem;
import herd.engine.shell.ShellWords;

class PlaybookLoaderTest {
    private static final String NOT_YET = "herd does not run it yet; see the README's reference for what is supported";

    @TempDir
    Path dir;

    private Path write(String text) throws IOException {
        Path file = dir.resolve("site.yml");
        Files.writeString(file, text);
        return file;
    }

    private List<Problem> problems(Path file) {
        return assertThrows(InputException.class, () -> PlaybookLoader.load(file)).problems();
    }

    private Problem onlyProblem(Path file) {
        List<Problem> problems = problems(file);
        assertEquals(1, problems.size(), () -> problems.stream().map(Problem::render).toList().toString());
        return problems.getFirst();
    }

    private static String where(Problem problem) {
        return problem.position() + ": " + problem.message();
    }

    private static Text text(String raw, Path file, int line, int column) {
        return new Text(raw, new Position(file, line, column));
    }

    private static final String SITE = """
            - name: Deploy web
              hosts: web
              become: yes
              become_user: plone_daemon
              gather_facts: false
              vars:
                app_dir: /srv/app
                instances: [client1, client2]
              tasks:
                - name: stop the instance
                  command: bin/instance stop
                  args:
                    chdir: "{{ app_dir }}"
                - ansible.builtin.command:
                    cmd: bin/instance start
                    chdir: /srv/app
                    creates: /srv/app/var/instance.pid
                  become: false
                  ignore_errors: true
                  timeout: 30
                - shell: echo $HOME > /tmp/home
                  become_user: root
                  args:
                    removes: /tmp/flag
                - command:
                    argv: [printf, "%s|", "a b", "it's", ""]
            - hosts: db
              tasks:
                - command: uptime
            """;

    @Test
    void aValidPlaybookLoadsItsPlaysInOrder() throws IOException {
        Path file = write(SITE);
        Playbook playbook = PlaybookLoader.load(file);

        assertEquals(file, playbook.file());
        assertEquals(2, playbook.plays().size());
        Play web = playbook.plays().get(0);
        assertEquals(Optional.of(text("Deploy web", file, 1, 9)), web.name());
        assertEquals(text("web", file, 2, 10), web.hosts());
        assertEquals(Map.of("app_dir", "/srv/app", "instances", List.of("client1", "client2")), web.vars());
        assertEquals(new Become(Optional.of(true), Optional.of(text("plone_daemon", file, 4, 16))), web.become());
        assertEquals(new Position(file, 1, 3), web.position());
        assertEquals("Deploy web", web.displayName());
        assertEquals(4, web.tasks().size());

        Play db = playbook.plays().get(1);
        assertEquals(Optional.empty(), db.name());
        assertEquals("db", db.displayName());
        assertEquals(Become.UNSET, db.become());
        assertEquals(Map.of(), db.vars());
        assertEquals(1, db.tasks().size());
        Task uptime = db.tasks().getFirst();
        assertEquals(Optional.empty(), uptime.name());
        assertEquals(new Action.Command(text("uptime", file, 29, 16), List.of(), Optional.empty(), Optional.empty(),
                Optional.empty()), uptime.action());
        assertEquals(Become.UNSET, uptime.become());
        assertEquals(false, uptime.ignoreErrors());
        assertEquals(Optional.empty(), uptime.timeout());
        assertEquals(List.of(), uptime.when());
        assertEquals(List.of(), uptime.changedWhen());
        assertEquals(List.of(), uptime.failedWhen());
        assertEquals(Optional.empty(), uptime.until());
        assertEquals(Optional.empty(), uptime.register());
        assertEquals(new Position(file, 29, 7), uptime.position());
        assertEquals("command", uptime.displayName());
    }

    @Test
    void aFreeFormCommandTakesItsChdirFromArgs() throws IOException {
        Path file = write(SITE);
        Task stop = PlaybookLoader.load(file).plays().get(0).tasks().get(0);

        assertEquals(Optional.of(text("stop the instance", file, 10, 13)), stop.name());
        assertEquals("stop the instance", stop.displayName());
        assertEquals(new Action.Command(text("bin/instance stop", file, 11, 16), List.of(),
                Optional.of(text("{{ app_dir }}", file, 13, 16)), Optional.empty(), Optional.empty()), stop.action());
        assertEquals(Become.UNSET, stop.become());
        assertEquals(false, stop.ignoreErrors());
        assertEquals(Optional.empty(), stop.timeout());
        assertEquals(new Position(file, 10, 7), stop.position());
    }

    @Test
    void aFullyQualifiedCommandWithAMappingOfArguments() throws IOException {
        Path file = write(SITE);
        Task start = PlaybookLoader.load(file).plays().get(0).tasks().get(1);

        Action.Command command = assertInstanceOf(Action.Command.class, start.action());
        assertEquals("command", command.module());
        assertEquals(text("bin/instance start", file, 15, 14), command.cmd());
        assertEquals(Optional.of(text("/srv/app", file, 16, 16)), command.chdir());
        assertEquals(Optional.of(text("/srv/app/var/instance.pid", file, 17, 18)), command.creates());
        assertEquals(Optional.empty(), command.removes());
        assertEquals(new Become(Optional.of(false), Optional.empty()), start.become());
        assertEquals(true, start.ignoreErrors());
        assertEquals(Optional.of(Duration.ofSeconds(30)), start.timeout());
        assertEquals("command", start.displayName());
    }

    @Test
    void aShellTaskWithTaskLevelBecomeUser() throws IOException {
        Path file = write(SITE);
        Task shell = PlaybookLoader.load(file).plays().get(0).tasks().get(2);

        assertEquals(new Action.Shell(text("echo $HOME > /tmp/home", file, 21, 14), Optional.empty(), Optional.empty(),
                Optional.of(text("/tmp/flag", file, 24, 18))), shell.action());
        assertEquals("shell", shell.action().module());
        assertEquals(new Become(Optional.empty(), Optional.of(text("root", file, 22, 20))), shell.become());
        assertEquals("shell", shell.displayName());
    }

    @Test
    void anArgvListKeepsEachWordAsATemplateOfItsOwn() throws IOException {
        Path file = write(SITE);
        Task argv = PlaybookLoader.load(file).plays().get(0).tasks().get(3);

        Action.Command command = assertInstanceOf(Action.Command.class, argv.action());
        assertEquals(List.of(text("printf", file, 26, 16), text("%s|", file, 26, 24), text("a b", file, 26, 31),
                text("it's", file, 26, 38), text("", file, 26, 46)), command.argv());
        assertEquals("printf %s| a b it's ", command.cmd().raw(), "the words joined, for display only");
        assertEquals(new Position(file, 26, 16), command.cmd().position());
    }

    @Test
    void becomeAcceptsAnsibleBooleanWords() throws IOException {
        Path file = write("""
                - hosts: all
                  become: "yes"
                  tasks:
                    - command: id
                      become: off
                      ignore_errors: 'True'
                """);
        Play play = PlaybookLoader.load(file).plays().getFirst();
        assertEquals(Optional.of(true), play.become().enabled());
        assertEquals(Optional.of(false), play.tasks().getFirst().become().enabled());
        assertEquals(true, play.tasks().getFirst().ignoreErrors());
    }

    @Test
    void legacyModuleNamesAreCommandAndShellToo() throws IOException {
        Path file = write("""
                - hosts: all
                  gather_facts: no
                  tasks:
                    - ansible.legacy.shell: ls | wc -l
                    - ansible.builtin.shell:
                        cmd: ls
                """);
        List<Task> tasks = PlaybookLoader.load(file).plays().getFirst().tasks();
        assertEquals(new Action.Shell(text("ls | wc -l", file, 4, 29), Optional.empty(), Optional.empty(), Optional.empty()),
                tasks.get(0).action());
        assertEquals(new Action.Shell(text("ls", file, 6, 14), Optional.empty(), Optional.empty(), Optional.empty()),
                tasks.get(1).action());
    }

    @Test
    void aMisspeltModuleIsAnUnknownKeyWithASuggestion() throws IOException {
        Path file = write("""
                - hosts: all
                  tasks:
                    - name: list
                      comand: ls
                """);
        Problem problem = onlyProblem(file);
        assertEquals(new Position(file, 4, 7), problem.position());
        assertEquals("unknown key 'comand' in a task", problem.message());
        assertEquals(Optional.of("did you mean 'command'?"), problem.hint());
        assertEquals(file + ":4:7: unknown key 'comand' in a task\n"
                + "  did you mean 'command'?\n"
                + "          comand: ls\n"
                + "          ^ here", problem.render());
    }

    @Test
    void aMisspeltPlayKeyIsReportedAndThePlayStillNeedsHosts() throws IOException {
        Path file = write("""
                - name: web
                  hots: web
                  tasks: []
                """);
        List<Problem> problems = problems(file);
        assertEquals(List.of(
                        file + ":2:3: unknown key 'hots' in a play",
                        file + ":1:3: a play needs 'hosts'"),
                problems.stream().map(PlaybookLoaderTest::where).toList());
        assertEquals(Optional.of("did you mean 'hosts'?"), problems.get(0).hint());
        assertEquals(Optional.of("add 'hosts: all' or a group name"), problems.get(1).hint());
    }

    @Test
    void anAnsibleTaskKeywordHerdDoesNotRunIsNamedAsUnsupported() throws IOException {
        Path file = write("""
                - hosts: all
                  tasks:
                    - command: ls
                      debugger: on_failed
                """);
        Problem problem = onlyProblem(file);
        assertEquals(file + ":4:7: 'debugger' is not supported by herd in a task", where(problem));
        assertEquals(Optional.of(NOT_YET), problem.hint());
    }

    @Test
    void aModuleFoundNowhereIsNamedWithWhereHerdLooked() throws IOException {
        Path file = write("""
                - hosts: all
                  tasks:
                    - name: sync the config
                      synchronize:
                        src: app.cfg
                        dest: /srv/app.cfg
                    - community.general.ufw:
                        rule: allow
                """);
        List<Problem> problems = problems(file);
        assertEquals(List.of(file + ":4:7: no module named 'synchronize' was found, natively or for the bridge",
                        file + ":7:7: no module named 'community.general.ufw' was found, natively or for the bridge"),
                problems.stream().map(PlaybookLoaderTest::where).toList());
        assertTrue(problems.getFirst().hint().orElseThrow().contains("no library folder"),
                problems.getFirst().hint().toString());
    }

    @Test
    void anAnsiblePlayKeywordHerdDoesNotRunIsNamedAsUnsupported() throws IOException {
        Path file = write("""
                - hosts: all
                  debugger: on_failed
                  tasks:
                    - command: ls
                """);
        assertEquals(file + ":2:3: 'debugger' is not supported by herd in a play", where(onlyProblem(file)));
    }

    @Test
    void importPlaybookAddsThePlaysOfAFileBesideTheImportingOne() throws IOException {
        Files.createDirectories(dir.resolve("sub"));
        Path other = dir.resolve("sub/other.yml");
        Files.writeString(other, """
                - name: from other
                  hosts: db
                  tasks: []
                - ansible.builtin.import_playbook: third.yml
                """);
        Files.writeString(dir.resolve("sub/third.yml"), """
                - name: from third
                  hosts: all
                  tasks: []
                """);
        Path file = write("""
                - name: first
                  hosts: web
                  tasks: []
                - name: the others
                  import_playbook: sub/other.yml
                - name: last
                  hosts: all
                  tasks: []
                """);
        Playbook playbook = PlaybookLoader.load(file);
        assertEquals(List.of("first", "from other", "from third", "last"),
                playbook.plays().stream().map(Play::displayName).toList());
        assertEquals(new Position(other, 1, 3), playbook.plays().get(1).position(), "a play keeps its own file");
    }

    @Test
    void aPlaybookThatImportsItselfIsAProblem() throws IOException {
        Files.writeString(dir.resolve("other.yml"), """
                - import_playbook: site.yml
                """);
        Path file = write("""
                - import_playbook: other.yml
                """);
        Problem problem = onlyProblem(file);
        assertEquals(dir.resolve("other.yml") + ":1:3: playbook " + file + " imports itself", where(problem));
    }

    @Test
    void aMissingImportedPlaybookIsAProblem() throws IOException {
        Path file = write("""
                - import_playbook: missing.yml
                """);
        Problem problem = onlyProblem(file);
        assertTrue(problem.message().contains("not found"), where(problem));
        assertTrue(problem.position().file().endsWith("missing.yml"), where(problem));
    }

    @Test
    void problemsInAnImportedPlaybookAreReportedAtTheirPlace() throws IOException {
        Path other = dir.resolve("other.yml");
        Files.writeString(other, """
                - hosts: all
                  tasks:
                    - comand: ls
                """);
        Path file = write("""
                - import_playbook: other.yml
                  hosts: all
                """);
        assertEquals(List.of(file + ":2:3: unknown key 'hosts' in a play", other + ":3:7: unknown key 'comand' in a task"),
                problems(file).stream().map(PlaybookLoaderTest::where).toList());
    }

    @Test
    void tasksMustBeAList() throws IOException {
        Path file = write("""
                - hosts: all
                  tasks: foo
                """);
        assertEquals(file + ":2:10: 'tasks' must be a list, not a string", where(onlyProblem(file)));
    }

    @Test
    void becomeMustBeABoolean() throws IOException {
        Path file = write("""
                - hosts: all
                  become: maybe
                  tasks:
                    - command: ls
                """);
        Problem problem = onlyProblem(file);
        assertEquals(file + ":2:11: 'become' must be a boolean, not 'maybe'", where(problem));
        assertEquals(Optional.of("write true or false"), problem.hint());
    }

    @Test
    void timeoutMustBeAPositiveWholeNumber() throws IOException {
        Path file = write("""
                - hosts: all
                  tasks:
                    - command: sleep 1
                      timeout: soon
                    - command: sleep 1
                      timeout: 0
                    - command: sleep 1
                      timeout: 1.5
                """);
        assertEquals(List.of(
                        file + ":4:16: 'timeout' must be a whole number, not 'soon'",
                        file + ":6:16: 'timeout' must be a positive number of seconds",
                        file + ":8:16: 'timeout' must be a whole number, not '1.5'"),
                problems(file).stream().map(PlaybookLoaderTest::where).toList());
    }

    @Test
    void aPlayWithoutHostsIsAProblemAtThePlay() throws IOException {
        Path file = write("""
                - name: nowhere
                  tasks:
                    - command: ls
                """);
        Problem problem = onlyProblem(file);
        assertEquals(file + ":1:3: a play needs 'hosts'", where(problem));
        assertEquals(Optional.of("add 'hosts: all' or a group name"), problem.hint());
    }

    @Test
    void aPlayWithEmptyHostsIsAProblem() throws IOException {
        Path file = write("""
                - name: nowhere
                  hosts:
                  tasks:
                    - command: ls
                """);
        InputException e = assertThrows(InputException.class, () -> PlaybookLoader.load(file));
        assertEquals(new Position(file, 1, 3), e.problems().getFirst().position());
        assertEquals("a play needs 'hosts'", e.problems().getFirst().message());
    }

    @Test
    void hostsWrittenAsAListAreOnePattern() throws IOException {
        // as Ansible joins them
        Path file = write("""
                - hosts: [web, db]
                  tasks: []
                """);
        assertEquals("web,db", PlaybookLoader.load(file).plays().getFirst().hosts().raw());
    }

    @Test
    void aTaskWithoutAModuleIsAProblem() throws IOException {
        Path file = write("""
                - hosts: all
                  tasks:
                    - name: only a name
                      become: true
                """);
        Problem problem = onlyProblem(file);
        assertEquals(file + ":3:7: a task needs a module to run", where(problem));
        assertEquals(Optional.of("add 'command: ...', 'shell: ...' or another supported module"), problem.hint());
    }

    @Test
    void aTaskWithTwoModulesIsAProblem() throws IOException {
        Path file = write("""
                - hosts: all
                  tasks:
                    - command: ls
                      shell: ls
                """);
        Problem problem = onlyProblem(file);
        assertEquals(file + ":3:7: a task runs one module, but this one names command and shell", where(problem));
        assertEquals(Optional.of("split it into one task per module"), problem.hint());
    }

    @Test
    void gatherFactsAndItsKeywordsMakeTheGatheringTask() throws IOException {
        Path file = write("""
                - hosts: all
                  gather_facts: true
                  gather_subset: [network, "!hardware"]
                  gather_timeout: 20
                  fact_path: /srv/facts.d
                  tasks: []
                """);
        Play play = PlaybookLoader.load(file).plays().getFirst();
        assertEquals(Optional.of(true), play.gather().gatherFacts());
        Task gathering = play.gather().task();
        assertEquals("Gathering Facts", gathering.displayName());
        assertEquals(Set.of("always"), gathering.tags());
        Action.Module module = (Action.Module) gathering.action();
        assertEquals("gather_facts", module.module());
        assertEquals(Map.of("gather_subset", List.of("network", "!hardware"), "gather_timeout", 20L,
                "fact_path", "/srv/facts.d"), module.args());
    }

    @Test
    void aPlayWithTagsGathersUnderThemInsteadOfAlways() throws IOException {
        Path file = write("""
                - hosts: all
                  tags: [deploy]
                  tasks: []
                """);
        Play play = PlaybookLoader.load(file).plays().getFirst();
        assertEquals(Optional.empty(), play.gather().gatherFacts());
        assertEquals(Set.of("deploy"), play.gather().task().tags());
    }

    @Test
    void aGatherTimeoutThatIsNoNumberIsAProblem() throws IOException {
        Path file = write("""
                - hosts: all
                  gather_timeout: soon
                  tasks: []
                """);
        assertEquals(file + ":2:19: 'gather_timeout' must be a whole number", where(onlyProblem(file)));
    }

    @Test
    void aModuleWithoutACommandIsAProblem() throws IOException {
        Path file = write("""
                - hosts: all
                  tasks:
                    - command:
                    - shell:
                        chdir: /tmp
                """);
        List<Problem> problems = problems(file);
        assertEquals(List.of(
                        file + ":3:15: 'command' needs a command line or a mapping of arguments",
                        file + ":5:9: 'shell' has no command to run"),
                problems.stream().map(PlaybookLoaderTest::where).toList());
        assertEquals(Optional.of("write 'command: bin/client1 start'"), problems.get(0).hint());
        assertEquals(Optional.of("give it 'cmd: ...'"), problems.get(1).hint());
    }

    @Test
    void aMisspeltModuleArgumentIsReportedWithASuggestion() throws IOException {
        Path file = write("""
                - hosts: all
                  tasks:
                    - command:
                        cmd: ls
                        chdr: /tmp
                """);
        Problem problem = onlyProblem(file);
        assertEquals("unknown key 'chdr' in a command module's arguments", problem.message());
        assertEquals(Optional.of("did you mean 'chdir'?"), problem.hint());
    }

    @Test
    void aMisspeltModuleArgumentIsReportedAtItsKey() throws IOException {
        Path file = write("""
                - hosts: all
                  tasks:
                    - command:
                        cmd: ls
                        chdr: /tmp
                """);
        assertEquals(new Position(file, 5, 9), onlyProblem(file).position());
    }

    @Test
    void freeFormParametersAreNotPassedToTheProgram() throws IOException {
        Path file = write("""
                - hosts: all
                  tasks:
                    - command: bin/buildout chdir=/srv/app creates=bin/instance -c "my buildout.cfg"
                    - shell: ./run removes='/tmp/a flag' && echo done
                """);
        List<Task> tasks = PlaybookLoader.load(file).plays().getFirst().tasks();
        Action.Command command = assertInstanceOf(Action.Command.class, tasks.get(0).action());
        assertEquals(List.of("bin/buildout", "-c", "my buildout.cfg"), ShellWords.split(command.cmd().raw()));
        assertEquals(Optional.of("/srv/app"), command.chdir().map(Text::raw));
        assertEquals(Optional.of("bin/instance"), command.creates().map(Text::raw));
        assertEquals(Optional.empty(), command.removes());
        Action.Shell shell = assertInstanceOf(Action.Shell.class, tasks.get(1).action());
        assertEquals("./run && echo done", shell.cmd().raw().replaceAll("\\s+", " "));
        assertEquals(Optional.of("/tmp/a flag"), shell.removes().map(Text::raw));
    }

    @Test
    void aFreeFormParameterGivenInArgsToo() throws IOException {
        Path file = write("""
                - hosts: all
                  tasks:
                    - command: ls chdir=/srv
                      args:
                        chdir: /opt
                """);
        Action.Command command = assertInstanceOf(Action.Command.class,
                PlaybookLoader.load(file).plays().getFirst().tasks().getFirst().action());
        assertEquals("ls", command.cmd().raw());
        assertEquals(Optional.of("/srv"), command.chdir().map(Text::raw), "the line's word wins, as args only fill gaps");
    }

    @Test
    void aVariableNameMustBeAnIdentifier() throws IOException {
        Path file = write("""
                - hosts: all
                  vars:
                    good_name: 1
                    bad-name: 2
                  tasks: []
                """);
        Problem problem = onlyProblem(file);
        assertEquals(file + ":4:5: 'bad-name' is not a valid variable name", where(problem));
    }

    @Test
    void aPlaybookMustBeAListOfPlays() throws IOException {
        Path file = write("""
                hosts: all
                tasks: []
                """);
        Problem problem = onlyProblem(file);
        assertEquals(file + ":1:1: a playbook must be a list of plays, not a mapping", where(problem));
        assertEquals(Optional.of("start each play with '- name: ...' and 'hosts: ...'"), problem.hint());
    }

    @Test
    void aTaskMustBeAMapping() throws IOException {
        Path file = write("""
                - hosts: all
                  tasks:
                    - command ls
                """);
        assertEquals(file + ":3:7: a task must be a mapping, not a string", where(onlyProblem(file)));
    }

    @Test
    void everyProblemInTheFileIsReportedAtOnceInFileOrder() throws IOException {
        Path file = write("""
                - name: first
                  hosts: web
                  become: maybe
                  gather_facts: yes
                  tasks:
                    - comand: ls
                    - command: ls
                      debugger: always
                    - command: sleep 5
                      timeout: soon
                - name: second
                  tasks:
                    - name: nothing to run
                """);
        InputException e = assertThrows(InputException.class, () -> PlaybookLoader.load(file));
        assertEquals(List.of(
                        file + ":3:11: 'become' must be a boolean, not 'maybe'",
                        file + ":6:7: unknown key 'comand' in a task",
                        file + ":8:7: 'debugger' is not supported by herd in a task",
                        file + ":10:16: 'timeout' must be a whole number, not 'soon'",
                        file + ":11:3: a play needs 'hosts'",
                        file + ":13:7: a task needs a module to run"),
                e.problems().stream().map(PlaybookLoaderTest::where).toList());
        assertEquals(6, e.problems().size());
    }

    @Test
    void aYamlErrorIsReportedBeforeAnyPlaybookCheck() throws IOException {
        Path file = write("""
                - hosts: all
                  hosts: web
                """);
        assertEquals(file + ":2:3: duplicate key 'hosts'", where(onlyProblem(file)));
    }
}
