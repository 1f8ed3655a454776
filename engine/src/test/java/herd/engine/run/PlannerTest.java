package herd.engine.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import herd.engine.inventory.Host;
import herd.engine.inventory.Inventory;
import herd.engine.inventory.YamlInventory;
import herd.engine.load.InputException;
import herd.engine.load.Position;
import herd.engine.load.Problem;
import herd.engine.playbook.Play;
import herd.engine.playbook.Playbook;
import herd.engine.playbook.PlaybookLoader;
import herd.engine.template.Templates;
import herd.engine.transport.Endpoint;
import herd.engine.transport.SshOption;

class PlannerTest {
    private static final Templates TEMPLATES = new Templates();
    private static final Planner PLANNER = new Planner(TEMPLATES);
    private static final CommandBuilder COMMANDS = new CommandBuilder(TEMPLATES);

    private static final String INVENTORY = """
            all:
              vars:
                who: group-all
                greeting: hello
              children:
                web:
                  vars:
                    who: group-web
                    base: /srv/{{ inventory_hostname }}
                  hosts:
                    web1:
                      ansible_host: 10.0.0.1
                      ansible_port: 2222
                      ansible_user: deploy
                      ansible_ssh_private_key_file: ~/.ssh/herd
                      who: host-web1
                    web2:
                      ansible_host: "{{ inventory_hostname }}.example.com"
                db:
                  hosts:
                    db1:
                      ansible_connection: local
            """;

    @TempDir
    Path dir;

    private Inventory inventory(String yaml) throws IOException {
        Path file = dir.resolve("hosts.yml");
        Files.writeString(file, yaml);
        return YamlInventory.load(file);
    }

    private Path playbookFile(String yaml) throws IOException {
        Path file = dir.resolve("site.yml");
        Files.writeString(file, yaml);
        return file;
    }

    private Playbook playbook(String yaml) throws IOException {
        return PlaybookLoader.load(playbookFile(yaml));
    }

    private static List<String> names(PlannedPlay play) {
        return play.hosts().stream().map(Host::name).toList();
    }

    private static List<String> rendered(InputException e) {
        return e.problems().stream().map(p -> p.position() + ": " + p.message()).toList();
    }

    /** The command the runner would send to a host for the play's first task. */
    private static String commandFor(Plan plan, int play, String host) throws TemplateProblem {
        PlannedPlay planned = plan.plays().get(play);
        Host h = planned.hosts().stream().filter(x -> x.name().equals(host)).findFirst().orElseThrow();
        Map<String, Object> vars = Scope.of(plan.inventory(), h, planned.play(), names(planned), plan.extraVars());
        return CommandBuilderTest.prepare(COMMANDS, planned.play(), planned.play().tasks().getFirst(), TEMPLATES.lazy(vars))
                .command();
    }

    private static final String TWO_PLAYS = """
            - hosts: web
              tasks:
                - command: uptime
            - hosts: all
              tasks:
                - command: uptime
            """;

    @Test
    void eachPlayGetsTheHostsOfItsPatternInInventoryOrder() throws IOException {
        Plan plan = PLANNER.plan(playbook(TWO_PLAYS), inventory(INVENTORY), Optional.empty(), Map.of());
        assertEquals(2, plan.plays().size());
        assertEquals(List.of("web1", "web2"), names(plan.plays().get(0)));
        assertEquals(List.of("web1", "web2", "db1"), names(plan.plays().get(1)));
        assertEquals(List.of("web1", "web2", "db1"), List.copyOf(plan.endpoints().keySet()));
    }

