package herd.engine.playbook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import herd.engine.load.InputException;
import herd.engine.load.Position;
import herd.engine.load.Problem;

/** include_tasks and import_tasks as the loader reads them; delegate_to and run_once on a task. */
class IncludeLoaderTest {
    @TempDir
    Path dir;

    private Path write(String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
        return file;
    }

    private Path site(String tasks) throws IOException {
        return write("site.yml", "- hosts: all\n  tasks:\n" + tasks.indent(4));
    }

    private static List<Task> tasks(Path file) {
        return PlaybookLoader.load(file).plays().getFirst().tasks();
    }

    private static List<Problem> problems(Path file) {
        return assertThrows(InputException.class, () -> PlaybookLoader.load(file)).problems();
    }

    private static String onlyProblem(Path file) {
        List<Problem> problems = problems(file);
        assertEquals(1, problems.size(), () -> problems.stream().map(Problem::render).toList().toString());
        return where(problems.getFirst());
    }

    private static String where(Problem problem) {
        return problem.position() + ": " + problem.message();
    }

    private static List<String> names(List<Task> tasks) {
        return tasks.stream().map(Task::displayName).toList();
    }

    private static final String RESTART = """
            - name: stop it
              command: bin/{{ client }} stop
            - name: start it
              command: bin/{{ client }} start
              when: client != 'skip'
            """;

    @Test
    void includeTasksReadsTheFileBesideThePlaybookWithItsLoop() throws IOException {
        Path restart = write("tasks/restart.yml", RESTART);
        Path file = site("""
                - name: each client
                  include_tasks: tasks/restart.yml
                  loop: [client1, client2]
                  loop_control:
                    loop_var: client
                    label: "{{ client }}!"
                """);
        Task task = tasks(file).getFirst();
        Action.Include include = assertInstanceOf(Action.Include.class, task.action());
        assertTrue(include.dynamic());
        assertEquals("include_tasks", include.module());
        assertEquals(new Text("tasks/restart.yml", new Position(file, 4, 22)), include.file());
        assertEquals(List.of("stop it", "start it"), names(include.tasks()));
        assertEquals(new Position(restart, 3, 3), include.tasks().get(1).position(), "a task keeps its own file");
        assertEquals(List.of("client != 'skip'"), include.tasks().get(1).when().stream().map(Text::raw).toList());
        Loop loop = task.loop().orElseThrow();
        assertEquals("client", loop.loopVar());
        assertEquals(Optional.of("{{ client }}!"), loop.label().map(Text::raw));
    }

    @Test
    void theFileMayBeGivenAsAMappingAndWithTheBuiltinName() throws IOException {
        write("tasks/restart.yml", RESTART);
        Path file = site("""
                - ansible.builtin.include_tasks:
                    file: tasks/restart.yml
                - ansible.builtin.import_tasks: tasks/restart.yml
                """);
        List<Task> tasks = tasks(file);
        assertEquals(List.of("include_tasks", "stop it", "start it"), names(tasks));
    }

    @Test
    void anIncludedFileIncludesRelativeToItself() throws IOException {
        write("tasks/outer.yml", "- include_tasks: inner.yml\n");
        write("tasks/inner.yml", "- command: echo inner\n");
        Task outer = tasks(site("- include_tasks: tasks/outer.yml\n")).getFirst();
        Task inner = ((Action.Include) outer.action()).tasks().getFirst();
        assertEquals(List.of("command"), names(((Action.Include) inner.action()).tasks()));
    }

    @Test
    void anEmptyTasksFileIncludesNothing() throws IOException {
        write("tasks/empty.yml", "");
        Task task = tasks(site("- include_tasks: tasks/empty.yml\n")).getFirst();
        assertEquals(List.of(), ((Action.Include) task.action()).tasks());
        assertEquals(List.of(), tasks(site("- import_tasks: tasks/empty.yml\n")));
    }

