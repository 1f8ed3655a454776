package herd.engine.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * lookup() and query(). Expected values were checked with ansible-core 2.14.18's Templar on this
 * machine, with a playbook folder laid out as here (files/a.txt, b.txt, templates/t.j2).
 */
class LookupsTest {
    private static final Templates TEMPLATES = new Templates();

    @TempDir
    Path playbook;
    private final Map<String, Object> vars = new HashMap<>();

    @BeforeEach
    void layOut() throws IOException {
        Files.createDirectories(playbook.resolve("files"));
        Files.createDirectories(playbook.resolve("templates"));
        Files.writeString(playbook.resolve("files/a.txt"), "hello\n\n");
        Files.writeString(playbook.resolve("b.txt"), "root\n");
        Files.writeString(playbook.resolve("templates/t.j2"), "x={{ x }}\n");
        vars.put("playbook_dir", playbook.toString());
        vars.put("users", List.of(Map.of("name", "a", "on", true)));
    }

    private Object eval(String expression) {
        return TEMPLATES.evaluate(expression, vars);
    }

    private String failure(String expression) {
        return assertThrows(TemplateError.class, () -> eval(expression)).getMessage();
    }

    @Test
    void lookupJoinsStringsAndQueryGivesTheList() {
        assertEquals("1,2,3", eval("lookup('sequence', 'start=1 end=3')"));
        assertEquals(List.of("1", "2", "3"), eval("query('sequence', '1-3')"));
        assertEquals(List.of("1", "2", "3"), eval("q('sequence', '1-3')"));
        assertEquals(List.of("1", "2", "3"), eval("lookup('sequence', '1-3', wantlist=True)"));
        assertEquals(List.of(1, 2), eval("lookup('items', [1,2])"));
        assertEquals("a,b", eval("lookup('items', 'a', 'b')"));
        assertEquals(List.of("a", List.of("b")), eval("lookup('items', ['a', ['b']])"));
        assertEquals(List.of(), eval("lookup('items', [])"));
        assertEquals(Map.of("key", "a", "value", 1), eval("lookup('dict', {'a':1})"));
        assertEquals("lookup plugin (nope) not found", failure("lookup('nope', 'a')"));
    }

    @Test
    void fileLooksInFilesThenInThePlaybooksFolder() {
        assertEquals("hello", eval("lookup('file', 'a.txt')"));
        assertEquals("root,hello", eval("lookup('file', 'b.txt', 'a.txt')"));
        assertEquals("root\n", eval("lookup('file', '" + playbook.resolve("b.txt") + "', rstrip=False)"));
        assertEquals("An unhandled exception occurred while running the lookup plugin 'file'. Error was a <class "
                + "'ansible.errors.AnsibleError'>, original message: could not locate file in lookup: nope.txt. could not "
                + "locate file in lookup: nope.txt", failure("lookup('file', 'nope.txt')"));
    }

    @Test
    void templateRendersWithTheCurrentVariables() {
        vars.put("x", 5);
        assertEquals("x=5\n", eval("lookup('template', 't.j2')"));
        assertEquals("x=1\n", eval("lookup('template', 't.j2', template_vars={'x': 1})"));
        vars.remove("x");
        assertEquals("'x' is undefined", failure("lookup('template', 't.j2')"));
    }

    @Test
    void fileglobAndFirstFound() {
        assertEquals(playbook.resolve("files/a.txt").toString(), eval("lookup('fileglob', '*.txt')"));
        assertEquals(playbook.resolve("b.txt").toString(), eval("lookup('fileglob', '" + playbook + "/*.txt')"));
        assertEquals(List.of(), eval("lookup('fileglob', '*.none')"));
        assertEquals(playbook.resolve("b.txt").toString(), eval("lookup('first_found', ['nope.txt', 'b.txt'])"));
        assertEquals(playbook.resolve("files/a.txt").toString(),
                eval("lookup('first_found', {'files': ['nope', 'a.txt'], 'paths': ['files']})"));
        assertEquals(List.of(), eval("lookup('first_found', 'nope', skip=True)"));
        assertEquals("", eval("lookup('first_found', 'nope', errors='ignore')"));
        assertEquals("No file was found when using first_found.", failure("lookup('first_found', 'nope')"));
    }

