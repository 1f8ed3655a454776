package herd.engine.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class YamlLoaderTest {
    @TempDir
    Path dir;

    private Path write(String text) throws IOException {
        Path file = dir.resolve("input.yml");
        Files.writeString(file, text);
        return file;
    }

    private YamlNode.Mapping loadMapping(String text) throws IOException {
        return assertInstanceOf(YamlNode.Mapping.class, YamlLoader.load(write(text)));
    }

    private static YamlNode.Entry entry(YamlNode.Mapping mapping, String key) {
        return mapping.entries().stream().filter(e -> e.key().equals(key)).findFirst().orElseThrow();
    }

    private static Object plain(YamlNode.Mapping mapping, String key) {
        return mapping.get(key).orElseThrow().toPlain();
    }

    private static InputException failure(Path file) {
        return assertThrows(InputException.class, () -> YamlLoader.load(file));
    }

    @Test
    void keysAndValuesCarryOneBasedLineAndColumn() throws IOException {
        Path file = write("""
                name: web
                tasks:
                  - command: ls
                    become:   yes
                """);
        YamlNode.Mapping root = assertInstanceOf(YamlNode.Mapping.class, YamlLoader.load(file));

        assertEquals(new Position(file, 1, 1), root.position());
        assertEquals(new Position(file, 1, 1), entry(root, "name").keyPosition());
        assertEquals(new Position(file, 1, 7), entry(root, "name").value().position());
        assertEquals(new Position(file, 2, 1), entry(root, "tasks").keyPosition());
        YamlNode.Sequence tasks = assertInstanceOf(YamlNode.Sequence.class, entry(root, "tasks").value());
        assertEquals(new Position(file, 3, 3), tasks.position());
        YamlNode.Mapping task = assertInstanceOf(YamlNode.Mapping.class, tasks.items().getFirst());
        assertEquals(new Position(file, 3, 5), task.position());
        assertEquals(new Position(file, 3, 5), entry(task, "command").keyPosition());
        assertEquals(new Position(file, 3, 14), entry(task, "command").value().position());
        assertEquals(new Position(file, 4, 5), entry(task, "become").keyPosition());
        assertEquals(new Position(file, 4, 15), entry(task, "become").value().position());
        assertEquals(file + ":4:15", entry(task, "become").value().position().toString());
    }

    @Test
    void mappingKeepsKeysInWrittenOrder() throws IOException {
        YamlNode.Mapping root = loadMapping("""
                zeta: 1
                alpha: 2
                mid: 3
                """);
        assertEquals(List.of("zeta", "alpha", "mid"), root.entries().stream().map(YamlNode.Entry::key).toList());
    }

    @Test
    void yaml11BooleansBecomeBooleans() throws IOException {
        YamlNode.Mapping root = loadMapping("""
                a: yes
                b: no
                c: on
                d: off
                e: True
                f: FALSE
                g: 'yes'
                h: y
                """);
        assertEquals(Boolean.TRUE, plain(root, "a"));
        assertEquals(Boolean.FALSE, plain(root, "b"));
        assertEquals(Boolean.TRUE, plain(root, "c"));
        assertEquals(Boolean.FALSE, plain(root, "d"));
        assertEquals(Boolean.TRUE, plain(root, "e"));
        assertEquals(Boolean.FALSE, plain(root, "f"));
        assertEquals("yes", plain(root, "g"), "a quoted yes stays text");
        assertEquals("y", plain(root, "h"), "PyYAML reads a bare y as text");
        YamlNode.Scalar on = assertInstanceOf(YamlNode.Scalar.class, root.get("c").orElseThrow());
        assertEquals("on", on.text());
        assertEquals("boolean", on.kind());
    }

    @Test
    void integersFloatsAndNullsAreTyped() throws IOException {
        YamlNode.Mapping root = loadMapping("""
                port: 22
                negative: -7
                hex: 0x1F
                octal: 010
                grouped: 1_000
                huge: 12345678901234567890
                ratio: 3.5
                quoted: "22"
                tilde: ~
                word: null
                empty:
                """);
        assertEquals(22L, plain(root, "port"));
        assertEquals(-7L, plain(root, "negative"));
        assertEquals(31L, plain(root, "hex"));
        assertEquals(8L, plain(root, "octal"), "YAML 1.1 reads a leading 0 as octal, as PyYAML does");
        assertEquals(1000L, plain(root, "grouped"));
        assertEquals(new BigInteger("12345678901234567890"), plain(root, "huge"));
        assertEquals(3.5, plain(root, "ratio"));
        assertEquals("22", plain(root, "quoted"));
        assertNull(plain(root, "tilde"));
        assertNull(plain(root, "word"));
        assertNull(plain(root, "empty"));
        YamlNode.Scalar port = assertInstanceOf(YamlNode.Scalar.class, root.get("port").orElseThrow());
        assertEquals("number", port.kind());
        assertEquals("22", port.text());
        assertTrue(assertInstanceOf(YamlNode.Scalar.class, root.get("empty").orElseThrow()).isNull());
    }

    @Test
    void anEmptyFileIsANullScalar() throws IOException {
        Path file = write("");
        YamlNode.Scalar root = assertInstanceOf(YamlNode.Scalar.class, YamlLoader.load(file));
        assertTrue(root.isNull());
        assertEquals(new Position(file, 1, 1), root.position());
    }

    @Test
    void aliasesRepeatTheAnchoredValue() throws IOException {
        YamlNode.Mapping root = loadMapping("""
                base: &base
                  user: deploy
                  port: 22
                copy: *base
                list: &items [a, b]
                again: *items
                """);
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("user", "deploy");
        expected.put("port", 22L);
        assertEquals(expected, plain(root, "copy"));
        assertEquals(List.of("a", "b"), plain(root, "again"));
    }

    @Test
    void mergeKeysCopyEntriesAndOwnKeysWin() throws IOException {
        Path file = write("""
                base: &base
                  user: deploy
                  port: 22
                server:
                  <<: *base
                  port: 2222
                """);
        YamlNode.Mapping root = assertInstanceOf(YamlNode.Mapping.class, YamlLoader.load(file));
        YamlNode.Mapping server = assertInstanceOf(YamlNode.Mapping.class, root.get("server").orElseThrow());

        assertEquals(List.of("user", "port"), server.entries().stream().map(YamlNode.Entry::key).toList());
        assertEquals(Map.of("user", "deploy", "port", 2222L), server.toPlain());
        assertEquals(new Position(file, 2, 3), entry(server, "user").keyPosition(),
                "a merged entry points at where it was written, under the anchor");
        assertEquals(new Position(file, 6, 3), entry(server, "port").keyPosition());
    }

    @Test
    void mergeOfAListTakesTheFirstMappingForAKeyInBoth() throws IOException {
        YamlNode.Mapping root = loadMapping("""
                a: &a {x: 1}
                b: &b {x: 2, y: 2}
                c:
                  <<: [*a, *b]
                  z: 3
                """);
        assertEquals(Map.of("x", 1L, "y", 2L, "z", 3L), plain(root, "c"));
    }

    @Test
    void aMergeKeyWithAScalarIsAProblem() throws IOException {
        Path file = write("""
                c:
                  <<: 5
                """);
        InputException e = failure(file);
        assertEquals(1, e.problems().size());
        Problem problem = e.problems().getFirst();
        assertEquals(new Position(file, 2, 3), problem.position());
        assertEquals("a merge key '<<' needs a mapping or a list of mappings", problem.message());
    }

    @Test
    void aDuplicateKeyIsReportedAtTheSecondKey() throws IOException {
        Path file = write("""
                a: 1
                b: 2
                a: 3
                """);
        InputException e = failure(file);
        assertEquals(1, e.problems().size());
        Problem problem = e.problems().getFirst();
        assertEquals("duplicate key 'a'", problem.message());
        assertEquals(new Position(file, 3, 1), problem.position());
        assertEquals(Optional.of("each key may appear once in a mapping; remove one of them"), problem.hint());
    }

    @Test
    void aDuplicateKeyInANestedMappingIsReportedWhereItIs() throws IOException {
        Path file = write("""
                all:
                  hosts:
                    web1:
                    web2:
                    web1:
                """);
        Problem problem = failure(file).problems().getFirst();
        assertEquals("duplicate key 'web1'", problem.message());
        assertEquals(new Position(file, 5, 5), problem.position());
    }

    @Test
    void badIndentationIsASyntaxErrorAtTheOffendingLine() throws IOException {
        Path file = write("""
                a:
                  b: 1
                 c: 2
                """);
        InputException e = failure(file);
        assertEquals(1, e.problems().size());
        Problem problem = e.problems().getFirst();
        assertEquals(new Position(file, 3, 2), problem.position());
        assertEquals("YAML syntax error: expected <block end>, but found '<block mapping start>'"
                + " (while parsing a block mapping)", problem.message());
        assertEquals(file + ":3:2: YAML syntax error: expected <block end>, but found '<block mapping start>'"
                + " (while parsing a block mapping)\n"
                + "     c: 2\n"
                + "     ^ here", problem.render());
    }

    @Test
    void anUnclosedQuoteIsASyntaxError() throws IOException {
        Path file = write("""
                name: web
                cmd: "echo hello
                """);
        Problem problem = failure(file).problems().getFirst();
        assertEquals("YAML syntax error: found unexpected end of stream (while scanning a quoted scalar)",
                problem.message());
        assertEquals(new Position(file, 3, 1), problem.position(), "SnakeYAML marks the end of the stream");
    }

    @Test
    void aTabUsedForIndentationIsASyntaxErrorWithAQuote() throws IOException {
        Path file = write("a:\tb\n");
        Problem problem = failure(file).problems().getFirst();
        assertEquals(new Position(file, 1, 3), problem.position());
        assertTrue(problem.message().startsWith("YAML syntax error: found character '\\t(TAB)' that cannot start any token"),
                problem.message());
        assertEquals(Optional.of("    a:\tb\n      ^ here"), problem.quote());
    }

    @Test
    void anUndefinedAliasIsASyntaxError() throws IOException {
        Path file = write("a: *nope\n");
        Problem problem = failure(file).problems().getFirst();
        assertEquals(new Position(file, 1, 4), problem.position());
        assertEquals("YAML syntax error: found undefined alias nope", problem.message());
    }

    @Test
    void aMissingFileIsNotFound() {
        Path missing = dir.resolve("nowhere.yml");
        InputException e = failure(missing);
        assertEquals(1, e.problems().size());
        Problem problem = e.problems().getFirst();
        assertEquals("file not found", problem.message());
        assertEquals(missing + ": file not found", problem.render());
        assertEquals(missing + ": file not found", e.getMessage());
    }

    @Test
    void aProblemRendersPositionMessageHintAndTheQuotedLineWithACaret() throws IOException {
        Path file = write("""
                all:
                  hosts:
                    web1:
                    web1:
                """);
        Problem problem = failure(file).problems().getFirst();
        assertEquals(file + ":4:5: duplicate key 'web1'\n"
                + "  each key may appear once in a mapping; remove one of them\n"
                + "        web1:\n"
                + "        ^ here", problem.render());
    }

    @Test
    void theInputExceptionMessageIsEveryRenderedProblem() throws IOException {
        Path file = write("a: 1\n");
        Problem one = Problem.at(new Position(file, 1, 1), "first");
        Problem two = Problem.at(new Position(file, 1, 4), "second", "a hint");
        InputException e = new InputException(List.of(one, two));
        assertEquals(file + ":1:1: first\n    a: 1\n    ^ here\n"
                + file + ":1:4: second\n  a hint\n    a: 1\n       ^ here", e.getMessage());
        assertEquals(List.of(one, two), e.problems());
    }

    @Test
    void aProblemWithoutAFileHasNoQuote() {
        Problem problem = Problem.at(Position.of("-e"), "extra variable 'x' is not key=value", "write -e name=value");
        assertEquals(Optional.empty(), problem.quote());
        assertEquals("-e: extra variable 'x' is not key=value\n  write -e name=value", problem.render());
    }
}
