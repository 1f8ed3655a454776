package herd.it;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import herd.it.compare.AnsibleRun;
import herd.it.compare.Comparison;
import herd.it.compare.HerdReport;
import herd.it.compare.Observed;
import herd.testbed.TestHost;
import herd.testbed.TestKeys;

/**
 * herd claims to run the operations part of Ansible's playbook language with the same meaning.
 * Every playbook in {@code src/test/resources/playbook-corpus/} (its README says how to add one) runs
 * with Debian's ansible-playbook 2.14 and with herd, on the same three OpenSSH containers and the
 * same inventory; then, per host, play and task: the status (ignored failures included), exit code,
 * stdout and stderr of commands, every loop item, what debug/fail/assert printed, why a step was
 * skipped, the recap and the exit code must agree. Any difference fails the case with a line per
 * difference, Ansible's value first; both tools' raw reports stay in {@code target/playbook-corpus-runs/}.
 *
 * <p>The whole recap is compared, as Ansible counts it: an ignored failure counts as {@code ok} and
 * {@code ignored} (and {@code changed} when its result changed), an include_tasks as {@code ok}
 * (ansible/plugins/strategy/__init__.py, 2.14). What is not compared: timings, Ansible's own result
 * fields that herd does not report (cmd, invocation, start/end/delta; a case can debug them), and
 * how a standalone list or mapping is written (see {@code Rendering}).
 */
class AnsibleComparisonTest {
    /**
     * Cases that cannot agree until herd supports what they use: case file -> what is missing. The
     * differences of these cases are printed loudly on every run instead of failing it; a case that
     * starts to agree fails until it is taken off this list, so the list never lies. Nothing else
     * may go here: a difference on a feature herd claims to support is a failing case.
     */
    private static final Map<String, String> EXPECTED_TO_FAIL = Map.of();

    private static final Path CORPUS = corpus();
    private static final Path RUNS = Path.of("target/playbook-corpus-runs");
    private static final List<TestHost> HOSTS = new ArrayList<>();
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    private static Path inventory;
    private static Path knownHosts;
    private static AnsibleRun ansible;

    @BeforeAll
    static void startHosts() throws IOException {
        AnsibleRun.requireInstalled();
        for (int i = 1; i <= 3; i++) {
            TestHost host = TestHost.start();
            HOSTS.add(host);
            // Lets a delegated task show on which machine it ran.
            host.sh("echo c" + i + " > /etc/compare-id");
        }
        knownHosts = TestHost.writeKnownHosts(dir.resolve("known_hosts"), HOSTS.toArray(TestHost[]::new));
        inventory = dir.resolve("inventory.yml");
        Files.writeString(inventory, inventory());
        ansible = new AnsibleRun(dir.resolve("ansible"), knownHosts);
    }

    @AfterAll
    static void stopHosts() {
        HOSTS.forEach(TestHost::close);
    }

    /**
     * One inventory for both tools: h1, h2 in web, h3 in db, both under cluster, with variables at
     * every level so precedence shows; h9 in ghost is a port nobody listens on (unreachable).
     */
    private static String inventory() {
        return """
                all:
                  vars:
                    ansible_user: deploy
                    ansible_ssh_private_key_file: %s
                    site: example.org
                    color: blue
                    tier: none
                    ports: [8080, 8081]
                  children:
                    web:
                      vars:
                        color: green
                        tier: front
                      hosts:
                        h1: {ansible_host: %s, ansible_port: %d, rank: 1}
                        h2: {ansible_host: %s, ansible_port: %d, rank: 2}
                    db:
                      vars:
                        tier: back
                      hosts:
                        h3: {ansible_host: %s, ansible_port: %d, rank: 3}
                    cluster:
                      vars:
                        color: red
                        flavour: plain
                      children:
                        web:
                        db:
                    ghost:
                      hosts:
                        h9: {ansible_host: 127.0.0.1, ansible_port: 1}
                """.formatted(TestKeys.privateKey(), HOSTS.get(0).address(), HOSTS.get(0).port(),
                HOSTS.get(1).address(), HOSTS.get(1).port(), HOSTS.get(2).address(), HOSTS.get(2).port());
    }