    @Test
    void aProblemInAnIncludedFileIsReportedWhereItIs() throws IOException {
        Path bad = write("tasks/bad.yml", """
                - name: fine
                  command: echo fine
                - name: not fine
                  command: echo
                  retrys: 3
                """);
        Path file = site("- include_tasks: tasks/bad.yml\n");
        assertEquals(bad + ":5:3: unknown key 'retrys' in a task", onlyProblem(file));
        Path imported = site("- import_tasks: tasks/bad.yml\n");
        assertEquals(bad + ":5:3: unknown key 'retrys' in a task", onlyProblem(imported));
    }

    @Test
    void aYamlErrorInAnIncludedFileIsReportedInThatFile() throws IOException {
        Path bad = write("tasks/broken.yml", "- name: a\n  command: [unclosed\n");
        Problem problem = problems(site("- include_tasks: tasks/broken.yml\n")).getFirst();
        assertEquals(bad, problem.position().file(), where(problem));
        assertTrue(problem.position().line() > 0, where(problem));
    }

    @Test
    void aTasksFileMustBeAList() throws IOException {
        Path bad = write("tasks/map.yml", "name: x\ncommand: echo\n");
        assertEquals(bad + ":1:1: a tasks file must be a list of tasks, not a mapping",
                onlyProblem(site("- include_tasks: tasks/map.yml\n")));
    }

    @Test
    void aMissingFileIsReportedAtTheInclude() throws IOException {
        Path file = site("- include_tasks: tasks/missing.yml\n");
        assertEquals(file + ":3:22: cannot include " + dir.resolve("tasks/missing.yml") + ": file not found",
                onlyProblem(file));
    }

    @Test
    void aFileThatIncludesItselfIsAProblem() throws IOException {
        Path self = write("tasks/self.yml", "- command: echo once\n- include_tasks: self.yml\n");
        assertEquals(self + ":2:18: " + self + " includes itself",
                onlyProblem(site("- include_tasks: tasks/self.yml\n")));
    }

    @Test
    void aCycleThroughTwoFilesIsAProblem() throws IOException {
        write("tasks/a.yml", "- import_tasks: b.yml\n");
        Path b = write("tasks/b.yml", "- include_tasks: a.yml\n");
        assertEquals(b + ":1:18: " + dir.resolve("tasks/a.yml") + " includes itself",
                onlyProblem(site("- include_tasks: tasks/a.yml\n")));
    }

    @Test
    void aPlaybookIncludingItselfAsTasksIsAProblem() throws IOException {
        Path file = site("- include_tasks: site.yml\n");
        assertEquals(file + ":3:22: " + file + " includes itself", onlyProblem(file));
    }

    @Test
    void aTemplatedPathIsRefused() throws IOException {
        Path file = site("- include_tasks: \"{{ which }}.yml\"\n");
        List<Problem> problems = problems(file);
        assertEquals(1, problems.size(), problems.toString());
        assertEquals(file + ":3:22: herd reads included files before the run, so their path cannot be a template",
                where(problems.getFirst()));
        assertEquals(Optional.of("write the path itself"), problems.getFirst().hint());
    }

    @Test
    void anIncludeWithoutAFileIsAProblem() throws IOException {
        Path file = site("- include_tasks:\n");
        assertTrue(onlyProblem(file).endsWith(": 'include_tasks' needs a file"), onlyProblem(file));
        Path mapping = site("- include_tasks:\n    name: tasks/x.yml\n");
        assertTrue(problems(mapping).stream().anyMatch(p -> p.message().equals("'include_tasks' needs a file")),
                problems(mapping).toString());
    }

    @Test
    void importTasksSplicesTheTasksIntoThePlayWithItsConditionFirst() throws IOException {
        write("tasks/restart.yml", RESTART);
        Path file = site("""
                - command: echo before
                - name: restart
                  import_tasks: tasks/restart.yml
                  when: restart_wanted
                  become: true
                  become_user: plone
                - command: echo after
                """);
        List<Task> tasks = tasks(file);
        assertEquals(List.of("command", "stop it", "start it", "command"), names(tasks));
        assertEquals(List.of("restart_wanted"), tasks.get(1).when().stream().map(Text::raw).toList());
        assertEquals(List.of("restart_wanted", "client != 'skip'"), tasks.get(2).when().stream().map(Text::raw).toList());
        assertEquals(Optional.of(true), tasks.get(1).become().enabled());
        assertEquals(Optional.of("plone"), tasks.get(1).become().user().map(Text::raw));
        assertFalse(tasks.stream().anyMatch(t -> t.action() instanceof Action.Include));
    }

