package herd.engine.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HostPatternTest {
    private static Inventory inventory;

    @BeforeAll
    static void load(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("hosts.yml");
        Files.writeString(file, """
                all:
                  hosts:
                    bastion:
                  children:
                    web:
                      hosts:
                        web1:
                        web2:
                        web10:
                    db:
                      hosts:
                        db1:
                        db2:
                    app:
                      hosts:
                        app1:
                        web2:
                    staging:
                      hosts:
                        web2:
                        db2:
                """);
        inventory = YamlInventory.load(file);
    }

    private static List<String> select(String pattern) {
        return inventory.select(pattern).stream().map(Host::name).toList();
    }

    @ParameterizedTest(name = "{0} selects {1}")
    @CsvSource(delimiterString = "->", textBlock = """
            web1                  -> web1
            db                    -> db1 db2
            all                   -> bastion web1 web2 web10 db1 db2 app1
            *                     -> bastion web1 web2 web10 db1 db2 app1
            ungrouped             -> bastion
            app*                  -> web2 app1
            web?                  -> web1 web2
            *1                    -> web1 db1 app1
            ~web\\d+              -> web1 web2 web10
            ~(db|app)1            -> db1 app1
            ~eb1                  -> ''
            db:app                -> web2 db1 db2 app1
            app:db                -> web2 db1 db2 app1
            web:!staging          -> web1 web10
            web:&staging          -> web2
            web,db                -> web1 web2 web10 db1 db2
            web, db               -> web1 web2 web10 db1 db2
            !db                   -> bastion web1 web2 web10 app1
            &staging              -> web2 db2
            web:db:&staging:!db2  -> web2
            web:!web2,web2        -> web1 web10
            db2:web1              -> web1 db2
            nosuch                -> ''
            web:nosuch            -> web1 web2 web10
            """)
    void selectsHostsInInventoryOrder(String pattern, String expected) {
        List<String> hosts = expected.isEmpty() ? List.of() : List.of(expected.split(" "));
        assertEquals(hosts, select(pattern));
    }

    @Test
    void parseSortsTermsIntoUnionIntersectionAndExclusion() {
        assertEquals(new HostPattern(List.of("web", "db"), List.of("staging"), List.of("db2")),
                HostPattern.parse("web:db:&staging:!db2"));
        assertEquals(new HostPattern(List.of("all"), List.of(), List.of("db")), HostPattern.parse("!db"));
        assertEquals(new HostPattern(List.of("~web[0-9]:x"), List.of(), List.of()), HostPattern.parse("~web[0-9]:x"),
                "a regex keeps its colons");
    }

    @Test
    void globsMatchAsFnmatchWithoutBacktrackingForEver() {
        assertEquals(List.of(true, true, true, false, false, true),
                List.of(HostPattern.glob("w*1", "web1"), HostPattern.glob("w?b*", "web10"), HostPattern.glob("*", ""),
                        HostPattern.glob("web?", "web10"), HostPattern.glob("*".repeat(5000) + "x", "web1".repeat(50)),
                        HostPattern.glob("a*b*c", "aXbYc")));
    }
}
