package herd.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** herd hosts in-process: its output for a pattern, and exit 4 with file:line:column for bad input. */
class HostsCommandTest {
    @TempDir
    Path dir;

    private Path write(String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
        return file;
    }

    @Test
    void aPatternShowsOnlyItsHostsInTheTree() throws IOException {
        Path inv = write("hosts.ini", "[web]\nweb1 port=80\nweb2\n[db]\ndb1\n");
        write("group_vars/web.yml", "tier: web\n");
        CliRun r = CliRun.of("hosts", "-i", inv.toString(), "web:!web2");
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals("""
                @all:
                  |--@web:
                  |  |--web1
                  |  |  |--{port = 80}
                  |  |  |--{tier = web}
                  |  |--{tier = web}
                """, r.out());
        assertEquals("", r.err());
    }

    @Test
    void jsonForTwoSourcesAndAPlaybookFolder() throws IOException {
        Path first = write("a/hosts.ini", "web1 x=1\n");
        Path second = write("b/hosts.yml", "db:\n  hosts:\n    db1:\n");
        write("play/host_vars/db1.yml", "y: 2\n");
        CliRun r = CliRun.of("hosts", "-i", first.toString(), "-i", second.toString(), "--playbook-dir",
                dir.resolve("play").toString(), "--json");
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals("""
                {
                    "_meta": {
                        "hostvars": {
                            "db1": {
                                "y": 2
                            },
                            "web1": {
                                "x": 1
                            }
                        }
                    },
                    "all": {
                        "children": [
                            "ungrouped",
                            "db"
                        ]
                    },
                    "db": {
                        "hosts": [
                            "db1"
                        ]
                    },
                    "ungrouped": {
                        "hosts": [
                            "web1"
                        ]
                    }
                }
                """, r.out());
    }

    @Test
    void aBadInventoryIsExitFourWithEveryProblem() throws IOException {
        Path inv = write("hosts.ini", "[web:hostz]\nweb1\n[db]\ndb[1:]\n");
        CliRun r = CliRun.of("hosts", "-i", inv.toString());
        assertEquals(4, r.exitCode(), r::toString);
        assertEquals("ERROR: " + inv + ":1:6: unknown section type 'hostz' in [web:hostz]\n"
                + "  a section is [group], [group:children] or [group:vars]\n"
                + "    [web:hostz]\n"
                + "         ^ here\n"
                + "ERROR: " + inv + ":4:1: bad host range in 'db[1:]': the range [1:] has no end\n"
                + "    db[1:]\n"
                + "    ^ here\n"
                + "2 problems; nothing was run.\n", r.err());
        assertEquals("", r.out());
    }

    @Test
    void noInventoryIsExitFour() {
        CliRun r = CliRun.of("hosts");
        assertEquals(4, r.exitCode(), r::toString);
        assertTrue(r.err().startsWith("ERROR: -i: no inventory given\n"), r::toString);
    }

    @Test
    void theCommandIsListedInTheHelp() {
        CliRun help = CliRun.of("--help");
        assertTrue(help.out().contains("hosts "), help::toString);
        CliRun hostsHelp = CliRun.of("hosts", "--help");
        assertEquals(0, hostsHelp.exitCode());
        assertTrue(hostsHelp.out().contains("--playbook-dir=DIR"), hostsHelp::toString);
    }
}
