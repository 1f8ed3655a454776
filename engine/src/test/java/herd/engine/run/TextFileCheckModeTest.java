package herd.engine.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import herd.engine.module.Module;
import herd.engine.module.ModuleCall;
import herd.engine.module.Modules;
import herd.engine.module.Outcome;
import herd.engine.module.Target;
import herd.engine.module.Trait;
import herd.engine.event.Status;
import herd.engine.template.Templates;
import herd.engine.transport.ExecRequest;
import herd.engine.transport.ExecResult;
import herd.engine.transport.FileTransferException;
import herd.engine.transport.UnreachableException;
import herd.engine.transport.local.LocalTransport;

/**
 * Check mode and diff of lineinfile, blockinfile and replace, called directly on this machine:
 * check mode reports what the real run would and leaves the file alone; diff carries before and
 * after as Ansible's modules put them.
 */
class TextFileCheckModeTest {
    @TempDir
    Path dir;

    /** This machine as a module's target. */
    private static final class Local implements Target {
        private final LocalTransport transport = new LocalTransport();

        @Override
        public ExecResult sh(String script) throws UnreachableException {
            return transport.exec(ExecRequest.of(script, Optional.of(Duration.ofSeconds(30))));
        }

        @Override
        public ExecResult program(String command, byte[] input) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void put(String path, byte[] content, int mode) throws FileTransferException {
            transport.put(path, content, mode);
        }

        @Override
        public byte[] fetch(String path) throws FileTransferException {
            return transport.fetch(path);
        }

        @Override
        public Optional<String> becomeUser() {
            return Optional.empty();
        }

        @Override
        public boolean sleep(Duration duration) {
            return true;
        }
    }

    private static Outcome call(String module, Map<String, Object> args, boolean check, boolean diff) throws UnreachableException {
        Module m = Modules.find(module).orElseThrow();
        assertTrue(m.traits().contains(Trait.CHECK_MODE), module + " supports check mode");
        return m.run(new ModuleCall(new LinkedHashMap<>(args), Map.of(), new Templates(), new Local(), check, diff));
    }

    @Test
    void lineinfileInCheckModeChangesNothingAndShowsTheDiff() throws IOException, UnreachableException {
        Path f = Files.writeString(dir.resolve("f"), "a\n");
        Outcome o = call("lineinfile", Map.of("path", f.toString(), "line", "b", "mode", "0600"), true, true);
        assertEquals(Status.CHANGED, o.status());
        assertEquals("line added and ownership, perms or SE linux context changed", o.result().get("msg"));
        assertEquals("a\n", Files.readString(f));
        assertEquals("rw-r--r--", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
        List<?> diff = (List<?>) o.result().get("diff");
        Map<?, ?> content = (Map<?, ?>) diff.get(0);
        assertEquals("a\n", content.get("before"));
        assertEquals("a\nb\n", content.get("after"));
        assertEquals(f + " (content)", content.get("before_header"));
        Map<?, ?> attributes = (Map<?, ?>) diff.get(1);
        assertEquals(Map.of("mode", "0644"), attributes.get("before"));
        assertEquals(Map.of("mode", "0600"), attributes.get("after"));
    }

    @Test
    void withoutDiffModeTheDiffHasHeadersOnly() throws IOException, UnreachableException {
        Path f = Files.writeString(dir.resolve("f"), "a\n");
        Outcome o = call("lineinfile", Map.of("path", f.toString(), "line", "b"), false, false);
        Map<?, ?> content = (Map<?, ?>) ((List<?>) o.result().get("diff")).get(0);
        assertEquals("", content.get("before"));
        assertEquals("", content.get("after"));
        assertEquals("a\nb\n", Files.readString(f));
    }

    @Test
    void lineinfileCreateInCheckModeMakesNoFileAndGivesOneDiff() throws UnreachableException {
        Path f = dir.resolve("sub/new");
        Outcome o = call("lineinfile", Map.of("path", f.toString(), "line", "b", "create", true), true, true);
        assertEquals(Status.CHANGED, o.status());
        assertEquals("line added", o.result().get("msg"));
        assertFalse(Files.exists(f.getParent()), "not even the folder");
        assertEquals("b\n", ((Map<?, ?>) o.result().get("diff")).get("after"));
    }

    @Test
    void blockinfileInCheckMode() throws IOException, UnreachableException {
        Path f = Files.writeString(dir.resolve("f"), "a\n");
        Outcome o = call("blockinfile", Map.of("path", f.toString(), "block", "x"), true, true);
        assertEquals("Block inserted", o.result().get("msg"));
        assertEquals(Status.CHANGED, o.status());
        assertEquals("a\n", Files.readString(f));
        Map<?, ?> content = (Map<?, ?>) ((List<?>) o.result().get("diff")).get(0);
        assertEquals("a\n# BEGIN ANSIBLE MANAGED BLOCK\nx\n# END ANSIBLE MANAGED BLOCK\n", content.get("after"));
    }

    @Test
    void replaceInCheckModeAndItsDiff() throws IOException, UnreachableException {
        Path f = Files.writeString(dir.resolve("f"), "a1\n");
        Outcome o = call("replace", Map.of("path", f.toString(), "regexp", "\\d", "replace", "N"), true, true);
        assertEquals("1 replacements made", o.result().get("msg"));
        assertEquals("a1\n", Files.readString(f));
        assertEquals(Map.of("before", "a1\n", "after", "aN\n", "before_header", f.toString(), "after_header", f.toString()),
                o.result().get("diff"));
        Outcome plain = call("replace", Map.of("path", f.toString(), "regexp", "\\d", "replace", "N"), false, false);
        assertFalse(plain.result().containsKey("diff"), "replace gives a diff in diff mode only");
        assertEquals("aN\n", Files.readString(f));
    }
}
