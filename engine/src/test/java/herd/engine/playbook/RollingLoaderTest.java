package herd.engine.playbook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import herd.engine.load.InputException;
import herd.engine.load.Position;
import herd.engine.load.Problem;

/** serial, max_fail_percentage and any_errors_fatal as the loader reads them, and the problems it reports. */
class RollingLoaderTest {
    private static final String SERIAL_HINT = "write serial: 1, serial: \"30%\" or serial: [1, 2, \"50%\"]";

    @TempDir
    Path dir;

    private Path write(String text) throws IOException {
        Path file = dir.resolve("site.yml");
        Files.writeString(file, text);
        return file;
    }

    private Rolling rolling(String playKeys) throws IOException {
        Path file = write("- hosts: all\n" + playKeys + "  tasks: []\n");
        return PlaybookLoader.load(file).plays().getFirst().rolling();
    }

    private static List<String> serial(Rolling rolling) {
        return rolling.serial().stream().map(Text::raw).toList();
    }

    private List<Problem> problems(String playKeys) throws IOException {
        Path file = write("- hosts: all\n" + playKeys + "  tasks: []\n");
        return assertThrows(InputException.class, () -> PlaybookLoader.load(file)).problems();
    }

    private Problem onlyProblem(String playKeys) throws IOException {
        List<Problem> problems = problems(playKeys);
        assertEquals(1, problems.size(), () -> problems.stream().map(Problem::render).toList().toString());
        return problems.getFirst();
    }

    private String at(int line, int column) {
        return dir.resolve("site.yml") + ":" + line + ":" + column;
    }

    private static String where(Problem problem) {
        return problem.position() + ": " + problem.message();
    }

    @Test
    void aPlayWithoutRollingKeywordsRunsAsOneBatch() throws IOException {
        Rolling rolling = rolling("");
        assertEquals(Rolling.NONE, rolling);
        assertFalse(rolling.isRolling());
    }

    @Test
    void serialAsANumber() throws IOException {
        Rolling rolling = rolling("  serial: 1\n");
        assertEquals(List.of(new Text("1", new Position(dir.resolve("site.yml"), 2, 11))), rolling.serial());
        assertTrue(rolling.isRolling());
    }

    @Test
    void serialAsAPercentage() throws IOException {
        assertEquals(List.of("30%"), serial(rolling("  serial: \"30%\"\n")));
        assertEquals(List.of("30%"), serial(rolling("  serial: 30%\n")), "YAML reads 30% unquoted as text");
    }

    @Test
    void serialAsAListOfNumbersAndPercentages() throws IOException {
        assertEquals(List.of("1", "2", "50%"), serial(rolling("  serial: [1, 2, \"50%\"]\n")));
        assertEquals(List.of("1", "25%"), serial(rolling("  serial:\n    - 1\n    - 25%\n")));
    }

    @Test
    void serialAsATemplateIsDecidedWhenTheRunGetsThere() throws IOException {
        assertEquals(List.of("{{ batch }}"), serial(rolling("  serial: \"{{ batch }}\"\n")));
        assertEquals(List.of("1", "{{ rest }}"), serial(rolling("  serial: [1, \"{{ rest }}\"]\n")));
    }

    @Test
    void serialThatIsNoNumberIsAProblemAtItsValue() throws IOException {
        Problem problem = onlyProblem("  serial: fast\n");
        assertEquals(at(2, 11) + ": 'serial' takes a number of hosts, a percentage or a list of them, not 'fast'",
                where(problem));
        assertEquals(Optional.of(SERIAL_HINT), problem.hint());
    }

    @Test
    void serialAsAMappingIsAProblem() throws IOException {
        Problem problem = onlyProblem("  serial:\n    size: 2\n");
        assertEquals(at(3, 5) + ": 'serial' takes a number of hosts, a percentage or a list of them, not 'mapping'",
                where(problem));
    }

    @Test
    void aBadItemOfASerialListIsReportedAtTheItem() throws IOException {
        assertEquals(at(2, 15) + ": 'serial' takes a number of hosts, a percentage or a list of them, not 'half'",
                where(onlyProblem("  serial: [1, half]\n")));
    }

    @Test
    void negativeFractionalAndSpacedSerialAreProblems() throws IOException {
        assertEquals(1, problems("  serial: -1\n").size());
        assertEquals(1, problems("  serial: 2.5\n").size());
        assertEquals(1, problems("  serial: \"30 %\"\n").size());
    }

    @Test
    void maxFailPercentageAndAnyErrorsFatal() throws IOException {
        Rolling rolling = rolling("  serial: 2\n  max_fail_percentage: 25\n  any_errors_fatal: true\n");
        assertEquals(Optional.of(25), rolling.maxFailPercentage());
        assertTrue(rolling.anyErrorsFatal());
        assertEquals(Optional.of(0), rolling("  max_fail_percentage: 0\n").maxFailPercentage());
        assertEquals(Optional.of(100), rolling("  max_fail_percentage: 100\n").maxFailPercentage());
        assertFalse(rolling("  any_errors_fatal: no\n").anyErrorsFatal());
    }

    @Test
    void maxFailPercentageOutOfRangeIsAProblem() throws IOException {
        assertEquals(at(2, 24) + ": 'max_fail_percentage' must be between 0 and 100",
                where(onlyProblem("  max_fail_percentage: 101\n")));
        assertEquals(at(2, 24) + ": 'max_fail_percentage' must be between 0 and 100",
                where(onlyProblem("  max_fail_percentage: -5\n")));
    }

    @Test
    void maxFailPercentageMustBeAWholeNumber() throws IOException {
        assertEquals(at(2, 24) + ": 'max_fail_percentage' must be a whole number, not 'many'",
                where(onlyProblem("  max_fail_percentage: many\n")));
    }

    @Test
    void anyErrorsFatalMustBeABoolean() throws IOException {
        assertEquals(at(2, 21) + ": 'any_errors_fatal' must be a boolean, not 'sometimes'",
                where(onlyProblem("  any_errors_fatal: sometimes\n")));
    }
}
