package herd.engine.module.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import herd.engine.load.InputException;
import herd.engine.module.Arg;
import herd.engine.playbook.PlaybookLoader;
import herd.engine.transport.ExecResult;

/**
 * The bridge against a small Ansible tree of our own (an {@code ansible} package with modules,
 * module_utils, an action plugin and a runtime.yml), a playbook library and a collection: where
 * modules are found, what is packaged with them, how their output becomes a result, and their
 * arguments checked when loaded (the controller's python3 reads the spec).
 */
class BridgeTest {
    @TempDir
    Path dir;
    private Path ansible;
    private ModuleSources sources;

    @BeforeEach
    void tree() throws IOException {
        ansible = dir.resolve("site/ansible");
        write(ansible.resolve("__init__.py"), "");
        write(ansible.resolve("module_utils/__init__.py"), "");
        write(ansible.resolve("module_utils/basic.py"), """
                import json, sys
                from ansible.module_utils.common.text.converters import to_text
                from .six import PY3
                _ANSIBLE_ARGS = None
                FILE_COMMON_ARGUMENTS = dict(mode=dict(type='raw'), owner=dict(type='str'))
                class AnsibleModule(object):
                    def __init__(self, argument_spec=None, supports_check_mode=False, add_file_common_args=False, **kw):
                        self.params = json.loads(_ANSIBLE_ARGS)['ANSIBLE_MODULE_ARGS']
                    def exit_json(self, **kw):
                        print(json.dumps(kw)); sys.exit(0)
                """);
        write(ansible.resolve("module_utils/six/__init__.py"), "PY3 = True\n");
        write(ansible.resolve("module_utils/common/__init__.py"), "");
        write(ansible.resolve("module_utils/common/text/converters.py"), "def to_text(x):\n    return str(x)\n");
        write(ansible.resolve("module_utils/unused.py"), "");
        String module = """
                from ansible.module_utils.basic import (
                    AnsibleModule,
                )
                def main():
                    m = AnsibleModule(argument_spec=dict(name=dict(type='str', required=True, aliases=['who']),
                                                         state=dict(choices=['present', 'absent']),
                                                         count=dict(type='int')), add_file_common_args=True)
                    m.exit_json(changed=False, name=m.params['name'])
                if __name__ == '__main__':
                    main()
                """;
        write(ansible.resolve("modules/core_thing.py"), module);
        write(ansible.resolve("modules/pkgthing.py"), module);
        write(ansible.resolve("plugins/action/pkgthing.py"), "# does controller work\n");
        write(ansible.resolve("config/ansible_builtin_runtime.yml"), """
                plugin_routing:
                  modules:
                    moved_thing:
                      redirect: acme.tools.thing
                    gone_thing:
                      tombstone:
                        removal_version: '2.10'
                        warning_text: use acme.tools.thing
                """);
        Path collection = dir.resolve("play/collections/ansible_collections/acme/tools");
        write(collection.resolve("plugins/modules/thing.py"), """
                from ansible.module_utils.basic import AnsibleModule
                from ..module_utils.words import shout
                from ansible_collections.acme.tools.plugins.module_utils import more
                """);
        write(collection.resolve("plugins/module_utils/words.py"), "def shout(x):\n    return x\n");
        write(collection.resolve("plugins/module_utils/more.py"), "");
        write(collection.resolve("meta/runtime.yml"), "plugin_routing:\n  modules:\n    old:\n      redirect: acme.tools.thing\n");
        write(dir.resolve("play/library/core_thing.sh"), "#!/bin/sh\necho '{\"changed\": false}'\n");
        sources = new ModuleSources(List.of(), List.of(), () -> new ControllerAnsible.Installed(
                new ControllerAnsible("python3", ansible, "2.14.99", List.of())));
        sources.addPlaybookDir(dir.resolve("play"));
    }

    private static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    private ModuleSources.Found found(String name, List<String> collections) {
        return assertInstanceOf(ModuleSources.Found.class, sources.resolve(name, collections));
    }

