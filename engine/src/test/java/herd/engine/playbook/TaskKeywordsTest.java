package herd.engine.playbook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import herd.engine.load.InputException;
import herd.engine.load.Position;

/** when, register, until/retries/delay, changed_when and failed_when as the loader reads them. */
class TaskKeywordsTest {
    @TempDir
    Path dir;

    private Path file;

    private List<Task> tasks(String yaml) throws IOException {
        file = dir.resolve("site.yml");
        Files.writeString(file, yaml);
        return PlaybookLoader.load(file).plays().getFirst().tasks();
    }

    private List<String> problems(String yaml) throws IOException {
        file = dir.resolve("site.yml");
        Files.writeString(file, yaml);
        return assertThrows(InputException.class, () -> PlaybookLoader.load(file)).problems().stream()
                .map(p -> p.position() + ": " + p.message() + p.hint().map(h -> " / " + h).orElse(""))
                .toList();
    }

    private Text text(String raw, int line, int column) {
        return new Text(raw, new Position(file, line, column));
    }

    @Test
    void whenTakesAnExpression() throws IOException {
        Task task = tasks("""
                - hosts: all
                  tasks:
                    - command: ls
                      when: inventory_hostname == 'web1'
                """).getFirst();
        assertEquals(List.of(text("inventory_hostname == 'web1'", 4, 13)), task.when());
    }

    @Test
    void whenTakesAListOfExpressionsThatMustAllHold() throws IOException {
        Task task = tasks("""
                - hosts: all
                  tasks:
                    - command: ls
                      when:
                        - deploy | bool
                        - "{{ version is defined }}"
                """).getFirst();
        assertEquals(List.of(text("deploy | bool", 5, 11), text("{{ version is defined }}", 6, 11)), task.when());
    }

    @Test
    void aBooleanConditionIsWrittenAsJinjaWouldReadIt() throws IOException {
        List<Task> tasks = tasks("""
                - hosts: all
                  tasks:
                    - command: ls
                      when: false
                    - command: ls
                      when: yes
                    - command: ls
                      changed_when: false
                      failed_when: [true, 1]
                """);
        assertEquals(List.of(text("False", 4, 13)), tasks.get(0).when());
        assertEquals(List.of(text("True", 6, 13)), tasks.get(1).when());
        assertEquals(List.of(text("False", 8, 21)), tasks.get(2).changedWhen());
        assertEquals(List.of(text("True", 9, 21), text("1", 9, 27)), tasks.get(2).failedWhen());
    }

    @Test
    void aConditionMustBeAnExpression() throws IOException {
        assertEquals(List.of(
                        file(4, 13) + ": 'when' takes an expression or a list of expressions, not a mapping"
                                + " / write when: result.rc == 0",
                        file(7, 11) + ": 'failed_when' takes an expression or a list of expressions, not a list"
                                + " / write failed_when: result.rc == 0"),
                problems("""
                        - hosts: all
                          tasks:
                            - command: ls
                              when: {rc: 0}
                            - command: ls
                              failed_when:
                                - [a, b]
                        """));
    }

    private String file(int line, int column) {
        return new Position(dir.resolve("site.yml"), line, column).toString();
    }

    @Test
    void changedWhenAndFailedWhenAreKept() throws IOException {
        Task task = tasks("""
                - hosts: all
                  tasks:
                    - command: bin/instance status
                      register: status
                      changed_when: false
                      failed_when:
                        - status.rc not in [0, 3]
                        - "'ERROR' in status.stderr"
                """).getFirst();
        assertEquals(Optional.of("status"), task.register());
        assertEquals(List.of(text("False", 5, 21)), task.changedWhen());
        assertEquals(List.of(text("status.rc not in [0, 3]", 7, 11), text("'ERROR' in status.stderr", 8, 11)),
                task.failedWhen());
        assertEquals(List.of(), task.when());
        assertEquals(Optional.empty(), task.until());
    }

    @Test
    void registerNeedsAVariableName() throws IOException {
        assertEquals(List.of(file(4, 17) + ": 'my-result' is not a valid variable name for 'register'",
                        file(6, 17) + ": '1st' is not a valid variable name for 'register'"),
                problems("""
                        - hosts: all
                          tasks:
                            - command: ls
                              register: my-result
                            - command: ls
                              register: 1st
                        """));
    }

    @Test
    void untilWithRetriesAndDelay() throws IOException {
        Task task = tasks("""
                - hosts: all
                  tasks:
                    - uri:
                        url: http://localhost:8080/
                      register: page
                      until: page.status == 200
                      retries: 5
                      delay: 0
                """).getFirst();
        Until until = task.until().orElseThrow();
        assertEquals(List.of(text("page.status == 200", 6, 14)), until.conditions());
        assertEquals(5, until.retries());
        assertEquals(Duration.ZERO, until.delay());
        assertEquals(6, until.attempts(), "retries + 1, as in ansible-core 2.14");
    }

    @Test
    void untilAloneRetriesThreeTimesEveryFiveSeconds() throws IOException {
        Until until = tasks("""
                - hosts: all
                  tasks:
                    - command: ls
                      register: r
                      until:
                        - r.rc == 0
                        - "'ready' in r.stdout"
                """).getFirst().until().orElseThrow();
        assertEquals(2, until.conditions().size());
        assertEquals(3, until.retries());
        assertEquals(Duration.ofSeconds(5), until.delay());
        assertEquals(4, until.attempts());
    }

    @Test
    void retriesAndDelayWithoutUntilAreProblems() throws IOException {
        assertEquals(List.of(
                        file(4, 7) + ": 'retries' does nothing without 'until'"
                                + " / add 'until: <condition>' or remove 'retries'",
                        file(5, 7) + ": 'delay' does nothing without 'until'"
                                + " / add 'until: <condition>' or remove 'delay'"),
                problems("""
                        - hosts: all
                          tasks:
                            - command: ls
                              retries: 3
                              delay: 1
                        """));
    }

    @Test
    void retriesMustBeAWholeNumber() throws IOException {
        assertEquals(List.of(file(6, 16) + ": 'retries' must be a whole number, not 'many'"),
                problems("""
                        - hosts: all
                          tasks:
                            - command: ls
                              register: r
                              until: r.rc == 0
                              retries: many
                        """));
    }

    @Test
    void aMisspeltKeywordIsSuggested() throws IOException {
        List<String> found = problems("""
                - hosts: all
                  tasks:
                    - command: ls
                      registr: r
                      faild_when: false
                """);
        assertEquals(List.of(file(4, 7) + ": unknown key 'registr' in a task / did you mean 'register'?",
                file(5, 7) + ": unknown key 'faild_when' in a task / did you mean 'failed_when'?"), found);
    }

    @Test
    void problemsOfTheNewKeywordsComeWithTheRestInFileOrder() throws IOException {
        List<String> found = problems("""
                - hosts: all
                  tasks:
                    - command: ls
                      register: bad-name
                      retries: 2
                    - command: ls
                      when: {a: 1}
                """);
        assertEquals(List.of(file(4, 17) + ": 'bad-name' is not a valid variable name for 'register'",
                file(5, 7) + ": 'retries' does nothing without 'until' / add 'until: <condition>' or remove 'retries'",
                file(7, 13) + ": 'when' takes an expression or a list of expressions, not a mapping"
                        + " / write when: result.rc == 0"), found);
    }
}