    @Test
    void limitNarrowsEveryPlay() throws IOException {
        Plan plan = PLANNER.plan(playbook(TWO_PLAYS), inventory(INVENTORY), Optional.of("web2,db1"), Map.of());
        assertEquals(List.of("web2"), names(plan.plays().get(0)));
        assertEquals(List.of("web2", "db1"), names(plan.plays().get(1)));
        assertEquals(List.of("web2", "db1"), List.copyOf(plan.endpoints().keySet()));

        Plan excluded = PLANNER.plan(playbook(TWO_PLAYS), inventory(INVENTORY), Optional.of("all:!web1"), Map.of());
        assertEquals(List.of("web2"), names(excluded.plays().get(0)));
        assertEquals(List.of("web2", "db1"), names(excluded.plays().get(1)));
    }

    @Test
    void aPlayThatMatchesNoHostIsPlannedEmpty() throws IOException {
        Plan plan = PLANNER.plan(playbook(TWO_PLAYS), inventory(INVENTORY), Optional.of("db1"), Map.of());
        assertEquals(List.of(), names(plan.plays().get(0)));
        assertEquals(List.of("db1"), names(plan.plays().get(1)));
    }

    @Test
    void endpointsComeFromConnectionVariables() throws IOException {
        Plan plan = PLANNER.plan(playbook(TWO_PLAYS), inventory(INVENTORY), Optional.empty(), Map.of());
        assertEquals(new Endpoint("web1", Endpoint.Kind.SSH, "10.0.0.1", 2222, Optional.of("deploy"),
                        Optional.of(Path.of(System.getProperty("user.home"), ".ssh", "herd"))),
                plan.endpoints().get("web1"));
        assertEquals(new Endpoint("db1", Endpoint.Kind.LOCAL, "db1", Optional.empty(), Optional.empty(), Optional.empty(),
                        List.of()),
                plan.endpoints().get("db1"));
    }

    @Test
    void aTemplatedConnectionVariableIsFilled() throws IOException {
        Plan plan = PLANNER.plan(playbook(TWO_PLAYS), inventory(INVENTORY), Optional.empty(), Map.of());
        assertEquals(new Endpoint("web2", Endpoint.Kind.SSH, "web2.example.com", Optional.empty(), Optional.empty(),
                        Optional.empty(), List.of()), plan.endpoints().get("web2"));
    }

    @Test
    void sshArgumentsBecomeOptionsInOrderAndOthersAreSkipped() throws IOException {
        Plan plan = PLANNER.plan(playbook(TWO_PLAYS), inventory(INVENTORY), Optional.of("web2"),
                Map.of("ansible_ssh_common_args", "-o ProxyJump=deploy@bastion:2222 -o 'StrictHostKeyChecking accept-new'"
                                + " -o ForwardAgent=yes -C -L 8080:localhost:80 -oUserKnownHostsFile=/kh",
                        "ansible_ssh_extra_args", "-J b2 -p2200 -l admin -i ~/k -o Port=1"));
        assertEquals(List.of(
                        new SshOption("proxyjump", "deploy@bastion:2222", "ansible_ssh_common_args"),
                        new SshOption("stricthostkeychecking", "accept-new", "ansible_ssh_common_args"),
                        new SshOption("userknownhostsfile", "/kh", "ansible_ssh_common_args"),
                        new SshOption("proxyjump", "b2", "ansible_ssh_extra_args"),
                        new SshOption("port", "2200", "ansible_ssh_extra_args"),
                        new SshOption("user", "admin", "ansible_ssh_extra_args"),
                        new SshOption("identityfile", "~/k", "ansible_ssh_extra_args"),
                        new SshOption("port", "1", "ansible_ssh_extra_args")),
                plan.endpoints().get("web2").sshOptions());
    }

    @Test
    void aProxyCommandInTheSshArgumentsIsAProblem() throws IOException {
        Path file = playbookFile(TWO_PLAYS);
        InputException e = assertThrows(InputException.class, () -> PLANNER.plan(PlaybookLoader.load(file),
                inventory(INVENTORY), Optional.of("web2"),
                Map.of("ansible_ssh_common_args", "-o ProxyCommand='ssh -W %h:%p bastion'")));
        String message = ": host web2: ansible_ssh_common_args '-o ProxyCommand='ssh -W %h:%p bastion''"
                + ": -o ProxyCommand is not supported by herd; use -o ProxyJump=[user@]host[:port] (or -J) to go through"
                + " a jump host (for host web2)";
        // web2 is in both plays, each of which checks how it is reached
        assertEquals(List.of(file + ":1:3" + message, file + ":4:3" + message), rendered(e));
    }

