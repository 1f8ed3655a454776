package herd.engine.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shapes of ansible-inventory --list and --graph --vars (the corpus compares them with Ansible itself). */
class InventoryListingTest {
    @TempDir
    Path dir;
    private Inventory inventory;

    @BeforeEach
    void load() throws IOException {
        Path file = dir.resolve("hosts.ini");
        Files.writeString(file, """
                bastion
                [web]
                web1 port=8080 ratio=1e16 inventory_dir=hidden
                web2
                [db]
                db1
                [app:children]
                web
                db
                [empty]
                [app:vars]
                tier=app
                """);
        inventory = Inventories.load(List.of(file));
    }

    @Test
    void jsonIsWrittenAsAnsibleWritesIt() {
        assertEquals("""
                {
                    "_meta": {
                        "hostvars": {
                            "db1": {
                                "tier": "app"
                            },
                            "web1": {
                                "port": 8080,
                                "ratio": 1e+16,
                                "tier": "app"
                            },
                            "web2": {
                                "tier": "app"
                            }
                        }
                    },
                    "all": {
                        "children": [
                            "ungrouped",
                            "app",
                            "empty"
                        ]
                    },
                    "app": {
                        "children": [
                            "web",
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
                            "bastion"
                        ]
                    },
                    "web": {
                        "hosts": [
                            "web1",
                            "web2"
                        ]
                    }
                }""", InventoryListing.json(inventory, Optional.empty()));
    }

    @Test
    void aPatternKeepsOnlyItsHostsAndGroupsKeepTheirChildren() {
        assertEquals("""
                {
                    "_meta": {
                        "hostvars": {
                            "web2": {
                                "tier": "app"
                            }
                        }
                    },
                    "all": {
                        "children": [
                            "ungrouped",
                            "app",
                            "empty"
                        ]
                    },
                    "app": {
                        "children": [
                            "web",
                            "db"
                        ]
                    },
                    "web": {
                        "hosts": [
                            "web2"
                        ]
                    }
                }""", InventoryListing.json(inventory, Optional.of("web:!web1")));
    }

    @Test
    void theGraphShowsGroupsHostsAndVariables() {
        assertEquals("""
                @all:
                  |--@ungrouped:
                  |  |--bastion
                  |--@app:
                  |  |--@web:
                  |  |  |--web1
                  |  |  |  |--{port = 8080}
                  |  |  |  |--{ratio = 1e+16}
                  |  |  |  |--{tier = app}
                  |  |  |--web2
                  |  |  |  |--{tier = app}
                  |  |--@db:
                  |  |  |--db1
                  |  |  |  |--{tier = app}
                  |  |--{tier = app}
                  |--@empty:
                """, InventoryGraph.text(inventory, Optional.empty()));
    }

    @Test
    void aPatternDrawsOnlyTheGroupsThatHoldItsHosts() {
        assertEquals("""
                @all:
                  |--@app:
                  |  |--@db:
                  |  |  |--db1
                  |  |  |  |--{tier = app}
                  |  |--{tier = app}
                """, InventoryGraph.text(inventory, Optional.of("db")));
    }
}