    @Test
    void anImportInsideAnIncludedFileIsSplicedThere() throws IOException {
        write("tasks/outer.yml", "- import_tasks: inner.yml\n  when: deep\n- command: echo outer\n");
        write("tasks/inner.yml", "- command: echo inner\n");
        Task task = tasks(site("- include_tasks: tasks/outer.yml\n")).getFirst();
        List<Task> included = ((Action.Include) task.action()).tasks();
        assertEquals(List.of("command", "command"), names(included));
        assertEquals(List.of("deep"), included.getFirst().when().stream().map(Text::raw).toList());
    }

    @Test
    void importTasksKeywordsApplyToEveryImportedTask() throws IOException {
        write("tasks/restart.yml", RESTART);
        List<Task> tasks = tasks(site("""
                - import_tasks: tasks/restart.yml
                  ignore_errors: true
                  delegate_to: lb
                  run_once: true
                  timeout: 30
                """));
        for (Task task : tasks) {
            assertTrue(task.ignoreErrors(), task.displayName());
            assertEquals(Optional.of("lb"), task.delegateTo().map(Text::raw), task.displayName());
            assertTrue(task.runOnce(), task.displayName());
            assertEquals(Optional.of(java.time.Duration.ofSeconds(30)), task.timeout(), task.displayName());
        }
    }

    @Test
    void aLoopOnImportTasksIsAProblem() throws IOException {
        write("tasks/restart.yml", RESTART);
        Path file = site("""
                - import_tasks: tasks/restart.yml
                  loop: [client1, client2]
                  loop_control:
                    loop_var: client
                """);
        List<Problem> problems = problems(file);
        assertEquals(file.toString(), problems.getFirst().position().file().toString());
        assertEquals(4, problems.getFirst().position().line(), where(problems.getFirst()));
    }

    @Test
    void unknownArgumentsOfAnIncludeAreReported() throws IOException {
        write("tasks/restart.yml", RESTART);
        Path file = site("""
                - include_tasks:
                    file: tasks/restart.yml
                    aply:
                      become: true
                """);
        assertTrue(onlyProblem(file).startsWith(file + ":5:9: unknown key 'aply'"), onlyProblem(file));
    }

    @Test
    void delegateToAndRunOnce() throws IOException {
        Path file = site("""
                - command: echo here
                  delegate_to: lb1
                  run_once: true
                - command: echo there
                  delegate_to: "{{ haproxy_host }}"
                - command: echo everywhere
                """);
        List<Task> tasks = tasks(file);
        assertEquals(Optional.of(new Text("lb1", new Position(file, 4, 20))), tasks.get(0).delegateTo());
        assertTrue(tasks.get(0).runOnce());
        assertEquals(Optional.of("{{ haproxy_host }}"), tasks.get(1).delegateTo().map(Text::raw));
        assertFalse(tasks.get(1).runOnce());
        assertEquals(Optional.empty(), tasks.get(2).delegateTo());
    }

    @Test
    void badDelegateToAndRunOnceAreProblems() throws IOException {
        Path file = site("""
                - command: echo here
                  delegate_to: [lb1, lb2]
                  run_once: sometimes
                """);
        assertEquals(List.of(file + ":4:20: 'delegate_to' must be a single value, not a list",
                file + ":5:17: 'run_once' must be a boolean, not 'sometimes'"),
                problems(file).stream().map(IncludeLoaderTest::where).toList());
    }

    @Test
    void runOnceOnAPlayIsNotSupported() throws IOException {
        Path file = write("site.yml", "- hosts: all\n  run_once: true\n  tasks: []\n");
        assertTrue(onlyProblem(file).startsWith(file + ":2:3: 'run_once' is not supported by herd in a play"),
                onlyProblem(file));
    }
}