    @Test
    void extraVariablesCanSetConnectionVariables() throws IOException {
        Plan plan = PLANNER.plan(playbook(TWO_PLAYS), inventory(INVENTORY), Optional.of("web1"),
                Map.of("ansible_user", "admin", "ansible_port", "2200"));
        assertEquals(new Endpoint("web1", Endpoint.Kind.SSH, "10.0.0.1", 2200, Optional.of("admin"),
                Optional.of(Path.of(System.getProperty("user.home"), ".ssh", "herd"))), plan.endpoints().get("web1"));
    }

    @Test
    void aBadPortIsAProblemNamingTheHost() throws IOException {
        Path file = playbookFile(TWO_PLAYS);
        Inventory inventory = inventory("""
                all:
                  hosts:
                    web1:
                      ansible_port: ssh
                    web2:
                      ansible_port: 70000
                    web3:
                      ansible_connection: winrm
                """);
        InputException e = assertThrows(InputException.class,
                () -> PLANNER.plan(PlaybookLoader.load(file), inventory, Optional.empty(), Map.of()));
        assertEquals(List.of(
                        file + ":4:3: host web1: ansible_port 'ssh' is not a port number (for host web1)",
                        file + ":4:3: host web2: ansible_port '70000' is not a port number (for host web2)",
                        file + ":4:3: host web3: ansible_connection 'winrm' is not supported; herd connects with"
                                + " 'ssh' or 'local' (for host web3)"),
                rendered(e));
    }

    @Test
    void anUndefinedVariableIsReportedOnceAtItsValueNamingTheFirstHost() throws IOException {
        Path file = playbookFile("""
                - hosts: web
                  tasks:
                    - name: greet
                      command: echo {{ nope }}
                """);
        InputException e = assertThrows(InputException.class,
                () -> PLANNER.plan(PlaybookLoader.load(file), inventory(INVENTORY), Optional.empty(), Map.of()));
        assertEquals(1, e.problems().size());
        Problem problem = e.problems().getFirst();
        assertEquals(new Position(file, 4, 16), problem.position());
        assertEquals("'nope' is undefined (for host web1)", problem.message());
        assertEquals(file + ":4:16: 'nope' is undefined (for host web1)\n"
                + "          command: echo {{ nope }}\n"
                + "                   ^ here", problem.render());
    }

    @Test
    void anUndefinedVariableNamesAHostTheLimitKept() throws IOException {
        Path file = playbookFile("""
                - hosts: web
                  tasks:
                    - command: echo {{ nope }}
                """);
        InputException e = assertThrows(InputException.class,
                () -> PLANNER.plan(PlaybookLoader.load(file), inventory(INVENTORY), Optional.of("web2"), Map.of()));
        assertEquals(List.of(file + ":3:16: 'nope' is undefined (for host web2)"), rendered(e));
    }

    @Test
    void aVariableDefinedOnOneHostOnlyFailsForTheOthers() throws IOException {
        Path file = playbookFile("""
                - hosts: web
                  tasks:
                    - command: ssh {{ ansible_user }}@{{ ansible_host }}
                """);
        InputException e = assertThrows(InputException.class,
                () -> PLANNER.plan(PlaybookLoader.load(file), inventory(INVENTORY), Optional.empty(), Map.of()));
        assertEquals(List.of(file + ":3:16: 'ansible_user' is undefined (for host web2)"), rendered(e));
    }