    @Test
    void aLibraryModuleComesBeforeAnsibleCoreForShortAndLegacyNamesOnly() {
        ModuleSources.Found shortName = found("core_thing", List.of());
        assertEquals(dir.resolve("play/library/core_thing.sh"), shortName.file().path());
        assertEquals(ModuleFile.Kind.OLD_STYLE, shortName.file().kind());
        assertEquals(shortName.file().path(), found("ansible.legacy.core_thing", List.of()).file().path());
        ModuleSources.Found builtin = found("ansible.builtin.core_thing", List.of());
        assertEquals(ansible.resolve("modules/core_thing.py"), builtin.file().path());
        assertEquals(ModuleFile.Kind.NEW_STYLE, builtin.file().kind());
        assertEquals("ansible.modules.core_thing", builtin.file().pythonName());
    }

    @Test
    void shortNamesLookInTheTasksCollectionsFirstAndFollowRedirects() {
        ModuleSources.Found thing = found("thing", List.of("acme.tools"));
        assertEquals("acme.tools.thing", thing.file().fqcn());
        assertEquals("ansible_collections.acme.tools.plugins.modules.thing", thing.file().pythonName());
        assertEquals("acme.tools.thing", found("moved_thing", List.of()).file().fqcn());
        assertEquals("acme.tools.thing", found("acme.tools.old", List.of()).file().fqcn());
        ModuleSources.Refused gone = assertInstanceOf(ModuleSources.Refused.class, sources.resolve("gone_thing", List.of()));
        assertTrue(gone.why().contains("has been removed: use acme.tools.thing (removed in 2.10)"), gone.why());
    }

    @Test
    void whatIsNotFoundSaysWhereHerdLooked() {
        ModuleSources.NotFound missing = assertInstanceOf(ModuleSources.NotFound.class,
                sources.resolve("other.coll.thing", List.of()));
        assertTrue(missing.looked().contains("the collection other.coll, which is not installed in any of "
                + dir.resolve("play/collections")), missing.looked());
        ModuleSources.NotFound nothing = assertInstanceOf(ModuleSources.NotFound.class, sources.resolve("nothing", List.of()));
        assertTrue(nothing.looked().contains(dir.resolve("play/library").toString()), nothing.looked());
        assertTrue(nothing.looked().contains("ansible-core's modules in " + ansible.resolve("modules")), nothing.looked());
    }

    @Test
    void withoutAnsibleOnTheControllerOnlyModulesThatNeedNoneOfItRun() {
        ModuleSources bare = new ModuleSources(List.of(), List.of(), () -> new ControllerAnsible.Missing("python3 did not run"));
        bare.addPlaybookDir(dir.resolve("play"));
        assertInstanceOf(ModuleSources.Found.class, bare.resolve("core_thing", List.of()));
        ModuleSources.NotFound user = assertInstanceOf(ModuleSources.NotFound.class, bare.resolve("user", List.of()));
        assertTrue(user.looked().contains("no Ansible on the controller to take modules from: python3 did not run"
                + " (install ansible-core)"), user.looked());
    }

    @Test
    void aModuleWithAnActionPluginHerdDoesNotHaveIsRefusedByName() {
        Bridge bridge = new Bridge(sources);
        Bridge.Refused refused = assertInstanceOf(Bridge.Refused.class, bridge.module("pkgthing", List.of()));
        assertTrue(refused.why().contains("runs through its action plugin ansible.builtin.pkgthing"), refused.why());
    }

    @Test
    void thePackageHoldsWhatTheModuleImportsAndTheirPackagesOnly() throws IOException {
        Map<String, Boolean> core = Payload.contents(found("ansible.builtin.core_thing", List.of()).file(), ansible,
                c -> Optional.empty());
        assertEquals(Map.of("ansible.modules.core_thing", false, "ansible", true, "ansible.modules", true,
                "ansible.module_utils", true, "ansible.module_utils.basic", false, "ansible.module_utils.six", true,
                "ansible.module_utils.common", true, "ansible.module_utils.common.text", true,
                "ansible.module_utils.common.text.converters", false), core);
        Path collection = dir.resolve("play/collections/ansible_collections/acme/tools");
        Map<String, Boolean> fromCollection = Payload.contents(found("acme.tools.thing", List.of()).file(), ansible,
                c -> c.equals("acme.tools") ? Optional.of(collection) : Optional.empty());
        assertTrue(fromCollection.containsKey("ansible_collections.acme.tools.plugins.module_utils.words"), fromCollection.toString());
        assertTrue(fromCollection.containsKey("ansible_collections.acme.tools.plugins.module_utils.more"), fromCollection.toString());
        assertEquals(Boolean.TRUE, fromCollection.get("ansible_collections.acme"));
        assertFalse(fromCollection.containsKey("ansible.module_utils.unused"));
    }

