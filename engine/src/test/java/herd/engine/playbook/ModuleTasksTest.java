package herd.engine.playbook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import herd.engine.load.InputException;
import herd.engine.load.Position;

/** Mapping-style modules: their arguments are checked against the module's spec while loading. */
class ModuleTasksTest {
    @TempDir
    Path dir;

    private Path file() {
        return dir.resolve("site.yml");
    }

    private List<Task> tasks(String yaml) throws IOException {
        Files.writeString(file(), yaml);
        return PlaybookLoader.load(file()).plays().getFirst().tasks();
    }

    private Action.Module module(String yaml) throws IOException {
        return assertInstanceOf(Action.Module.class, tasks(yaml).getFirst().action());
    }

    private List<String> problems(String yaml) throws IOException {
        Files.writeString(file(), yaml);
        return assertThrows(InputException.class, () -> PlaybookLoader.load(file())).problems().stream()
                .map(p -> p.position() + ": " + p.message() + p.hint().map(h -> " / " + h).orElse(""))
                .toList();
    }

    private String at(int line, int column) {
        return new Position(file(), line, column).toString();
    }

    @Test
    void aModuleKeepsItsArgumentsAsPlainValues() throws IOException {
        Action.Module wait = module("""
                - hosts: all
                  tasks:
                    - wait_for:
                        host: 127.0.0.1
                        port: 8080
                        timeout: "{{ wait_seconds }}"
                """);
        assertEquals("wait_for", wait.module());
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("host", "127.0.0.1");
        expected.put("port", 8080L);
        expected.put("timeout", "{{ wait_seconds }}");
        assertEquals(expected, wait.args());
        assertEquals(List.copyOf(expected.keySet()), List.copyOf(wait.args().keySet()), "written order");
        assertEquals(new Position(file(), 4, 9), wait.position());
    }

    @Test
    void fullyQualifiedNamesAreTheSameModules() throws IOException {
        List<Task> tasks = tasks("""
                - hosts: all
                  tasks:
                    - ansible.builtin.uri:
                        url: http://localhost/
                    - community.general.supervisorctl:
                        name: plone_client1
                        state: started
                    - ansible.builtin.debug:
                        msg: hi
                    - ansible.legacy.wait_for:
                        port: 22
                    - ansible.builtin.set_fact:
                        a: 1
                    - ansible.builtin.assert:
                        that: a == 1
                    - ansible.builtin.fail:
                    - ansible.builtin.pause:
                        seconds: 0
                """);
        assertEquals(List.of("uri", "supervisorctl", "debug", "wait_for", "set_fact", "assert", "fail", "pause"),
                tasks.stream().map(t -> t.action().module()).toList());
        assertEquals(List.of("uri", "supervisorctl", "debug", "wait_for", "set_fact", "assert", "fail", "pause"),
                tasks.stream().map(Task::displayName).toList());
    }

    @Test
    void anUnknownArgumentIsReportedAtItsKeyWithASuggestion() throws IOException {
        assertEquals(List.of(
                        at(5, 9) + ": unknown key 'prot' in a wait_for module's arguments / did you mean 'port'?",
                        at(8, 9) + ": unknown key 'status_codes' in a uri module's arguments"
                                + " / did you mean 'status_code'?",
                        at(12, 9) + ": unknown key 'confg' in a supervisorctl module's arguments"
                                + " / did you mean 'config'?",
                        at(15, 9) + ": unknown key 'fail_message' in a assert module's arguments"
                                + " / did you mean 'fail_msg'?"),
                problems("""
                        - hosts: all
                          tasks:
                            - wait_for:
                                host: 127.0.0.1
                                prot: 8080
                            - uri:
                                url: http://localhost/
                                status_codes: [200]
                            - community.general.supervisorctl:
                                name: plone_client1
                                state: started
                                confg: /etc/supervisord.conf
                            - assert:
                                that: x == 1
                                fail_message: no
                        """));
    }