    @Test
    void everyTemplateOfEveryTaskIsCheckedBeforeAnythingRuns() throws IOException {
        Path file = playbookFile("""
                - hosts: all
                  tasks:
                    - name: "restart {{ service }}"
                      command: echo ok
                    - command:
                        cmd: ls
                        chdir: "{{ app_dir }}"
                    - shell: echo {{ greeting }} {{ missing }}
                      become: true
                      become_user: "{{ svc_user }}"
                """);
        InputException e = assertThrows(InputException.class,
                () -> PLANNER.plan(PlaybookLoader.load(file), inventory(INVENTORY), Optional.empty(), Map.of()));
        assertEquals(List.of(
                        file + ":3:13: 'service' is undefined (for host web1)",
                        file + ":7:16: 'app_dir' is undefined (for host web1)",
                        file + ":8:14: 'missing' is undefined (for host web1)",
                        file + ":10:20: 'svc_user' is undefined (for host web1)"),
                rendered(e));
    }

    @Test

    void everyBadTemplateOfOneTaskIsReported() throws IOException {
        Path file = playbookFile("""
                - hosts: web1
                  tasks:
                    - shell: echo {{ missing }}
                      become: true
                      become_user: "{{ svc_user }}"
                """);
        InputException e = assertThrows(InputException.class,
                () -> PLANNER.plan(PlaybookLoader.load(file), inventory(INVENTORY), Optional.empty(), Map.of()));
        assertEquals(List.of(
                        file + ":3:14: 'missing' is undefined (for host web1)",
                        file + ":5:20: 'svc_user' is undefined (for host web1)"),
                rendered(e));
    }

    @Test
    void hostsMayUseExtraVariablesOnly() throws IOException {
        String yaml = """
                - hosts: "{{ target }}"
                  tasks:
                    - command: uptime
                """;
        Plan plan = PLANNER.plan(playbook(yaml), inventory(INVENTORY), Optional.empty(), Map.of("target", "db"));
        assertEquals(List.of("db1"), names(plan.plays().getFirst()));

        Path file = playbookFile(yaml);
        InputException e = assertThrows(InputException.class,
                () -> PLANNER.plan(PlaybookLoader.load(file), inventory(INVENTORY), Optional.empty(), Map.of()));
        Problem problem = e.problems().getFirst();
        assertEquals(file + ":1:10: 'target' is undefined in the play's 'hosts'",
                problem.position() + ": " + problem.message());
        assertEquals(Optional.of("only extra variables (-e) can be used in 'hosts'"), problem.hint());
    }

    @Test
    void variablesFollowAnsiblePrecedence() throws Exception {
        String yaml = """
                - hosts: web
                  gather_facts: false
                  tasks:
                    - command: echo {{ who }}
                """;
        Plan inventoryOnly = PLANNER.plan(playbook(yaml), inventory(INVENTORY), Optional.empty(), Map.of());
        assertEquals("/bin/sh -c 'echo host-web1'", commandFor(inventoryOnly, 0, "web1"), "host over group");
        assertEquals("/bin/sh -c 'echo group-web'", commandFor(inventoryOnly, 0, "web2"), "child group over all");

        String withPlayVars = """
                - hosts: web
                  gather_facts: false
                  vars:
                    who: play
                  tasks:
                    - command: echo {{ who }}
                """;
        Plan play = PLANNER.plan(playbook(withPlayVars), inventory(INVENTORY), Optional.empty(), Map.of());
        assertEquals("/bin/sh -c 'echo play'", commandFor(play, 0, "web1"), "play over host");

        Plan extra = PLANNER.plan(playbook(withPlayVars), inventory(INVENTORY), Optional.empty(), Map.of("who", "extra"));
        assertEquals("/bin/sh -c 'echo extra'", commandFor(extra, 0, "web1"), "extra over play");
        assertEquals("/bin/sh -c 'echo extra'", commandFor(extra, 0, "web2"));
    }