    @Test
    void theModulesSpecChecksTheTasksArgumentsWhenTheplaybookIsLoaded() throws IOException {
        Path play = dir.resolve("play/site.yml");
        write(play, """
                - hosts: all
                  gather_facts: false
                  tasks:
                    - ansible.builtin.core_thing: who=a state=presnt count=2 mode=0644
                    - ansible.builtin.core_thing: name=a colour=red
                    - ansible.builtin.core_thing: state=absent
                """);
        InputException e = org.junit.jupiter.api.Assertions.assertThrows(InputException.class,
                () -> PlaybookLoader.load(play, List.of(), new Bridge(sources)));
        List<String> messages = e.problems().stream().map(p -> p.position().line() + ": " + p.message()).toList();
        assertEquals(List.of("4: 'state' of core_thing must be one of present, absent, not 'presnt'",
                "5: unknown key 'colour' in a core_thing module's arguments",
                "6: 'ansible.builtin.core_thing' needs the argument 'name'"), messages);
        herd.engine.module.Module module = assertInstanceOf(Bridge.Runs.class,
                new Bridge(sources).module("ansible.builtin.core_thing", List.of())).module();
        Arg name = module.spec().arg("who").orElseThrow();
        assertEquals("name", name.name());
        assertTrue(module.spec().arg("owner").isPresent(), "the file arguments add_file_common_args brings");
    }

    @Test
    void aLibraryModuleNamedAsANativeOneReplacesItUnlessAnActionPluginRuns() throws IOException {
        write(dir.resolve("play/library/stat.py"), "#!/usr/bin/python\nWANT_JSON\nprint('{}')\n");
        write(dir.resolve("play/library/copy.py"), "#!/usr/bin/python\nWANT_JSON\nprint('{}')\n");
        Path play = dir.resolve("play/site.yml");
        write(play, """
                - hosts: all
                  gather_facts: false
                  tasks:
                    - stat: path=/etc
                    - ansible.builtin.stat: path=/etc
                    - copy: dest=/tmp/x content=y
                """);
        List<herd.engine.playbook.Task> tasks = PlaybookLoader.load(play, List.of(), new Bridge(sources)).plays()
                .getFirst().writtenTasks();
        List<String> modules = tasks.stream().map(t -> ((herd.engine.playbook.Action.Module) t.action()).implementation()
                .getClass().getSimpleName()).toList();
        assertEquals(List.of("BridgedModule", "Stat", "Copy"), modules);
    }

    @Test
    void outputBecomesTheResultAsAnsibleMakesIt() {
        Map<String, Object> ok = Results.parse(result(0, "noise before\n{\"changed\": true, \"stdout\": \"a\\nb\","
                + " \"_ansible_no_log\": false, \"invocation\": {\"module_args\": {}}}\ntrailing\n", ""), "python3");
        assertEquals(true, ok.get("changed"));
        assertEquals(List.of("a", "b"), ok.get("stdout_lines"));
        assertFalse(ok.containsKey("_ansible_no_log"));
        assertFalse(ok.containsKey("invocation"));
        assertEquals(List.of("Module invocation had junk after the JSON data: trailing"), ok.get("warnings"));
        Map<String, Object> broken = Results.parse(result(1, "", "Traceback (most recent call last):\n boom\n"), "python3");
        assertEquals(true, broken.get("failed"));
        assertEquals("MODULE FAILURE\nSee stdout/stderr for the exact error", broken.get("msg"));
        assertEquals(1, broken.get("rc"));
        assertTrue(broken.containsKey("exception"));
        Map<String, Object> noPython = Results.parse(result(127, "", "sh: 1: python3: not found\n"), "python3");
        assertTrue(noPython.get("msg").toString().startsWith("The module failed to execute correctly, you probably need"
                + " to set the interpreter."));
    }

    @Test
    void oldStyleArgumentsAreKeyValueWordsAsPythonPrintsThem() {
        Map<String, Object> args = new java.util.LinkedHashMap<>();
        args.put("text", "a b");
        args.put("flag", true);
        args.put("none", null);
        args.put("list", List.of(1, "x"));
        assertEquals("text='a b' flag=True none=None list='[1, '\"'\"'x'\"'\"']' ", Results.keyValues(args));
    }

    private static ExecResult result(int rc, String out, String err) {
        return new ExecResult(rc, out, err, false);
    }
}