    @Test
    void anArgumentWithNoCloseMatchListsTheValidOnes() throws IOException {
        assertEquals(List.of(at(4, 9) + ": unknown key 'zzz' in a pause module's arguments"
                        + " / valid keys: echo, minutes, prompt, seconds"),
                problems("""
                        - hosts: all
                          tasks:
                            - pause:
                                zzz: 1
                        """));
    }

    @Test
    void aMissingRequiredArgumentIsReportedAtTheModule() throws IOException {
        assertEquals(List.of(
                        at(4, 9) + ": 'uri' needs the argument 'url'",
                        at(6, 9) + ": 'community.general.supervisorctl' needs the argument 'state'",
                        at(8, 9) + ": 'assert' needs the argument 'that'",
                        at(9, 27) + ": 'ansible.builtin.uri' needs the argument 'url'"),
                problems("""
                        - hosts: all
                          tasks:
                            - uri:
                                method: GET
                            - community.general.supervisorctl:
                                name: plone_client1
                            - assert:
                                msg: nothing to check
                            - ansible.builtin.uri:
                        """));
    }

    @Test
    void argsFillInModuleArguments() throws IOException {
        Action.Module uri = module("""
                - hosts: all
                  tasks:
                    - uri:
                        url: http://localhost/
                      args:
                        url: http://ignored/
                        return_content: true
                """);
        assertEquals(Map.of("url", "http://localhost/", "return_content", true), uri.args());
    }

    @Test
    void setFactTakesAnyVariableNames() throws IOException {
        Action.Module facts = module("""
                - hosts: all
                  tasks:
                    - set_fact:
                        release: "{{ version }}-1"
                        ports: [8080, 8081]
                """);
        assertEquals("set_fact", facts.module());
        assertEquals(Map.of("release", "{{ version }}-1", "ports", List.of(8080L, 8081L)), facts.args());
    }

    @Test
    void aModuleWithoutArgumentsIsAnEmptyMapping() throws IOException {
        List<Task> tasks = tasks("""
                - hosts: all
                  tasks:
                    - debug:
                    - fail:
                """);
        assertEquals(Map.of(), ((Action.Module) tasks.get(0).action()).args());
        assertEquals(Map.of(), ((Action.Module) tasks.get(1).action()).args());
    }

    @Test
    void aModuleNeedsAMappingOrKeyValueWordsNotFreeText() throws IOException {
        assertEquals(List.of(at(3, 14) + ": 'debug' needs a mapping of arguments or key=value words, not this text"
                        + " / write e.g. 'debug: msg=\"...\"' or its arguments indented below it"),
                problems("""
                        - hosts: all
                          tasks:
                            - debug: hello there
                        """));
    }

    @Test
    void keyValueWordsAreTheModulesArgumentsAsAnsibleParsesThem() throws IOException {
        List<Task> tasks = tasks("""
                - hosts: all
                  tasks:
                    - debug: msg="hello {{ name | default('you') }}" verbosity=0
                    - wait_for: port=8080 timeout=30
                """);
        assertEquals(Map.of("msg", "hello {{ name | default('you') }}", "verbosity", "0"),
                ((Action.Module) tasks.get(0).action()).args());
        assertEquals(Map.of("port", "8080", "timeout", "30"), ((Action.Module) tasks.get(1).action()).args());
    }

    @Test
    void aModuleAndACommandInOneTaskIsAProblem() throws IOException {
        assertEquals(List.of(at(3, 7) + ": a task runs one module, but this one names command and debug"
                        + " / split it into one task per module"),
                problems("""
                        - hosts: all
                          tasks:
                            - command: ls
                              debug:
                                msg: hi
                        """));
    }

    @Test
    void moduleTasksTakeTheTaskKeywords() throws IOException {
        Task task = tasks("""
                - hosts: all
                  tasks:
                    - name: wait for the instance
                      wait_for:
                        port: 8080
                        timeout: 60
                      register: waited
                      when: wait | default(true)
                      become: true
                      ignore_errors: true
                """).getFirst();
        assertEquals(Optional.of("waited"), task.register());
        assertEquals(1, task.when().size());
        assertEquals(Optional.of(true), task.become().enabled());
        assertEquals(true, task.ignoreErrors());
        assertEquals("wait for the instance", task.displayName());
    }
}