    @Test
    void theScopeHoldsMergedVariablesAndMagicVariables() throws IOException {
        Inventory inventory = inventory(INVENTORY);
        Play play = playbook("""
                - hosts: web
                  gather_facts: false
                  vars:
                    greeting: hi
                  tasks:
                    - command: uptime
                """).plays().getFirst();
        Map<String, Object> vars = Scope.of(inventory, inventory.host("web1").orElseThrow(), play,
                List.of("web1", "web2"), Map.of("extra", true));

        assertEquals("host-web1", vars.get("who"));
        assertEquals("hi", vars.get("greeting"));
        assertEquals(true, vars.get("extra"));
        assertEquals(2222L, vars.get("ansible_port"));
        assertEquals("web1", vars.get("inventory_hostname"));
        assertEquals(List.of("web"), vars.get("group_names"));
        assertEquals(List.of("web1", "web2"), vars.get("play_hosts"));
        assertEquals(List.of("web1", "web2"), vars.get("ansible_play_hosts"));
        assertEquals(Map.of("all", List.of("web1", "web2", "db1"), "ungrouped", List.of(),
                "web", List.of("web1", "web2"), "db", List.of("db1")), vars.get("groups"));
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> hostvars = (Map<String, Map<String, Object>>) vars.get("hostvars");
        assertEquals("10.0.0.1", hostvars.get("web1").get("ansible_host"));
        assertEquals("local", hostvars.get("db1").get("ansible_connection"));
    }

    @Test
    void theShortHostnameIsTheFirstLabel() throws IOException {
        Inventory inventory = inventory("""
                all:
                  hosts:
                    web1.example.com:
                """);
        Play play = playbook(TWO_PLAYS).plays().getFirst();
        Map<String, Object> vars = Scope.of(inventory, inventory.host("web1.example.com").orElseThrow(), play,
                List.of(), Map.of());
        assertEquals("web1", vars.get("inventory_hostname_short"));
    }

    @Test
    void nestedTemplatesResolveAcrossPlayAndInventoryVariables() throws Exception {
        String yaml = """
                - hosts: web
                  gather_facts: false
                  vars:
                    app: "{{ base }}/app"
                    cmd: "ls {{ app }} {{ hostvars['web1'].ansible_host }}"
                  tasks:
                    - command: "{{ cmd }}"
                """;
        Plan plan = PLANNER.plan(playbook(yaml), inventory(INVENTORY), Optional.empty(), Map.of());
        assertEquals("/bin/sh -c 'ls /srv/web1/app 10.0.0.1'", commandFor(plan, 0, "web1"));
        assertEquals("/bin/sh -c 'ls /srv/web2/app 10.0.0.1'", commandFor(plan, 0, "web2"));
    }

    @Test
    void aRecursiveVariableIsAProblem() throws IOException {
        Path file = playbookFile("""
                - hosts: web
                  vars:
                    a: "{{ b }}"
                    b: "{{ a }}"
                  tasks:
                    - command: echo {{ a }}
                """);
        InputException e = assertThrows(InputException.class,
                () -> PLANNER.plan(PlaybookLoader.load(file), inventory(INVENTORY), Optional.empty(), Map.of()));
        assertEquals(List.of(file + ":6:16: recursive loop detected in template of 'a' (for host web1)"), rendered(e));
    }

    @Test
    void aLaterPlayCannotSilentlyConnectDifferently() throws IOException {
        Path file = playbookFile("""
                - hosts: web1
                  vars:
                    ansible_user: root
                  tasks:
                    - command: bootstrap
                - hosts: web1
                  tasks:
                    - command: deploy
                """);
        Plan plan;
        try {
            plan = PLANNER.plan(PlaybookLoader.load(file), inventory(INVENTORY), Optional.empty(), Map.of());
        } catch (InputException e) {
            assertTrue(e.getMessage().contains("web1"), e.getMessage());
            return;
        }
        assertEquals(Optional.of("deploy"), plan.endpoints().get("web1").user(),
                "play 2 connects as the inventory's deploy; the plan has one endpoint for both plays, as root");
    }