    @Test
    void pipeAndLinesRunThroughTheShellInThePlaybooksFolder() throws IOException {
        assertEquals("hi\nthere", eval("lookup('pipe', 'echo hi; echo there')"));
        assertEquals(playbook.toRealPath().toString(), eval("lookup('pipe', 'pwd -P')"));
        assertEquals("a,b", eval("lookup('lines', 'printf \"a\\\\nb\\\\n\"')"));
        assertEquals(List.of("x", "y"), eval("q('lines', 'printf \"x\\\\ny\"')"));
        assertEquals("An unhandled exception occurred while running the lookup plugin 'pipe'. Error was a <class "
                + "'ansible.errors.AnsibleError'>, original message: lookup_plugin.pipe(exit 3) returned 3. "
                + "lookup_plugin.pipe(exit 3) returned 3", failure("lookup('pipe', 'exit 3')"));
    }

    @Test
    void envAndVars() {
        assertEquals(System.getenv("HOME"), eval("lookup('env', 'HOME')"));
        assertEquals("", eval("lookup('env', 'HERD_NOT_SET_EVER')"));
        assertEquals("d", eval("lookup('env', 'HERD_NOT_SET_EVER', default='d')"));
        assertEquals("a", eval("lookup('vars', 'users')[0].name"));
        assertEquals(1, eval("lookup('vars', 'nope', default=1)"));
        assertEquals("No variable found with this name: nope", failure("lookup('vars', 'nope')"));
    }

    @Test
    void sequenceFormsAndErrors() {
        assertEquals("h00,h05,h10", eval("lookup('sequence', 'start=0 end=10 stride=5 format=h%02d')"));
        assertEquals("host01,host02,host03,host04", eval("lookup('sequence', '4:host%02d')"));
        assertEquals(List.of("10", "11", "12"), eval("query('sequence', 'count=3 start=0x10 format=%x')"));
        assertEquals("10,5,0", eval("lookup('sequence', 'start=10 end=0 stride=-5')"));
        assertEquals(List.of(), eval("lookup('sequence', 'count=0')"));
        assertEquals("10,11,12", eval("lookup('sequence', '0x0a-0x0c')"));
        assertEquals("n002,n005,n008", eval("lookup('sequence', '2-10/3:n%03d')"));
        assertEquals("An unhandled exception occurred while running the lookup plugin 'sequence'. Error was a <class "
                + "'ansible.errors.AnsibleError'>, original message: to count backwards make stride negative. "
                + "to count backwards make stride negative", failure("lookup('sequence', 'start=5 end=1')"));
        assertEquals(true, failure("lookup('sequence', '017')").endsWith("can't parse end=017 as integer"));
    }

    @Test
    void subelementsIndexedItemsAndDict() {
        assertEquals(List.of(List.of(Map.of("n", 1), 1), List.of(Map.of("n", 1), 2)),
                eval("lookup('subelements', [{'n':1,'g':[1,2]}], 'g')"));
        assertEquals(List.of(List.of(Map.of("n", 1, "g", Map.of()), 1), List.of(Map.of("n", 1, "g", Map.of()), 2)),
                eval("lookup('subelements', [{'n':1,'g':{'x':[1,2]}}], 'g.x')"));
        assertEquals(List.of(), eval("lookup('subelements', [{'n':1}], 'g', {'skip_missing': True})"));
        assertEquals(List.of(List.of(0, "a"), List.of(1, "b")), eval("lookup('indexed_items', ['a','b'])"));
        assertEquals(List.of(Map.of("key", "a", "value", 1), Map.of("key", "b", "value", 2)), eval("lookup('dict', {'a':1,'b':2})"));
    }
}
