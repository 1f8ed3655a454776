package herd.engine.module.builtin.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Modes as chmod and Ansible's _symbolic_mode_to_octal compute them. */
class ModesTest {
    private static int mode(Object given, int current, boolean dir) throws Modes.BadMode {
        return Modes.resolve(given, current, dir, 022);
    }

    @Test
    void numbersAndOctalStrings() throws Modes.BadMode {
        assertEquals(0644, mode(420, 0, false), "YAML 0644 is already the number 420");
        assertEquals(0644, mode("0644", 0, false));
        assertEquals(0644, mode("644", 0, false));
        assertEquals(01777, mode("1777", 0, false));
        assertEquals(0600, mode("0o600", 0, false));
        assertEquals(01204, mode(644, 0, false), "a decimal 644 is taken as the number it is, as Ansible does");
    }

    @Test
    void symbolicModesAgainstTheCurrentOne() throws Modes.BadMode {
        assertEquals(0644, mode("u=rw,g=r,o=r", 0777, false));
        assertEquals(0755, mode("u+x,g+x,o+x", 0644, false));
        assertEquals(0444, mode("a-w", 0666, false));
        assertEquals(0640, mode("o=", 0644, false));
        assertEquals(0750, mode("u=rwx,g=rx,o-rwx", 0, false));
        assertEquals(0660, mode("g=u", 0640, false));
        assertEquals(04755, mode("u+s", 0755, false));
        assertEquals(01777, mode("+t", 0777, false));
        assertEquals(0640, mode("u=rw-x,g=r", 0750, false), "several operators in one clause");
    }

    @Test
    void capitalXOnlyForFoldersAndExecutables() throws Modes.BadMode {
        assertEquals(0644, mode("a+X", 0644, false));
        assertEquals(0755, mode("a+X", 0744, false));
        assertEquals(0755, mode("a+X", 0644, true));
    }

    @Test
    void withoutWhoTheUmaskIsKept() throws Modes.BadMode {
        assertEquals(0755, mode("+w,+x", 0555, false), "umask 022 keeps w off for group and other");
        assertEquals(0755, Modes.resolve("+rwx", 0, false, 022));
        assertEquals(0777, Modes.resolve("a+rwx", 0, false, 022));
    }

    @Test
    void badModesInAnsiblesWords() {
        Modes.BadMode bad = assertThrows(Modes.BadMode.class, () -> mode("u=rw,q=r", 0644, false));
        assertEquals("mode must be in octal or symbolic form", bad.getMessage());
        assertEquals("bad symbolic permission for mode: q=r", bad.details());
        assertEquals("mode must be in octal or symbolic form",
                assertThrows(Modes.BadMode.class, () -> mode("rw", 0644, false)).getMessage());
        assertEquals("Invalid mode supplied, only permission info is allowed",
                assertThrows(Modes.BadMode.class, () -> mode("17777", 0, false)).getMessage());
    }

    @Test
    void octalAsAnsibleReportsIt() {
        assertEquals("0644", Modes.octal(0644));
        assertEquals("0000", Modes.octal(0));
        assertEquals("01777", Modes.octal(01777));
        assertEquals("0007", Modes.octal(07));
    }
}
