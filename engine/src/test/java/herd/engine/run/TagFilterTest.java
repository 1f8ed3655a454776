package herd.engine.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import herd.engine.event.RunResult;
import herd.engine.event.StepResult;

/** --tags and --skip-tags with Ansible's special tags, and what a filtered run leaves out. */
class TagFilterTest {
    @TempDir
    Path dir;

    private static TagFilter only(String... tags) {
        return new TagFilter(Set.of(tags), Set.of());
    }

    private static TagFilter skip(String... tags) {
        return new TagFilter(Set.of(), Set.of(tags));
    }

    @Test
    void withoutOptionsEverythingButNeverRuns() {
        assertTrue(TagFilter.ALL.selects(Set.of()));
        assertTrue(TagFilter.ALL.selects(Set.of("restart")));
        assertTrue(TagFilter.ALL.selects(Set.of("always")));
        assertFalse(TagFilter.ALL.selects(Set.of("never")));
        assertFalse(TagFilter.ALL.selects(Set.of("never", "debug")));
    }

    @Test
    void tagsSelectMatchingAndAlwaysTasks() {
        assertTrue(only("restart").selects(Set.of("restart", "web")));
        assertFalse(only("restart").selects(Set.of("web")));
        assertFalse(only("restart").selects(Set.of()));
        assertTrue(only("restart").selects(Set.of("always")));
        assertTrue(only("debug").selects(Set.of("never", "debug")));
        assertTrue(only("untagged").selects(Set.of()));
        assertFalse(only("untagged").selects(Set.of("web")));
        assertTrue(only("tagged").selects(Set.of("web")));
        assertFalse(only("tagged").selects(Set.of()));
        assertFalse(only("tagged").selects(Set.of("never")));
    }

    @Test
    void skipTagsWinOverTagsAndAlwaysNeedsNaming() {
        assertFalse(skip("web").selects(Set.of("web", "restart")));
        assertTrue(skip("web").selects(Set.of()));
        assertTrue(skip("web").selects(Set.of("always")));
        assertFalse(skip("always").selects(Set.of("always")));
        assertFalse(skip("all").selects(Set.of("web")));
        assertTrue(skip("all").selects(Set.of("always")));
        assertFalse(skip("tagged").selects(Set.of("web")));
        assertTrue(skip("tagged").selects(Set.of()));
        assertFalse(new TagFilter(Set.of("web"), Set.of("restart")).selects(Set.of("web", "restart")));
    }

    @Test
    void playBlockAndImportTagsReachTheirTasksButIncludeTagsDoNot() throws IOException {
        Files.writeString(dir.resolve("imported.yml"), "- name: imported\n  command: echo i\n");
        Files.writeString(dir.resolve("included.yml"), """
                - name: included untagged
                  command: echo u
                - name: included tagged
                  command: echo t
                  tags: restart
                """);
        String playbook = """
                - hosts: all
                  gather_facts: false
                  tags: cluster
                  tasks:
                    - name: plain
                      command: echo plain
                    - block:
                        - name: in block
                          command: echo b
                      tags: restart
                    - import_tasks: imported.yml
                      tags: restart
                    - include_tasks: included.yml
                      tags: restart
                    - name: always
                      command: echo always
                      tags: always
                    - name: debug only
                      command: echo debug
                      tags: never
                """;
        TestRun test = new TestRun(dir).tags(only("restart"));
        RunResult result = test.run(playbook, test.hosts(1), new FakeTransports((h, c) -> FakeTransports.ok("")));
        assertEquals(List.of("in block", "imported", "include_tasks", "included tagged", "always"),
                result.steps().stream().map(StepResult::task).toList());

        TestRun all = new TestRun(dir).tags(only("cluster"));
        RunResult everything = all.run(playbook, all.hosts(1), new FakeTransports((h, c) -> FakeTransports.ok("")));
        // as in Ansible, naming a tag a 'never' task carries (here the play's) selects it too
        assertEquals(List.of("plain", "in block", "imported", "include_tasks", "included untagged", "included tagged",
                        "always", "debug only"),
                everything.steps().stream().map(StepResult::task).toList());
    }
}