    @TestFactory
    Stream<DynamicTest> everyCaseMeansTheSameToHerdAsToAnsible() throws IOException {
        List<Path> cases;
        try (Stream<Path> files = Files.list(CORPUS)) {
            cases = files.filter(f -> f.getFileName().toString().endsWith(".yml")).sorted().toList();
        }
        if (cases.size() < 12) {
            fail("the corpus " + CORPUS + " has only " + cases.size() + " cases");
        }
        for (String name : EXPECTED_TO_FAIL.keySet()) {
            if (cases.stream().noneMatch(c -> c.getFileName().toString().equals(name))) {
                fail("EXPECTED_TO_FAIL names " + name + ", which is not in " + CORPUS);
            }
        }
        // -Dherd.compare.only=a.yml,b.yml runs only those cases, while working on them
        List<String> only = List.of(System.getProperty("herd.compare.only", "").split(",")).stream()
                .filter(n -> !n.isBlank()).toList();
        return cases.stream().filter(c -> only.isEmpty() || only.contains(c.getFileName().toString()))
                .map(c -> DynamicTest.dynamicTest(c.getFileName().toString(), () -> runCase(c)));
    }

    private void runCase(Path playbook) throws Exception {
        String name = playbook.getFileName().toString();
        Path out = RUNS.resolve(name.replace(".yml", ""));
        List<String> args = args(playbook);

        resetHosts();
        AnsibleRun.Result reference = ansible.run(playbook, inventory, args, out);
        resetHosts();
        Observed herd = runHerd(playbook, args, out);

        List<String> differences = Comparison.of(reference.observed(), herd,
                args.contains("--diff") || args.contains("-D"));
        String report = name + (args.isEmpty() ? "" : " (args: " + String.join(" ", args) + ")") + ": "
                + differences.size() + " difference(s) between ansible-playbook and herd:\n  "
                + String.join("\n  ", differences) + "\n  (both reports: " + out.toAbsolutePath() + ")";
        String gap = EXPECTED_TO_FAIL.get(name);
        if (gap == null) {
            if (!differences.isEmpty()) {
                fail(report);
            }
            return;
        }
        if (differences.isEmpty()) {
            fail(name + " now behaves as in Ansible: take it off AnsibleComparisonTest.EXPECTED_TO_FAIL");
        }
        System.err.println("""

                !!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!
                !!! KNOWN GAP, expected to fail until herd supports it: %s
                !!! %s
                !!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!
                """.formatted(gap, report));
    }

    private Observed runHerd(Path playbook, List<String> args, Path out) throws IOException {
        Path json = out.resolve("herd.json");
        Files.deleteIfExists(json);
        List<String> command = new ArrayList<>(List.of("run", playbook.toString(), "-i", inventory.toString(),
                "--known-hosts", knownHosts.toString(), "--json", json.toString(), "--no-color"));
        command.addAll(args);
        CliRun run = CliRun.of(command.toArray(String[]::new));
        Files.writeString(out.resolve("herd.out.txt"), run.toString());
        if (!Files.exists(json)) {
            // herd refused the playbook (exit 4/5): every step of Ansible's is then missing, and
            // herd's own message says why.
            System.err.println(playbook.getFileName() + ": herd wrote no report:\n" + run);
            return new Observed(run.exitCode(), Map.of(), Map.of());
        }
        JsonNode doc = JSON.readTree(json.toFile());
        return HerdReport.parse(run.exitCode(), doc);
    }

    /** Lines "# args: ..." at the top of a case: command-line words given to both tools, split at spaces. */
    private static List<String> args(Path playbook) throws IOException {
        List<String> args = new ArrayList<>();
        for (String line : Files.readAllLines(playbook)) {
            if (!line.startsWith("#")) {
                break;
            }
            if (line.startsWith("# args:")) {
                args.addAll(Arrays.stream(line.substring("# args:".length()).trim().split("\\s+"))
                        .filter(w -> !w.isEmpty()).toList());
            }
        }
        return args;
    }

    /** Each run starts from the same state: an empty, world-writable /tmp/compare on every host. */
    private static void resetHosts() {
        for (TestHost host : HOSTS) {
            host.sh("rm -rf /tmp/compare /tmp/.ansible-compare && install -d -m 1777 /tmp/compare");
        }
    }

    private static Path corpus() {
        try {
            return Path.of(AnsibleComparisonTest.class.getResource("/playbook-corpus").toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("the corpus src/test/resources/playbook-corpus is not on the class path", e);
        }
    }
}