    @Test
    void registeredAndSetFactNamesAreKnownWhilePlanning() throws IOException {
        Plan plan = PLANNER.plan(playbook("""
                - hosts: web
                  tasks:
                    - command: cat VERSION
                      register: version
                    - set_fact:
                        release: "{{ version.stdout }}-1"
                    - command: echo {{ release }} {{ version.rc }} {{ version.stdout | upper }}
                      changed_when: version.rc != 0
                - hosts: db
                  tasks:
                    - command: echo {{ release }}
                """), inventory(INVENTORY), Optional.empty(), Map.of());
        assertEquals(2, plan.plays().size());
    }

    @Test
    void aConditionOfTheTaskMaySeeItsOwnRegisteredResult() throws IOException {
        Plan plan = PLANNER.plan(playbook("""
                - hosts: web1
                  tasks:
                    - command: bin/status
                      register: s
                      until: "'ready' in s.stdout"
                      retries: 2
                      delay: 0
                      failed_when: s.rc > 1
                """), inventory(INVENTORY), Optional.empty(), Map.of());
        assertEquals(List.of("web1"), names(plan.plays().getFirst()));
    }

    @Test
    void aGuardedTaskIsNotCheckedForUndefinedVariables() throws IOException {
        Path file = playbookFile("""
                - hosts: web
                  tasks:
                    - command: echo {{ only_on_some_hosts }}
                      when: only_on_some_hosts is defined
                    - command: echo {{ only_on_some_hosts }}
                """);
        InputException e = assertThrows(InputException.class,
                () -> PLANNER.plan(PlaybookLoader.load(file), inventory(INVENTORY), Optional.empty(), Map.of()));
        assertEquals(List.of(file + ":5:16: 'only_on_some_hosts' is undefined (for host web1)"), rendered(e));
    }

    @Test
    void aGuardedTaskIsStillCheckedForSyntaxErrors() throws IOException {
        Path file = playbookFile("""
                - hosts: web1
                  tasks:
                    - command: echo {{ 1 + }}
                      when: true
                """);
        InputException e = assertThrows(InputException.class,
                () -> PLANNER.plan(PlaybookLoader.load(file), inventory(INVENTORY), Optional.empty(), Map.of()));
        assertEquals(1, e.problems().size());
        assertEquals(new Position(file, 3, 16), e.problems().getFirst().position());
        assertTrue(e.problems().getFirst().message().startsWith("Error parsing '1 +'"), rendered(e).toString());
    }

    @Test
    void moduleArgumentsAndAssertionsAreCheckedAtTheModule() throws IOException {
        Path file = playbookFile("""
                - hosts: web1
                  tasks:
                    - uri:
                        url: "http://{{ nope }}/"
                    - assert:
                        that:
                          - greeting == 'hello'
                          - missing_flag
                    - debug:
                        msg: "{{ greeting }} {{ inventory_hostname }}"
                """);
        InputException e = assertThrows(InputException.class,
                () -> PLANNER.plan(PlaybookLoader.load(file), inventory(INVENTORY), Optional.empty(), Map.of()));
        assertEquals(List.of(
                        file + ":4:9: 'nope' is undefined (for host web1)",
                        file + ":6:9: 'missing_flag' is undefined (for host web1)"),
                rendered(e));
    }

    @Test
    void aConditionWithAnUndefinedVariableIsAProblem() throws IOException {
        Path file = playbookFile("""
                - hosts: web1
                  tasks:
                    - command: ls
                      register: r
                      changed_when: not_there
                """);
        InputException e = assertThrows(InputException.class,
                () -> PLANNER.plan(PlaybookLoader.load(file), inventory(INVENTORY), Optional.empty(), Map.of()));
        assertEquals(List.of(file + ":5:21: 'not_there' is undefined (for host web1)"), rendered(e));
    }
}
